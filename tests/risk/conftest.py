from tests.alignment.conftest import other_project, partner_user, project  # noqa: F401 (fixtures)
