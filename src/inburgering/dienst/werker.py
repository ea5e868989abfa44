"""Entry point of a local worker process of a re-determination run (``herbeoordeling --werkers N``). Kept free
of Django imports at module level: a spawned process must set Django up before the models can be imported."""

from __future__ import annotations

import os


def herbeoordeel_deel(taak) -> str:
    run_id, nummer, db = taak
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "inburgering.project.settings")
    import django
    from django.apps import apps
    from django.conf import settings

    if not apps.ready:
        settings.DATABASES["default"]["NAME"] = db  # the parent's database (a test database too)
        django.setup()
    from .herbeoordeling import voer_deel_uit

    return voer_deel_uit(run_id, nummer)
