import django.db.models.deletion
from django.db import migrations, models

import jalinmitra.catalogue.models


def tokens_for_existing(apps, schema_editor):
    Enquiry = apps.get_model("catalogue", "Enquiry")
    for enquiry in Enquiry.objects.filter(token__isnull=True).only("pk"):
        enquiry.token = jalinmitra.catalogue.models.new_token()
        enquiry.save(update_fields=["token"])


class Migration(migrations.Migration):
    dependencies = [
        ("catalogue", "0001_initial"),
    ]

    operations = [
        migrations.AddField(
            model_name="enquiry",
            name="token",
            field=models.CharField(editable=False, max_length=64, null=True),
        ),
        migrations.RunPython(tokens_for_existing, migrations.RunPython.noop),
        migrations.AlterField(
            model_name="enquiry",
            name="token",
            field=models.CharField(
                default=jalinmitra.catalogue.models.new_token,
                editable=False,
                max_length=64,
                unique=True,
            ),
        ),
        migrations.CreateModel(
            name="EnquiryReply",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("body", models.TextField(max_length=1000, verbose_name="pesan")),
                ("client_key", models.CharField(editable=False, max_length=64)),
                ("created_at", models.DateTimeField(auto_now_add=True, db_index=True)),
                (
                    "enquiry",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="replies",
                        to="catalogue.enquiry",
                    ),
                ),
            ],
            options={
                "verbose_name": "balasan pembeli",
                "verbose_name_plural": "balasan pembeli",
                "ordering": ["created_at", "id"],
            },
        ),
    ]
