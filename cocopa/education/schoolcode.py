"""The Italian school code (codice meccanografico) the Ministry of Education gives each school and
each of its sites: ten characters, e.g. TOIC81500X, read as

- 2 letters: the province's abbreviation (TO for Torino);
- 2 letters: the kind of school (IC istituto comprensivo, EE primaria, MM secondaria di I grado …);
- 5 letters or digits: the school's number in the province;
- 1 letter or digit: a check character.

Only this shape is checked. The Ministry publishes no algorithm for the check character, and none
found in a reliable source could be confirmed; a wrong check character therefore passes. Neither
is the province abbreviation matched against the list of provinces (it changes: Sardinia's
provinces of 2025). Pure: no ORM, tested with plain values.
"""

import re

from django.utils.translation import gettext as _

LENGTH = 10
_SHAPE = re.compile(r"^[A-Z]{2}[A-Z]{2}[A-Z0-9]{5}[A-Z0-9]$")


def normalise(text: str) -> str:
    """The code as the Ministry writes it: capitals, no spaces."""
    return re.sub(r"\s+", "", str(text)).upper()


def problem(code: str) -> str:
    """What is wrong with the shape of a (normalised) code, naming the part; "" when nothing."""
    if len(code) != LENGTH:
        return _("a school code has 10 characters, this one %(count)s") % {"count": len(code)}
    if not re.fullmatch(r"[A-Z]{2}", code[:2]):
        return _("a school code starts with the two letters of its province (TO for Torino)")
    if not re.fullmatch(r"[A-Z]{2}", code[2:4]):
        return _("a school code has two letters for the kind of school after the province (IC, EE, MM …)")
    if not _SHAPE.match(code):
        return _("a school code holds only letters and digits")
    return ""


def is_well_formed(code: str) -> bool:
    return problem(normalise(code)) == ""
