"""Accounts from the command line and the demo; production settings pass Django's deploy check."""

import os
import subprocess
import sys

import pytest
from django.contrib.auth import get_user_model

from inburgering.cli import main
from inburgering.portaal.demo import maak_demo_gebruikers
from inburgering.portaal.models import Profiel

pytestmark = pytest.mark.django_db


def test_demo_users_for_every_gemeente_and_role_idempotent(keten):
    eerste = maak_demo_gebruikers()
    tweede = maak_demo_gebruikers()
    rollen = [r for r, *_ in eerste]
    assert rollen.count("gemeente") == 4 and "beheerder" in rollen and "privacy" in rollen
    assert [x[1] for x in eerste] == [x[1] for x in tweede]
    assert Profiel.objects.count() == 6
    beheerder = [x for x in tweede if x[0] == "beheerder"][0]
    assert "TOTP-geheim" in beheerder[3] and "reservecode" in beheerder[3]
    assert get_user_model().objects.get(username="consulent-0363").check_password([x for x in tweede if x[1] == "consulent-0363"][0][2])


def test_demo_is_refused_when_not_allowed(settings, db):
    from django.core.exceptions import ImproperlyConfigured

    settings.PORTAAL_DEMO_TOEGESTAAN = False
    with pytest.raises(ImproperlyConfigured):
        maak_demo_gebruikers([])


def test_gebruiker_command(keten, capsys, monkeypatch):
    monkeypatch.setattr("inburgering.cli_portaal._django", lambda: None)
    assert main(["gebruiker", "maak", "jan", "--rol", "gemeente", "--gemeente", "0363"]) == 0
    uit = capsys.readouterr().out
    assert "wachtwoord:" in uit and Profiel.objects.get(gebruiker__username="jan").gemeente == "0363"
    assert main(["gebruiker", "maak", "piet", "--rol", "gemeente"]) == 1
    assert "4-cijferige CBS-code" in capsys.readouterr().err
    assert main(["gebruiker", "maak", "kees", "--rol", "gemeente", "--gemeente", "9999"]) == 1
    assert main(["gebruiker", "maak", "fb", "--rol", "beheerder"]) == 0
    uit = capsys.readouterr().out
    assert "TOTP-geheim" in uit and "otpauth://totp/" in uit and "reservecodes" in uit
    from inburgering.portaal.models import TotpApparaat

    sleutel = TotpApparaat.objects.get(user__username="fb").bin_key
    assert main(["gebruiker", "totp", "fb"]) == 0 and TotpApparaat.objects.get(user__username="fb").bin_key == sleutel
    assert main(["gebruiker", "totp", "fb", "--opnieuw"]) == 0 and TotpApparaat.objects.get(user__username="fb").bin_key != sleutel
    capsys.readouterr()
    assert main(["gebruiker", "wachtwoord", "jan"]) == 0
    nieuw = capsys.readouterr().out.rsplit(" ", 1)[1].strip()
    assert get_user_model().objects.get(username="jan").check_password(nieuw)
    assert main(["gebruiker", "totp", "bestaatniet"]) == 1
    assert main(["gebruiker", "lijst"]) == 0
    assert "jan" in capsys.readouterr().out
    assert main(["gebruiker", "deactiveer", "jan"]) == 0
    assert not get_user_model().objects.get(username="jan").is_active


@pytest.mark.slow  # manage.py check --deploy as a subprocess
def test_production_settings_pass_check_deploy(tmp_path):
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "inburgering.project.productie",
           "INBURGERING_SECRET_KEY": "k" * 20 + "Zq9!x_" * 10, "INBURGERING_LOGSLEUTEL": "s" * 40, "INBURGERING_TOTPSLEUTEL": "t" * 40,
           "INBURGERING_ALLOWED_HOSTS": "pib.example.nl", "INBURGERING_DATA": str(tmp_path)}
    env.pop("DATABASE_URL", None)
    r = subprocess.run([sys.executable, "-m", "django", "check", "--deploy", "--tag", "security", "--fail-level", "WARNING"],
                       env=env, capture_output=True, text=True)
    assert r.returncode == 0, r.stdout + r.stderr
    assert "no issues" in r.stdout
    # the whole deploy check: nothing from security, the portal or its login/2FA packages
    r = subprocess.run([sys.executable, "-m", "django", "check", "--deploy"], env=env, capture_output=True, text=True)
    for teken in ("security.", "portaal", "axes.", "otp"):
        assert f"({teken}" not in r.stdout + r.stderr and f"?: ({teken}" not in r.stdout + r.stderr
