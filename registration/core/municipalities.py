"""Norway's municipalities (SSB classification 131, valid from 2024), keyed on kommunenummer.

SSB writes a municipality with parallel Sámi or Kven names as one string with the official
order («Dielddanuorri - Tjeldsund»). People look for the Norwegian name, so the list is sorted
and shown by it («Tjeldsund – Dielddanuorri»), and every name is searchable («Romsa» finds
Tromsø). «Jobber ikke i en kommune» (NOT_A_MUNICIPALITY) is for state, private, students and
relatives; their workplace is the free-text field, and reports show them under that label.
"""

from __future__ import annotations

import csv
from dataclasses import dataclass, field
from functools import cache
from importlib import resources

from flask_babel import lazy_gettext as _l

from .folding import fold

NOT_A_MUNICIPALITY = "0000"  # no kommunenummer is 0000; four digits like the others
NOT_A_MUNICIPALITY_LABEL = _l("Jobber ikke i en kommune")

# Where the Norwegian name is not the first in SSB's string (from the 2024 classification).
_NORWEGIAN_NAME = {
    "1826": "Hattfjelldal", "1875": "Hamarøy", "5041": "Snåsa", "5043": "Røyrvik",
    "5512": "Tjeldsund", "5518": "Lavangen", "5540": "Kåfjord", "5610": "Karasjok",
    "5612": "Kautokeino", "5628": "Tana", "5636": "Nesseby",
}
# Sámi and Kven names in use that SSB's list does not carry, so a search for them still finds
# the municipality.
_ALSO_KNOWN_AS = {
    "5501": ("Romsa", "Tromssa"), "5607": ("Čáhcesuolu", "Vesisaari"),
    "5601": ("Áltá", "Alattio"), "1806": ("Áhkanjárga",), "5532": ("Báhccavuotna", "Pahtavuono"),
    "5546": ("Návuotna", "Naavuono"), "5605": ("Mátta-Várjjat",),
}


@dataclass(frozen=True)
class Municipality:
    number: str  # kommunenummer, four digits, e.g. "5501"
    name: str  # as SSB writes it, official order: «Dielddanuorri - Tjeldsund»
    county_number: str
    county: str
    norwegian_name: str = ""
    other_names: tuple[str, ...] = field(default=())

    @property
    def display_name(self) -> str:
        """The Norwegian name first: «Tjeldsund – Dielddanuorri»."""
        return " – ".join((self.norwegian_name, *self.other_names))

    @property
    def label(self) -> str:
        return f"{self.display_name} ({self.number})"

    @property
    def search_text(self) -> str:
        """Every name of it, folded, for the combobox: «tjeldsund dielddanuorri 5512»."""
        names = (self.norwegian_name, *self.other_names,
                 *_ALSO_KNOWN_AS.get(self.number, ()), self.number)
        return fold(" ".join(names))


def _parse(number: str, official: str, county_number: str, county: str) -> Municipality:
    parts = [p.strip() for p in official.split(" - ")]
    norwegian = _NORWEGIAN_NAME.get(number, parts[0])
    others = tuple(p for p in parts if p != norwegian)
    return Municipality(number, official, county_number, county, norwegian, others)


@cache
def all_municipalities() -> dict[str, Municipality]:
    """Every municipality by number, sorted by Norwegian name (Æ Ø Å last)."""
    text = resources.files("registration").joinpath("data/kommuner.csv").read_text("utf-8")
    rows = list(csv.DictReader(text.splitlines()))
    name_column = next(c for c in rows[0] if c.startswith("kommunenavn"))
    items = [_parse(r["kommunenummer"], r[name_column], r["fylkesnummer"], r["fylkesnavn"])
             for r in rows]
    items.sort(key=lambda m: sort_key(m.norwegian_name))
    return {m.number: m for m in items}


_ORDER = {"æ": "{", "ø": "|", "å": "}"}  # after z in ASCII


def sort_key(name: str) -> str:
    """Norwegian alphabetical order: after z come æ, ø, å."""
    return "".join(_ORDER.get(c, c) for c in fold(name))


def centre_first(centre_counties: str) -> tuple[list[Municipality], list[Municipality]]:
    """The centre's own region (CENTRE_FYLKER: county numbers, comma-separated), then the
    rest, each in Norwegian order."""
    own = {c.strip() for c in centre_counties.split(",") if c.strip()}
    everyone = list(all_municipalities().values())
    return ([m for m in everyone if m.county_number in own],
            [m for m in everyone if m.county_number not in own])


def get(number: str | None) -> Municipality | None:
    if not number:
        return None
    return all_municipalities().get(number.strip())


def is_valid(number: str | None) -> bool:
    """A real kommunenummer, or «Jobber ikke i en kommune»."""
    return (number or "").strip() == NOT_A_MUNICIPALITY or get(number) is not None


def name_of(number: str | None) -> str:
    """The name in reports, exports and at the door: the Norwegian one («Tjeldsund»)."""
    if (number or "").strip() == NOT_A_MUNICIPALITY:
        return str(NOT_A_MUNICIPALITY_LABEL)
    municipality = get(number)
    return municipality.norwegian_name if municipality else (number or "")
