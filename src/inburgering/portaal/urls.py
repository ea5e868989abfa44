from django.urls import path, register_converter

from ..domein.wet import PERIODEN
from .views import account, beheer, datalek, gemeente, opt_in, privacy


class WetConverter:
    regex = "|".join(w.code for w in PERIODEN)  # every law environment

    def to_python(self, value):
        return value

    def to_url(self, value):
        return value


class FormaatConverter:
    regex = "csv|xlsx"

    def to_python(self, value):
        return value

    def to_url(self, value):
        return value


class RapportformaatConverter(FormaatConverter):
    regex = "pdf|xlsx"


register_converter(WetConverter, "wet")
register_converter(RapportformaatConverter, "rapportformaat")
register_converter(FormaatConverter, "formaat")

app_name = "portaal"
urlpatterns = [
    path("", account.start, name="start"),
    path("inloggen/", account.Inloggen.as_view(), name="inloggen"),
    path("inloggen/code/", account.code, name="code"),
    path("uitloggen/", account.uitloggen, name="uitloggen"),
    path("geen-rol/", account.geen_rol, name="geen_rol"),
    path("account/wachtwoord/", account.wachtwoord, name="wachtwoord"),
    # gemeente, per law environment
    path("gemeente/<wet:wet>/signalen/", gemeente.signalen, name="signalen"),
    path("gemeente/<wet:wet>/signalen/afhandelen/", gemeente.afhandelen, name="afhandelen"),
    path("gemeente/<wet:wet>/signalen/<int:pk>/", gemeente.signaal, name="signaal"),
    path("gemeente/<wet:wet>/signalen/<int:pk>/status/", gemeente.signaal_status, name="signaal_status"),
    path("gemeente/<wet:wet>/correcties/", gemeente.correcties, name="correcties"),
    path("gemeente/<wet:wet>/download.<formaat:formaat>", gemeente.download, name="download"),
    path("gemeente/<wet:wet>/personen/", gemeente.persoon_zoeken, name="persoon_zoeken"),
    path("gemeente/<wet:wet>/personen/<str:bsn>/", gemeente.persoon, name="persoon"),
    # DUO functioneel beheer
    path("beheer/", beheer.dashboard, name="dashboard"),
    path("beheer/procesbesturing/", beheer.procesbesturing_view, name="procesbesturing"),
    path("beheer/herbeoordeling/", beheer.herbeoordelingen, name="herbeoordelingen"),
    path("beheer/opt-in/", opt_in.opt_in_groep, name="opt_in"),
    path("beheer/opt-in/groep.<formaat:formaat>", opt_in.opt_in_download, name="opt_in_download"),
    path("beheer/herbeoordeling/start/", beheer.herbeoordeling_start, name="herbeoordeling_start"),
    path("beheer/herbeoordeling/<int:pk>/", beheer.herbeoordeling, name="herbeoordeling"),
    path("beheer/herbeoordeling/<int:pk>/hervat/", beheer.herbeoordeling_hervat, name="herbeoordeling_hervat"),
    # privacy officer
    path("privacy/verwerkingen/", privacy.verwerkingen, name="verwerkingen"),
    path("privacy/datalek/", datalek.rapport, name="datalek"),
    path("privacy/datalek/rapport.<rapportformaat:formaat>", datalek.download, name="datalek_download"),
]
