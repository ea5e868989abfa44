"""Entries written before paths and selections were masked: the same masking now, so the log holds no BSN
in the clear (the persons stay in ``Betrokkene`` as keyed hashes)."""

from django.db import migrations


def maskeer(apps, schema_editor):
    from inburgering.logboek import maskeer as maskeer_tekst
    from inburgering.logboek import maskeer_alles

    Verwerking = apps.get_model("portaal", "Verwerking")
    for v in Verwerking.objects.only("id", "name", "toelichting").iterator(chunk_size=2000):
        toelichting, name = maskeer_alles(v.toelichting), maskeer_tekst(v.name)
        if toelichting != v.toelichting or name != v.name:
            Verwerking.objects.filter(pk=v.pk).update(toelichting=toelichting, name=name)


class Migration(migrations.Migration):
    dependencies = [("portaal", "0003_tweede_factor_versleuteld")]

    operations = [migrations.RunPython(maskeer, migrations.RunPython.noop)]
