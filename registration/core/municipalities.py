"""Norway's municipalities (SSB classification 131, valid from 2024), keyed on kommunenummer."""

from __future__ import annotations

import csv
from dataclasses import dataclass
from functools import cache
from importlib import resources


@dataclass(frozen=True)
class Municipality:
    number: str  # kommunenummer, four digits, e.g. "5501"
    name: str
    county_number: str
    county: str

    @property
    def label(self) -> str:
        return f"{self.name} ({self.number})"


@cache
def all_municipalities() -> dict[str, Municipality]:
    """Every municipality by number, sorted by name (Norwegian alphabet order: Æ Ø Å last)."""
    text = resources.files("registration").joinpath("data/kommuner.csv").read_text("utf-8")
    rows = list(csv.DictReader(text.splitlines()))
    name_column = next(c for c in rows[0] if c.startswith("kommunenavn"))
    items = [
        Municipality(r["kommunenummer"], r[name_column], r["fylkesnummer"], r["fylkesnavn"])
        for r in rows
    ]
    items.sort(key=lambda m: _sort_key(m.name))
    return {m.number: m for m in items}


_ORDER = {"æ": "{", "ø": "|", "å": "}"}  # after z in ASCII


def _sort_key(name: str) -> str:
    return "".join(_ORDER.get(c, c) for c in name.lower())


def get(number: str | None) -> Municipality | None:
    if not number:
        return None
    return all_municipalities().get(number.strip())


def name_of(number: str | None) -> str:
    municipality = get(number)
    return municipality.name if municipality else (number or "")
