"""Column types: a StrEnum column takes a member or its value and refuses anything else,
both ways; folding gives the same spelling however often it is asked."""

from __future__ import annotations

import pytest

from registration.core.folding import fold
from registration.core.types import EnumColumn
from registration.models import Mode, RegistrationStatus


def test_an_enum_column_sends_values_and_reads_members_and_refuses_strangers():
    column = EnumColumn(RegistrationStatus)
    assert column.process_bind_param(RegistrationStatus.WAITLISTED, None) == "waitlisted"
    assert type(column.process_bind_param(RegistrationStatus.WAITLISTED, None)) is str
    assert column.process_bind_param("confirmed", None) == "confirmed"
    assert column.process_bind_param(None, None) is None
    with pytest.raises(ValueError):
        column.process_bind_param("bekreftet", None)
    with pytest.raises(ValueError):
        column.process_bind_param(Mode.PHYSICAL, None)  # another enum's member
    read = column.process_result_value("cancelled", None)
    assert read is RegistrationStatus.CANCELLED
    with pytest.raises(ValueError):
        column.process_result_value("slettet", None)


def test_folding_is_the_same_every_time():
    for _ in range(3):
        assert fold("Áile Øyvind-Čoahkki") == "aile øyvind-coahkki"
        assert fold("Kvaløysletta Sykehjem") == "kvaløysletta sykehjem"
        assert fold("ÄRNÖ") == "ærnø"
