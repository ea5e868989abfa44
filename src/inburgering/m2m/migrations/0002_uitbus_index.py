"""An index for the delivery outbox on the engine's Notificatie table (keten_notificatie): the rows not yet
delivered, per gemeente in delivery order. Partial, so it stays as small as the outbox (SQLite and
PostgreSQL both support partial indexes); the keten app could declare it on its model instead."""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [("m2m", "0001_initial"), ("keten", "0001_initial")]

    operations = [
        migrations.RunSQL(
            "CREATE INDEX IF NOT EXISTS m2m_uitbus_idx ON keten_notificatie (gemeente, volgorde) "
            "WHERE afgeleverd_op IS NULL",
            "DROP INDEX IF EXISTS m2m_uitbus_idx",
        ),
    ]
