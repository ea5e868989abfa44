"""Data minimisation per basis (``keten.scope.VELDEN``): a gemeente that keeps sight of a person only through
its PIP after the person moved away sees the person and the determination, not the new address and not
where the person went; the gemeente where the person lives sees the address."""

from __future__ import annotations

import html
import re

import pytest
from django.test import Client

from inburgering.keten import scope
from inburgering.portaal.gebruikers import maak_gebruiker

from .keten import AMSTERDAM, DEN_HAAG, GEZIN

pytestmark = pytest.mark.django_db(transaction=True)


def _pagina(gemeente: str) -> str:
    gebruiker, _ = maak_gebruiker(f"consulent-{gemeente}-{id(object())}", "gemeente", gemeente=gemeente,
                                  wachtwoord="lang-genoeg-wachtwoord", controleer_gemeente=False)
    c = Client()
    c.force_login(gebruiker)
    r = c.get(f"/gemeente/Wi2021/personen/{GEZIN}/")
    assert r.status_code == 200
    return r.content.decode()


def test_address_only_where_the_person_lives(api, keten, settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    assert "1011AB 5" in _pagina(AMSTERDAM)  # lives in Amsterdam: the address is part of the explanation
    assert api.pip(GEZIN, "2024-02-20").status_code == 201
    keten.neem_op([keten.adres(GEZIN, keten.dag, DEN_HAAG, "2491AB", 10)])
    keten.verwerk(keten.dag)
    keten.volgende_dag()
    amsterdam = scope.persoon(AMSTERDAM, "Wi2021", GEZIN)
    assert amsterdam is not None and amsterdam.grondslagen == {scope.PIP}
    assert scope.persoon(DEN_HAAG, "Wi2021", GEZIN).grondslagen == {scope.WOONT}
    pip_pagina = _pagina(AMSTERDAM)
    assert "2491AB" not in pip_pagina and "1011AB" not in pip_pagina  # no address at all
    assert DEN_HAAG not in pip_pagina and "Gravenhage" not in pip_pagina  # nor where the person went
    assert "[adres]" in pip_pagina and "andere gemeente" in pip_pagina
    assert GEZIN in pip_pagina  # who it is about, and the determination, stay
    woon_pagina = _pagina(DEN_HAAG)
    assert "2491AB 10" in woon_pagina
    # The consulent's summary under the same rule: the PIP gemeente reads that another gemeente is responsible.
    gemeenschappelijk = [
        "Inburgeringsplichtig onder de Wet inburgering 2021 (Wi2021) sinds 10 januari 2024.",
        "De IND verleende op 20 december 2023 een verblijfsvergunning voor gezinsvorming; de persoon ontving de "
        "verblijfspas op 10 januari 2024, en op die dag begon de plicht.",
        "Verblijfsdoel: gezinsvorming. Doelgroep: gezinsmigrant en overige migrant (gezinsvormer).",
    ]
    pip_termijn = "De termijn van 10 weken voor het PIP loopt sinds 10 januari 2024."
    assert _samenvatting(pip_pagina) == [*gemeenschappelijk, "Verantwoordelijke gemeente: een andere gemeente.",
                                         pip_termijn]
    assert _samenvatting(woon_pagina) == [
        *gemeenschappelijk, "Verantwoordelijke gemeente: uw gemeente ('s-Gravenhage), waar de persoon woont.",
        pip_termijn]


def _samenvatting(pagina: str) -> list[str]:
    deel = re.search(r'<section aria-labelledby="k-samenvatting".*?</section>', pagina, re.S).group(0)
    return [html.unescape(z) for z in re.findall(r"<p>(.*?)</p>", deel, re.S)]
