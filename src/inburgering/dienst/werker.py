"""Entry point of a worker process of a parallel re-determination. Kept free of Django imports at module
level: a spawned process must set Django up before the engine's models can be imported."""

from __future__ import annotations

import os


def herbeoordeel_deel(taak):
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "inburgering.project.settings")
    import django
    from django.conf import settings

    settings.DATABASES["default"]["NAME"] = taak[-1]  # the parent's database (a test database too)
    django.setup()
    from .engine import _herbeoordeel_werker

    return _herbeoordeel_werker(taak)
