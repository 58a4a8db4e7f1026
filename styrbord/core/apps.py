from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    name = "styrbord.core"
    label = "core"
    verbose_name = _("Core")

    def ready(self):
        # Every app's tasks.py registers its background and periodic tasks with huey, in web
        # processes (to enqueue) and workers (to run) alike.
        from django.utils.module_loading import autodiscover_modules

        autodiscover_modules("tasks")
