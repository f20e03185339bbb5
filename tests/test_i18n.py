"""Norwegian dates and the English catalogue."""

from __future__ import annotations

import subprocess
import sys
from datetime import UTC, datetime
from pathlib import Path

from babel.messages.pofile import read_po

from registration.core.i18n import format_dt, format_span
from registration.core.municipalities import all_municipalities, get

ROOT = Path(__file__).resolve().parent.parent


def test_norwegian_date_format_in_oslo_time(app):
    with app.test_request_context("/"):
        winter = datetime(2026, 2, 3, 8, 0, tzinfo=UTC)  # 09.00 in Oslo (CET)
        assert format_dt(winter) == "tirsdag 3. februar 2026 kl. 09.00"
        summer = datetime(2026, 6, 2, 7, 30, tzinfo=UTC)  # 09.30 in Oslo (CEST)
        assert format_dt(summer) == "tirsdag 2. juni 2026 kl. 09.30"
        end = datetime(2026, 2, 3, 14, 30, tzinfo=UTC)
        assert format_span(winter, end) == "tirsdag 3. februar 2026 kl. 09.00–15.30"
    with app.test_request_context("/?lang=en"):
        assert format_dt(winter) == "Tuesday 3 February 2026 at 09:00"


def test_every_interface_string_has_english(tmp_path):
    pot = tmp_path / "messages.pot"
    subprocess.run([sys.executable, "-m", "babel.messages.frontend", "extract", "-F",
                    "babel.cfg", "-k", "_l", "-k", "lazy_gettext", "-o", str(pot), "."],
                   cwd=ROOT, check=True, capture_output=True)
    wanted = {m.id for m in read_po(pot.open("rb")) if m.id}
    po = ROOT / "registration/translations/en/LC_MESSAGES/messages.po"
    have = {m.id for m in read_po(po.open("rb")) if m.id and m.string}
    assert wanted - have == set(), "run `make translations`"


def test_official_municipality_list():
    municipalities = all_municipalities()
    assert len(municipalities) == 357
    assert get("5501").name == "Tromsø" and get("5501").county == "Troms"
    assert get("0301").name.startswith("Oslo")
    assert get("1902") is None  # Tromsø's number before 2020
    names = [m.name for m in municipalities.values()]
    assert names.index("Aurland") < names.index("Ørland") < names.index("Åfjord")
