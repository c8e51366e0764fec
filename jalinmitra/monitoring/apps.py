from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MonitoringConfig(AppConfig):
    """After the signature: deliveries and payments on each active agreement, its health,
    the micro partners' growth and the officers' worklist (issue 10)."""

    name = "jalinmitra.monitoring"
    label = "monitoring"
    verbose_name = _("Pemantauan kemitraan")

    def ready(self) -> None:
        # What monitoring adds to the lower agreements app: the partnership's health and a link
        # to its realisation records on the agreement's page (agreements.hooks).
        from jalinmitra.agreements import hooks
        from jalinmitra.monitoring import selectors

        hooks.register(hooks.agreement_detail_panels, selectors.agreement_detail_panel)

        # The health of the running agreements is cached; any saved or deleted entry or
        # agreement makes the cached summaries unused (selectors.health_stamp).
        from django.db.models.signals import post_delete, post_save

        from jalinmitra.agreements.models import Agreement
        from jalinmitra.monitoring.models import Entry

        for model in (Entry, Agreement):
            post_save.connect(selectors.changed, sender=model, dispatch_uid=f"health-{model}")
            post_delete.connect(selectors.changed, sender=model, dispatch_uid=f"health-del-{model}")
        # Each agreement's health state and its confirmed value per month, kept with every
        # entry written (and the state with every agreement saved: its payment term).
        from jalinmitra.monitoring import state

        post_save.connect(state.entry_changed, sender=Entry, dispatch_uid="entry-state")
        post_delete.connect(state.entry_changed, sender=Entry, dispatch_uid="entry-state-del")
        post_save.connect(state.agreement_changed, sender=Agreement, dispatch_uid="agr-state")
        post_delete.connect(state.agreement_changed, sender=Agreement, dispatch_uid="agr-state-del")
        # So are the dashboard's figures, on a change of any model they read (entries and
        # agreements: through their HealthChange rows, dashboard.figures_stamp).
        from jalinmitra.monitoring import dashboard

        for model in dashboard.figure_models():
            if model in (Entry, Agreement):
                continue
            uid = f"figures-{model._meta.label}"
            post_save.connect(dashboard.figures_changed, sender=model, dispatch_uid=uid)
            post_delete.connect(dashboard.figures_changed, sender=model, dispatch_uid=f"{uid}-del")
