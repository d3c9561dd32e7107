from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PartnersConfig(AppConfig):
    name = "kyoso.partners"
    label = "partners"
    verbose_name = _("Partner directory")

    def ready(self) -> None:
        from kyoso.core.demo import DemoLoader, register_demo_loader
        from kyoso.core.global_search import SearchProvider, register_search_provider
        from kyoso.core.navigation import FirstRunStep, NavItem, register_first_run_step, register_nav
        from kyoso.partners import (
            privacy,  # noqa: F401 - registers the personal-data handler
            searchers,
        )
        from kyoso.partners.demo_data import load_demo_partners, load_generated_partners
        from kyoso.partners.models import Need, Organisation

        register_nav(NavItem(_("Partners"), "partners:directory", order=20))
        register_nav(NavItem(_("Needs"), "partners:need_list", order=25))
        register_search_provider(
            SearchProvider(
                "organisations",
                _("Organisations"),
                search=searchers.search_organisations,
                order=10,
                scope="partners",
            )
        )
        register_search_provider(
            SearchProvider("needs", _("Needs"), search=searchers.search_needs, order=20, scope="partners")
        )
        register_first_run_step(
            FirstRunStep(
                "import_partners",
                _("Import partners"),
                "partners:import",
                done=lambda ws: Organisation.objects.filter(workspace=ws).exists(),
                order=20,
                help=_(
                    "Bring your list of startups and partners from Excel or CSV, so search and fit scores have something to work on."
                ),
            )
        )
        register_first_run_step(
            FirstRunStep(
                "first_need",
                _("Write the first need"),
                "partners:need_create",
                done=lambda ws: Need.objects.filter(workspace=ws).exists(),
                order=25,
                help=_(
                    "Say what you look for, why and by when; Kyoso ranks candidates against it and explains why."
                ),
            )
        )
        register_demo_loader(DemoLoader("partners", load=load_demo_partners, order=10))
        register_demo_loader(DemoLoader("partners-generated", load=load_generated_partners, order=11))
