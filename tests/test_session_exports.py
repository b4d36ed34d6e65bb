"""The session package's names: every exported name resolves, the statistics ones on first use."""

from __future__ import annotations

import pytest

import studyapp.session as session
from studyapp.session import _stats


def test_every_exported_name_resolves() -> None:
    for name in session.__all__:
        assert getattr(session, name) is not None, name


@pytest.mark.parametrize(
    "name",
    ["ASSUMED_RECALL", "FORECAST_DAYS", "HEATMAP_DAYS", "BoxRecall", "DayActivity", "DayDue",
     "DeckStats", "StatsReport", "Tally"],
)
def test_statistics_names_come_from_the_statistics_module(name: str) -> None:
    assert getattr(session, name) is getattr(_stats, name)


def test_an_unknown_name_is_an_attribute_error_naming_it() -> None:
    with pytest.raises(AttributeError) as caught:
        _ = session.no_such_name
    assert str(caught.value) == "module 'studyapp.session' has no attribute 'no_such_name'"
    with pytest.raises(AttributeError):
        _ = session.collect_stats  # in _stats, not exported
