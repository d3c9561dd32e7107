# Webhook URLs follow the same web-address rule as every stored address.

import kyoso.core.safe_urls
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('api', '0001_initial'),
    ]

    operations = [
        migrations.AlterField(
            model_name='webhookendpoint',
            name='url',
            field=models.URLField(max_length=500, validators=[kyoso.core.safe_urls.WebURLValidator()], verbose_name='URL'),
        ),
    ]
