"""Planning a study queue from decks and Leitner states: order, caps, gating, cram."""

from __future__ import annotations

from datetime import UTC, datetime

from studyapp.model import Deck, Flashcard, ItemKind, Question, ReorderExercise, Tier
from studyapp.scheduling import LeitnerState, Rules
from studyapp.session._overview import experts_open, interleaved_shares
from studyapp.session._queue import (
    Filters,
    QueueEntry,
    interleave,
    new_entries,
    plan_cram,
    plan_queue,
)

NOW = datetime(2026, 4, 10, 10, tzinfo=UTC)
F, Q, R = ItemKind.FLASHCARD, ItemKind.QUESTION, ItemKind.REORDER


def _deck(cards: int = 3, questions: tuple[Tier, ...] = (), reorders: int = 0) -> Deck:
    return Deck(
        "d",
        "D",
        "d.yaml",
        flashcards=tuple(Flashcard(f"c{i}", "f", "b") for i in range(cards)),
        questions=tuple(
            Question(f"q{i}", tier, "p", "a", ("k",)) for i, tier in enumerate(questions)
        ),
        reorder=tuple(ReorderExercise(f"r{i}", "p", ("a", "b", "c")) for i in range(reorders)),
    )


def _ids(entries: list[QueueEntry]) -> list[str]:
    return [entry.item.id for entry in entries]


def _state(box: int, last: str) -> LeitnerState:
    return LeitnerState(box, "2026-04-01T10:00:00Z", last)


def test_interleaving_takes_one_of_each_kind_in_turn() -> None:
    deck = _deck(cards=3, questions=(Tier.BEGINNER,), reorders=2)
    entries = [QueueEntry(deck, item, None, None) for item in deck.items()]
    assert _ids(interleave(entries)) == ["c0", "q0", "r0", "c1", "r1", "c2"]
    assert interleave([]) == []


def test_expert_questions_open_when_more_than_half_the_intermediate_ones_moved() -> None:
    pairs = [("a", Tier.INTERMEDIATE), ("b", Tier.INTERMEDIATE), ("x", Tier.EXPERT)]
    assert not experts_open(pairs, {"a": 2})  # one of two: exactly half
    assert experts_open(pairs, {"a": 2, "b": 3})
    assert not experts_open(pairs, {"a": 1, "b": 1})  # answered, still in box 1
    assert experts_open([("x", Tier.EXPERT)], {})  # nothing to wait for


def test_shares_of_the_new_allowance_go_round_the_kinds() -> None:
    assert interleaved_shares({F: 5, Q: 1}, 4) == {F: 3, Q: 1, R: 0, ItemKind.SANDBOX: 0,
                                                  ItemKind.LAB: 0}
    assert interleaved_shares({F: 5}, 0)[F] == 0
    assert interleaved_shares({F: 1, R: 1}, 10)[F] == 1


def test_new_items_respect_the_allowance_and_skip_answered_ones() -> None:
    deck = _deck(cards=4, questions=(Tier.BEGINNER, Tier.BEGINNER))
    assert new_entries([deck], {}, 0, Filters(), tier_gating=True) == []
    assert _ids(new_entries([deck], {}, 3, Filters(), tier_gating=True)) == ["c0", "q0", "c1"]
    boxes = {"d": {"c0": 1, "q0": 2}}
    assert _ids(new_entries([deck], boxes, 3, Filters(), tier_gating=True)) == ["c1", "q1", "c2"]


def test_gated_expert_questions_stay_out_until_opened() -> None:
    deck = _deck(cards=0, questions=(Tier.INTERMEDIATE, Tier.EXPERT))
    assert _ids(new_entries([deck], {}, 5, Filters(), tier_gating=True)) == ["q0"]
    assert _ids(new_entries([deck], {}, 5, Filters(), tier_gating=False)) == ["q0", "q1"]
    opened = {"d": {"q0": 2}}
    assert _ids(new_entries([deck], opened, 5, Filters(), tier_gating=True)) == ["q1"]


def test_filters_by_kind_tier_and_item() -> None:
    deck = _deck(cards=2, questions=(Tier.BEGINNER, Tier.EXPERT), reorders=1)
    only_experts = Filters.of(kinds=["question"], tiers=["expert"])
    assert [i.id for i in deck.items() if only_experts.admits(i)] == ["q1"]
    tiers_only = Filters.of(tiers=["beginner"])
    assert [i.id for i in deck.items() if tiers_only.admits(i)] == ["c0", "c1", "q0", "r0"]
    one = Filters.of(items=["r0"])
    assert [i.id for i in deck.items() if one.admits(i)] == ["r0"]


def test_due_items_come_before_new_ones_and_a_limit_cuts_the_queue() -> None:
    deck = _deck(cards=3)
    states = {"d": {"c0": _state(1, "2026-04-01T10:00:00Z")}}
    queue = plan_queue([deck], states, Rules(), NOW, allowance=5)
    assert _ids(queue) == ["c0", "c1", "c2"]
    assert queue[0].state is not None and queue[0].due_at is not None and not queue[0].is_new
    assert queue[1].is_new and queue[1].due_at is None
    assert _ids(plan_queue([deck], states, Rules(), NOW, allowance=5, limit=2)) == ["c0", "c1"]


def test_cram_offers_the_weakest_seen_items_first_then_unseen_ones() -> None:
    deck = _deck(cards=5)
    states = {
        "d": {
            "c0": _state(3, "2026-04-05T10:00:00Z"),
            "c1": _state(1, "2026-04-06T10:00:00Z"),
            "c2": _state(1, "2026-04-02T10:00:00Z"),
        }
    }
    assert _ids(plan_cram([deck], states)) == ["c2", "c1", "c0", "c3", "c4"]
    assert _ids(plan_cram([deck], states, limit=2)) == ["c2", "c1"]
    assert _ids(plan_cram([deck], states, Filters.of(items=["c4", "c0"]))) == ["c0", "c4"]


def test_the_most_overdue_item_comes_first_and_ties_are_interleaved() -> None:
    deck = _deck(cards=2, questions=(Tier.BEGINNER, Tier.BEGINNER, Tier.BEGINNER))
    same = "2026-04-05T10:00:00Z"
    states = {
        "d": {
            "c0": _state(1, same),
            "c1": _state(1, same),
            "q0": _state(1, same),
            "q1": _state(1, same),
            "q2": _state(1, "2026-04-02T10:00:00Z"),  # overdue longest
        }
    }
    queue = plan_queue([deck], states, Rules(), NOW, allowance=0)
    assert _ids(queue) == ["q2", "c0", "q0", "c1", "q1"]


def test_a_deck_without_any_answers_is_planned_beside_one_with_answers() -> None:
    answered, fresh = _deck(cards=1), Deck("e", "E", "e.yaml", flashcards=(Flashcard("n0", "f", "b"),))
    states = {"d": {"c0": _state(1, "2026-04-01T10:00:00Z")}}
    assert _ids(plan_queue([fresh, answered], states, Rules(), NOW, allowance=5)) == ["c0", "n0"]
    assert _ids(plan_cram([fresh, answered], states)) == ["c0", "n0"]


def test_tier_gating_is_on_unless_turned_off() -> None:
    deck = _deck(cards=0, questions=(Tier.INTERMEDIATE, Tier.EXPERT))
    assert _ids(plan_queue([deck], {}, Rules(), NOW, allowance=5)) == ["q0"]
