from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


def _corporate_answered(workspace: object) -> bool:
    from kyoso.alignment.models import AlignmentAnswer, Side

    return AlignmentAnswer.objects.filter(
        round__project__workspace=workspace, side=Side.CORPORATE, submitted_at__isnull=False
    ).exists()


class AlignmentConfig(AppConfig):
    name = "kyoso.alignment"
    label = "alignment"
    verbose_name = _("Alignment check")

    def ready(self) -> None:
        from kyoso.alignment.demo import load_demo_alignment
        from kyoso.alignment.selectors import answers_for_snapshot
        from kyoso.core.demo import DemoLoader, register_demo_loader
        from kyoso.core.navigation import FirstRunStep, NavItem, register_first_run_step, register_nav
        from kyoso.projects.snapshot import register_alignment_provider

        register_alignment_provider(answers_for_snapshot)

        register_demo_loader(DemoLoader("alignment_answers", load=load_demo_alignment, order=60))
        # partner=True: partner users of a shared space reach their side of the questionnaire from
        # the menu too; an event participant without a shared space has no questionnaire.
        register_nav(
            NavItem(
                _("Alignment check"), "alignment:index", order=35, partner=True, outside_if=_in_shared_space
            )
        )

        register_first_run_step(
            FirstRunStep(
                "alignment",
                _("Answer the alignment check"),
                "alignment:index",
                done=_corporate_answered,
                order=60,
                help=_(
                    "Your team and the partner answer the same questions separately (goal, timing, decision speed, "
                    "quality, ownership, budget). Differences found now are the cheapest to fix."
                ),
            )
        )


def _in_shared_space(user: object) -> bool:
    from kyoso.accounts.scoping import partner_project_ids

    ids = partner_project_ids(user)
    return ids is not None and ids.exists()
