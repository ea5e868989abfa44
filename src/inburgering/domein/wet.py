"""Which law applies: the begin date of the obligation and the law it falls in.

Base rule: the obligation begins on the day the residence right is made known to the person
(bekendmaking) — for asylum the day of the IND decision, for other purposes the day the person received
the residence document; not the effective date (ingangsdatum), not the day DUO processes the data.
Exception (minors): who is under 18 on that day becomes obligated on the 18th birthday.
The law follows from the begin date: from 2022-01-01 Wi2021, from 2013-01-01 Wi2013, before that Wi2007.
"""

from datetime import date

from .feiten import Feit, PersoonFeiten, Recht
from .parameters import WETSPERIODEN


def wet_op(begindatum: date):
    """The law period a begin date falls in (Wi2021 / Wi2013 / Wi2007); its source is rule ``wet``."""
    for periode in WETSPERIODEN:
        if begindatum >= periode.vanaf:
            return periode
    raise AssertionError("unreachable: the last period starts at date.min")


def bekendmaking(p: PersoonFeiten, recht_feit: Feit, tot: date) -> tuple[date | None, str]:
    """The day the right in ``recht_feit`` was made known, if known on or before ``tot``.

    Asylum: the decision day. Other purposes: the first document receipt on or after the decision.
    """
    recht: Recht = recht_feit.waarde[0]
    if recht.verblijfsdoel == "asiel":
        return recht.datum_beschikking, (
            f"asielbeschikking van {recht.datum_beschikking} (bericht {recht_feit.bron})"
        )
    for doc in p.documenten:
        if recht.datum_beschikking <= doc.datum <= tot:
            return doc.datum, (
                f"verblijfsdocument ontvangen op {doc.datum} (bericht {doc.bron}; beschikking "
                f"{recht.datum_beschikking}, ingangsdatum {recht.ingangsdatum})"
            )
    return None, f"nog geen verblijfsdocument ontvangen na de beschikking van {recht.datum_beschikking}"
