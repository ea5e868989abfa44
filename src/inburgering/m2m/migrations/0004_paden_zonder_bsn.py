"""Rows written before the API stopped storing paths: a retried request is matched on a keyed hash of its
path now, and the delivery that appended a gemeente's report is named by its message type, not its path."""

from django.db import migrations


def zonder_bsn(apps, schema_editor):
    from inburgering.logboek import maskeer
    from inburgering.portaal.verwerkingslog import pseudoniem

    Verzoek = apps.get_model("m2m", "Verzoek")
    for v in Verzoek.objects.filter(pad__startswith="/").only("id", "pad").iterator(chunk_size=2000):
        Verzoek.objects.filter(pk=v.pk).update(pad=pseudoniem(v.pad))
    Levering = apps.get_model("keten", "Levering")
    for lev in Levering.objects.filter(bron__startswith="m2m ").only("id", "bron").iterator(chunk_size=2000):
        Levering.objects.filter(pk=lev.pk).update(bron=maskeer(lev.bron))


class Migration(migrations.Migration):
    dependencies = [("m2m", "0003_contactpersoon_nummer"), ("keten", "0002_bepaling_vrijgegeven_op")]

    operations = [migrations.RunPython(zonder_bsn, migrations.RunPython.noop)]
