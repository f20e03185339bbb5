"""The publishable report: the same tables with every count under 5 shown as «<5», and
enough other cells hidden that no hidden cell can be worked out from the rest.

Primary suppression: every count from 0 to 4 becomes «<5».
Secondary suppression, per column of each table (and for physical/digital against the
registrations): the rows of a table add up to the total (kommune, kind, role, month) or at
least could be read against it (topics, persons), so the hidden cells of a column together
equal the total minus the shown ones. One hidden cell would then be given away, and two or
more hiding less than 5 between them would say that each is small. So, in each column, while
a hidden cell exists and the hidden cells are fewer than two or add up to less than 5, the
smallest shown cell is hidden too. Totals under 5 are hidden as well.
"""

from __future__ import annotations

import copy
from typing import Any

HIDDEN = "<5"
LIMIT = 5
TABLES = {"by_kommune": ("registrations", "attended", "persons"),
          "by_kind": ("events", "registrations", "attended"),
          "by_topic": ("events", "registrations", "attended"),
          "by_role": ("registrations", "attended"),
          "by_month": ("events", "registrations", "attended")}


def hidden_cells(values: list[int]) -> set[int]:
    """The positions to hide in one column (see the module's docstring)."""
    hidden = {i for i, v in enumerate(values) if v < LIMIT}
    while hidden and len(hidden) < len(values) and (
            len(hidden) < 2 or sum(values[i] for i in hidden) < LIMIT):
        hidden.add(min((i for i in range(len(values)) if i not in hidden),
                       key=lambda i: (values[i], i)))
    return hidden


def publishable(report: dict[str, Any]) -> dict[str, Any]:
    """The suppressed copy of ``figures.as_dict(report)``: counts become int or «<5»."""
    out = copy.deepcopy(report)
    totals = out["totals"]
    split = [totals["physical"], totals["digital"]]
    for i in hidden_cells(split):
        totals[("physical", "digital")[i]] = HIDDEN
    for key, value in totals.items():
        if isinstance(value, int) and value < LIMIT:
            totals[key] = HIDDEN
    for table, columns in TABLES.items():
        rows = out[table]
        for column in columns:
            for i in hidden_cells([row[column] for row in rows]):
                rows[i][column] = HIDDEN
    # «X av N kommuner nådd» counts kommuner, not people: it stays as it is.
    out["publishable"] = True
    return out


def smallest_number(report: dict[str, Any]) -> int | None:
    """The smallest count left visible (tests: never under 5)."""
    numbers = [v for v in report["totals"].values() if isinstance(v, int)]
    for table, columns in TABLES.items():
        numbers += [row[c] for row in report[table] for c in columns if isinstance(row[c], int)]
    return min(numbers) if numbers else None
