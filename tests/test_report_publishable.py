"""The publishable report's secondary suppression, on single columns and on random tables
(registration/reports/publishable.py; the report's own data: tests/test_report.py)."""

from __future__ import annotations

import random

import pytest

from registration.reports.publishable import HIDDEN, hidden_cells, publishable, smallest_number


@pytest.mark.parametrize(("values", "hidden"), [
    ([10, 3, 20], {0, 1}),  # one hidden cell would be total minus the rest: hide another
    ([10, 0, 0, 20], {0, 1, 2}),  # two hidden summing to 0 would say both are 0
    ([7, 8, 9], set()),
    ([2], {0}),
    ([3, 4, 30], {0, 1}),  # 3 + 4 ≥ 5 and two cells: enough
    ([0, 0, 0], {0, 1, 2}),
])
def test_secondary_suppression_of_one_column(values, hidden):
    assert hidden_cells(values) == hidden


def test_no_hidden_cell_can_be_worked_out_from_the_totals():
    """Random tables: in every column, the hidden cells are two or more and hide 5 or more
    between them (or the whole column is hidden), and no shown count is under 5."""
    rng = random.Random(13)
    for _ in range(300):
        rows = [{"kommunenummer": str(i), "name": str(i), "fylke": "55",
                 "registrations": rng.choice([0, 1, 2, 3, 4, 5, 6, 9, 20, 40]),
                 "attended": 0, "persons": 0} for i in range(rng.randint(1, 8))]
        for row in rows:
            row["attended"] = rng.randint(0, row["registrations"])
            row["persons"] = rng.randint(min(1, row["registrations"]), row["registrations"])
        total = sum(r["registrations"] for r in rows)
        report = {"year": 2025, "region": {"fylker": ["55"], "kommuner": len(rows),
                                           "reached": 0},
                  "totals": {"events": 9, "registrations": total, "attended": 0,
                             "persons": 0, "physical": total // 2,
                             "digital": total - total // 2},
                  "by_kommune": rows, "by_kind": [], "by_topic": [], "by_role": [],
                  "by_month": []}
        out = publishable(report)
        assert (smallest_number(out) or 5) >= 5
        for column in ("registrations", "attended", "persons"):
            hidden = [r[column] for r, o in zip(rows, out["by_kommune"], strict=True)
                      if o[column] == HIDDEN]
            if hidden and len(hidden) < len(rows):
                assert len(hidden) >= 2 and sum(hidden) >= 5
        split = [out["totals"]["physical"], out["totals"]["digital"]]
        assert split.count(HIDDEN) in (0, 2)
