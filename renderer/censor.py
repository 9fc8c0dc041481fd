"""Username censoring that never makes two people look like one.

Labels are censored as the last step before drawing, after any merging, so what is checked for
distinctness is exactly what is shown.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence

MASK = "*"


def censor_name(name: str, reveal: int = 1) -> str:
    """Keep the first ``reveal`` characters of each word (at most half a word) and mask the rest."""
    words = name.split()
    if not words:
        return MASK
    return " ".join(_censor_word(word, reveal) for word in words)


def _censor_word(word: str, reveal: int) -> str:
    keep = min(reveal, max(1, len(word) // 2))
    return word[:keep] + MASK * (len(word) - keep)


def censor_usernames(names: Sequence[str]) -> list[str]:
    """Censor every name, revealing more of those that collide, then number what still does.

    Each position is a different person (Tautulli's top lists hold distinct users, even when
    two share a friendly name), so every returned label is different from every other.
    """
    reveal = [1] * len(names)
    labels = [censor_name(name) for name in names]
    while True:
        widened = False
        for members in _collisions(labels):
            if len({names[i] for i in members}) < 2:
                continue
            for i in members:
                wider = censor_name(names[i], reveal[i] + 1)
                if wider != labels[i]:
                    reveal[i] += 1
                    labels[i] = wider
                    widened = True
        if not widened:
            return distinct_labels(labels)


def distinct_labels(labels: Sequence[str]) -> list[str]:
    """Number repeated labels ("Name (2)") so each position keeps its own label."""
    taken = set(labels)
    seen: set[str] = set()
    result: list[str] = []
    for label in labels:
        if label not in seen:
            seen.add(label)
            result.append(label)
            continue
        number = 2
        while f"{label} ({number})" in taken:
            number += 1
        unique = f"{label} ({number})"
        taken.add(unique)
        result.append(unique)
    return result


def _collisions(labels: Sequence[str]) -> list[list[int]]:
    positions: defaultdict[str, list[int]] = defaultdict(list)
    for i, label in enumerate(labels):
        positions[label].append(i)
    return [members for members in positions.values() if len(members) > 1]
