from django import template

from ...domein.catalogus import omschrijving

register = template.Library()


@register.filter
def getal(n):
    """Dutch thousands separator: 12345 → 12.345."""
    try:
        return f"{int(n):,}".replace(",", ".")
    except (TypeError, ValueError):
        return n


@register.filter
def gebeurtenis(code):
    return omschrijving(code)


@register.filter
def janee(v):
    return {True: "ja", False: "nee"}.get(v, "—")


@register.filter
def index(reeks, i):
    try:
        return reeks[i]
    except (IndexError, KeyError, TypeError):
        return ""


@register.inclusion_tag("portaal/_veld.html")
def veld(f):
    return {"f": f}
