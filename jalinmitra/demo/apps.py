from django.apps import AppConfig


class DemoConfig(AppConfig):
    """The demo programme of Kota Metro (`manage.py demo`). The top layer: it builds its data
    through every app's services, and no app imports it."""

    name = "jalinmitra.demo"
    label = "demo"
    verbose_name = "Demo"
