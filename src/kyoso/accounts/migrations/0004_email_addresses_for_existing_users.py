"""Every account made before allauth gets its address as a verified, primary allauth e-mail.

The hand-written sign-up only created an account once the mailed link was followed, and an
invitation account was created from the address the invitation was mailed to: every existing address
was proven. Passwords are untouched, so everybody signs in as before.
"""

from django.db import migrations


def add_email_addresses(apps, schema_editor):
    User = apps.get_model("accounts", "User")
    EmailAddress = apps.get_model("account", "EmailAddress")
    have = set(EmailAddress.objects.values_list("user_id", flat=True))
    rows = [
        EmailAddress(user_id=pk, email=email.strip().lower(), verified=True, primary=True)
        for pk, email in User.objects.values_list("pk", "email").iterator()
        if pk not in have and email
    ]
    EmailAddress.objects.bulk_create(rows, batch_size=1000)


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0003_workspace_mfa_required"),
        ("account", "0009_emailaddress_unique_primary_email"),
    ]

    # going back leaves the rows: allauth's table goes with allauth's own migrations
    operations = [migrations.RunPython(add_email_addresses, migrations.RunPython.noop)]
