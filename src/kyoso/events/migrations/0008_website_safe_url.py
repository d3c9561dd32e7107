# Stored websites must pass the web-address rule; values stored before it existed are blanked
# (each with an audit entry keeping the old value).

import kyoso.core.safe_urls
from django.db import migrations, models


def blank_unsafe(apps, schema_editor):
    kyoso.core.safe_urls.blank_unsafe_urls(
        apps, app_label="events", model_name="Participant", field="website", workspace_path="event__workspace_id"
    )


class Migration(migrations.Migration):

    dependencies = [
        ('accounts', '0001_initial'),
        ('events', '0007_run_stats'),
    ]

    operations = [
        migrations.RunPython(blank_unsafe, migrations.RunPython.noop),
        migrations.AlterField(
            model_name='participant',
            name='website',
            field=models.CharField(blank=True, max_length=300, validators=[kyoso.core.safe_urls.WebURLValidator()], verbose_name='website'),
        ),
    ]
