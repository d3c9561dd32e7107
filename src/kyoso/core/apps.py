from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    name = "kyoso.core"
    label = "core"
    verbose_name = _("Kyoso")

    def ready(self) -> None:
        from kyoso.core import checks  # noqa: F401  (registers the deploy checks)
        from kyoso.core.navigation import NavItem, register_nav

        register_nav(NavItem(_("Dashboard"), "core:dashboard", order=0))

        from django.apps import apps
        from django.db.models.signals import pre_save

        from kyoso.core.input_checks import check_before_save

        # Every Kyoso model, present and future: no save stores a value a database cannot hold.
        for model in apps.get_models():
            if model.__module__.startswith("kyoso."):
                pre_save.connect(
                    check_before_save, sender=model, dispatch_uid=f"input_checks:{model._meta.label}"
                )
