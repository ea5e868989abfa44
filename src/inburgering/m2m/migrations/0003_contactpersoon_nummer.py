from django.db import migrations, models


def nummer_is_id(apps, schema_editor):
    """Existing contact persons keep the id gemeenten know them by."""
    Contactpersoon = apps.get_model("m2m", "Contactpersoon")
    Contactpersoon.objects.update(nummer=models.F("id"))


class Migration(migrations.Migration):
    dependencies = [("m2m", "0002_uitbus_index")]

    operations = [
        migrations.AddField(model_name="contactpersoon", name="nummer", field=models.PositiveIntegerField(default=0),
                            preserve_default=False),
        migrations.RunPython(nummer_is_id, migrations.RunPython.noop),
        migrations.AddConstraint(model_name="contactpersoon", constraint=models.UniqueConstraint(
            fields=("gemeente", "nummer"), name="contactpersoon_nummer_per_gemeente")),
    ]
