"""Server-rendered SVG charts: accessible names, escaped labels, round axes."""

from inburgering.portaal import grafiek


def test_axis_has_four_round_whole_steps():
    for m in (0, 1, 3, 7, 13, 207, 999, 1234, 50_000):
        top = grafiek._mooi_max(m)
        assert top >= max(m, 1) and top % 4 == 0


def test_bars_are_named_and_labels_escaped():
    svg = grafiek.staven([("wk <1>", 3), ("wk 2", 0)], "Titel & meer", "Beschrijving", id_="x")
    assert 'role="img"' in svg and 'aria-labelledby="x-t x-d"' in svg and "Titel &amp; meer" in svg
    assert "wk &lt;1&gt;" in svg and "<script" not in svg
    liggend = grafiek.liggend([("<b>Gemeente</b>", {"a": 2, "b": 1})], [("a", "A"), ("b", "B")], "T", "D")
    assert "&lt;b&gt;Gemeente" in liggend and ">3</text>" in liggend
    assert 'aria-label="x"' in grafiek.mini([1, 2, 0], "x")
