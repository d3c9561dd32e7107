from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    name = "kyoso.accounts"
    label = "accounts"
    verbose_name = _("Accounts and workspaces")

    def ready(self) -> None:
        from kyoso.accounts.models import Invitation, Membership
        from kyoso.core.navigation import FirstRunStep, NavItem, register_first_run_step, register_nav

        register_nav(NavItem(_("Team"), "accounts:members", order=90))
        register_first_run_step(
            FirstRunStep(
                key="invite_team",
                label=_("Invite the team"),
                url_name="accounts:members",
                done=lambda ws: (
                    Membership.objects.filter(workspace=ws).count() > 1
                    or Invitation.objects.filter(workspace=ws).exists()
                ),
                order=10,
                help=_(
                    "Weak internal backing is one of the six causes of failure: bring in the business unit "
                    "that will own the result and an executive who will sponsor it from the start."
                ),
            )
        )
