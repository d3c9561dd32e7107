"""django-axes is gone (allauth's rate limits count failed sign-ins now): drop its tables.

A database that never had axes is unaffected (IF EXISTS). The rows of django_migrations for the app
"axes" are left; they name migrations that no longer exist and Django ignores them.
"""

from django.db import migrations

AXES_TABLES = ["axes_accessattemptexpiration", "axes_accessfailurelog", "axes_accesslog", "axes_accessattempt"]


class Migration(migrations.Migration):
    dependencies = [("accounts", "0004_email_addresses_for_existing_users")]

    operations = [
        migrations.RunSQL([f"DROP TABLE IF EXISTS {table}" for table in AXES_TABLES], migrations.RunSQL.noop)
    ]
