"""The shared PDF helpers (inburgering.pdf): Unicode names, tables across pages, the Latin-1 fallback."""

import io

from pypdf import PdfReader

from inburgering import pdf


def _tekst(b: bytes) -> str:
    return "\n".join(p.extract_text() for p in PdfReader(io.BytesIO(b)).pages)


def test_a_document_with_names_in_many_scripts_a_long_table_and_an_address_block():
    d = pdf.Document("Brief over uw inburgeringsplicht", kenmerk="kenmerk 123")
    d.kop("Beste mevrouw Öztürk")
    d.alinea("Şahin, Nguyễn en Ødegård staan in deze tabel.")
    d.gegevens([("Periode", "04-01-2022 tot en met 28-02-2022"), ("Een label dat over twee regels loopt", "waarde")])
    d.tabel(["BSN", "Naam"], [[f"{i:09d}", f"Persoon {i}"] for i in range(120)], breedtes=[40, 130])
    d.adresblok(["Mevrouw S. Öztürk", "Damrak 5", "1011 AB Amsterdam"])
    b = d.bytes()
    r = PdfReader(io.BytesIO(b))
    assert b.startswith(b"%PDF-") and len(r.pages) >= 3
    tekst = _tekst(b)
    if d.unicode:  # DejaVu Sans found (Debian: fonts-dejavu-core)
        assert "Şahin, Nguyễn en Ødegård" in tekst and "Mevrouw S. Öztürk" in tekst
    assert "000000119" in tekst and f"pagina 1 van {len(r.pages)}" in tekst
    assert r.metadata.title == "Brief over uw inburgeringsplicht"


def test_without_the_font_it_falls_back_to_latin1(monkeypatch):
    monkeypatch.setattr(pdf, "_ZOEKPADEN", ())
    monkeypatch.delenv("INBURGERING_PDF_LETTERTYPE", raising=False)
    d = pdf.Document("Test")
    d.alinea("Öztürk en Şahin")
    assert not d.unicode
    assert "Öztürk en ?ahin" in _tekst(d.bytes())
