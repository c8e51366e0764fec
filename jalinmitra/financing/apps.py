from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class FinancingConfig(AppConfig):
    """KUR referrals backed by partnerships, and the partner banks' workspace (issue 13)."""

    name = "jalinmitra.financing"
    label = "financing"
    verbose_name = _("Pembiayaan (KUR)")

    def ready(self) -> None:
        # What financing adds to lower apps: the programme's financing figures on the dashboard
        # (monitoring.hooks) and the bank users' home page (core.hooks).
        from jalinmitra.core import hooks as core_hooks
        from jalinmitra.financing import selectors
        from jalinmitra.monitoring import hooks as monitoring_hooks

        monitoring_hooks.register(
            monitoring_hooks.programme_figures, selectors.financing_figures_rows
        )
        core_hooks.register(core_hooks.home_redirects, selectors.home_for)
