from datetime import date

from django.db import migrations, models


def markeer_vrijgegeven(apps, schema_editor):
    """Rows made before release was recorded: released on their own day, except what a person still held
    has been determined after the determination gemeenten see (that stays DUO's)."""
    Bepaling = apps.get_model("keten", "Bepaling")
    Persoon = apps.get_model("keten", "Persoon")
    Bepaling.objects.filter(vrijgegeven_op__isnull=True).update(vrijgegeven_op=models.F("dag"))
    for bsn, bepaling in Persoon.objects.filter(aangehouden_wet__isnull=False).values_list("bsn", "bepaling"):
        dag = (bepaling or {}).get("dag")
        if dag:
            Bepaling.objects.filter(bsn=bsn, dag__gt=date.fromisoformat(dag)).update(vrijgegeven_op=None)


class Migration(migrations.Migration):
    dependencies = [("keten", "0001_initial")]

    operations = [
        migrations.AddField(model_name="bepaling", name="vrijgegeven_op", field=models.DateField(null=True)),
        migrations.RunPython(markeer_vrijgegeven, migrations.RunPython.noop),
    ]
