"""A gemeente changes the status of its own signals only (``keten.scope.zet_signaalstatus``, used by the portal)."""

import pytest

from inburgering.keten import models as m
from inburgering.keten import scope

from .keten import adres, document, draai, gemeenten, persoon, recht

pytestmark = pytest.mark.django_db

A = "111222333"


def test_a_gemeente_marks_its_own_signal_handled_and_never_another_gemeentes():
    draai(gemeenten() + [persoon(A), recht(A, "gezinsvorming", "2022-03-01"), document(A, "2022-03-10"),
                         adres(A, "2022-03-12", "0363")], "2022-03-13")
    n = m.Notificatie.objects.get(bsn=A)
    assert scope.zet_signaalstatus("0344", "Wi2021", n.pk, scope.AFGEHANDELD, "utrecht") == 0
    assert scope.zet_signaalstatus("0363", "Wi2013", n.pk, scope.AFGEHANDELD, "amsterdam") == 0
    n.refresh_from_db()
    assert (n.status, n.afgehandeld_door) == (scope.NIEUW, "")
    assert scope.zet_signaalstatus("0363", "Wi2021", n.pk, scope.AFGEHANDELD, "amsterdam") == 1
    n.refresh_from_db()
    assert (n.status, n.afgehandeld_door) == (scope.AFGEHANDELD, "amsterdam")
