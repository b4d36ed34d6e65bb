"""Generates folders of synthetic decks for the benchmarks (all four kinds but sandbox)."""

from __future__ import annotations

import sys
from pathlib import Path

ITEMS_PER_FILE = 1000


def _deck_text(index: int, items: int) -> str:
    lines = [
        "deck:",
        f"  id: bench-{index:04d}",
        f"  title: Benchmark deck {index}",
        "  tags: [bench, generated]",
        "flashcards:",
    ]
    kinds = ("flashcard", "question", "reorder")
    by_kind: dict[str, list[str]] = {kind: [] for kind in kinds}
    for number in range(items):
        kind = kinds[number % 10 % 3] if number % 10 >= 6 else "flashcard"
        ident = f"item-{number:06d}"
        if kind == "flashcard":
            by_kind[kind] += [
                f"  - id: {ident}",
                f"    front: What does step {number} of gradient descent compute?",
                "    back: |",
                f"      The gradient of the cost at the current weights, then w := w - alpha * g ({number}).",
                "    tags: [gd]",
            ]
        elif kind == "question":
            tier = ("beginner", "intermediate", "expert")[number % 3]
            by_kind[kind] += [
                f"  - id: {ident}",
                f"    tier: {tier}",
                f"    prompt: Why does feature scaling speed up gradient descent ({number})?",
                "    answer: >",
                "      Scaled features give a rounder cost surface, so one learning rate",
                "      suits every direction and the path stops zig-zagging.",
                "    key_points: [rounder cost surface, one learning rate fits all, less zig-zag]",
                "    senior_angle: Compute the statistics on training data only.",
            ]
        else:
            by_kind[kind] += [
                f"  - id: {ident}",
                f"    prompt: Order the steps of iteration {number}",
                "    steps:",
                "      - z = X w + b",
                "      - y_hat = sigmoid(z)",
                "      - r = y_hat - y",
                "      - g = X^T r / m",
                "      - w := w - alpha g",
                "    explanation: Each step needs the one before it.",
            ]
    lines += by_kind["flashcard"]
    lines.append("questions:")
    lines += by_kind["question"]
    lines.append("reorder:")
    lines += by_kind["reorder"]
    return "\n".join(lines) + "\n"


def generate(folder: Path, total_items: int) -> Path:
    """Write decks holding `total_items` items into `folder` (reused when already there)."""
    marker = folder / f".complete-{total_items}"
    if marker.exists():
        return folder
    folder.mkdir(parents=True, exist_ok=True)
    files = max(1, total_items // ITEMS_PER_FILE)
    for index in range(files):
        (folder / f"bench-{index:04d}.yaml").write_text(
            _deck_text(index, total_items // files), encoding="utf-8"
        )
    marker.touch()
    return folder


if __name__ == "__main__":
    generate(Path(sys.argv[1]), int(sys.argv[2]))
