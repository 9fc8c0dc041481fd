from __future__ import annotations

import random

import pytest

from renderer.censor import MASK, censor_name, censor_usernames, distinct_labels

SAMPLE_USERS = [
    "Paul Hall", "Jessica Tanaka", "Ines Kowalski", "Omar Campbell", "Aiden Brown",
    "Hana Young", "Steven Johnson", "Aiden Williams", "Liam Wright", "The Binger",
]  # fmt: skip


def test_sample_users_get_distinct_masked_labels() -> None:
    labels = censor_usernames(SAMPLE_USERS)
    assert labels[SAMPLE_USERS.index("Aiden Brown")] == "A**** B****"
    assert labels[SAMPLE_USERS.index("Aiden Williams")] == "A**** W*******"
    assert len(set(labels)) == len(labels)


def test_colliding_names_reveal_more_characters() -> None:
    assert censor_usernames(["Aiden Brown", "Aiden Blake"]) == ["Ai*** Br***", "Ai*** Bl***"]
    # Half of each word at most; a collision that remains is numbered instead.
    assert censor_usernames(["Aiden Brown", "Aiden Braun"]) == ["Ai*** Br***", "Ai*** Br*** (2)"]
    assert censor_usernames(["Anna", "Anne"]) == ["An**", "An** (2)"]


def test_the_same_name_twice_is_still_two_people() -> None:
    assert censor_usernames(["Sam Lee", "Sam Lee"]) == ["S** L**", "S** L** (2)"]
    assert distinct_labels(["iOS", "iOS", "iOS (2)"]) == ["iOS", "iOS (3)", "iOS (2)"]


def test_censoring_never_shows_more_than_half_of_a_word() -> None:
    assert censor_name("Jessica", reveal=10) == "Jes****"
    assert censor_name("J") == "J"
    assert censor_name("   ") == MASK
    assert censor_name("") == MASK


def _random_name(rng: random.Random) -> str:
    alphabet = "aAbBeEnN*( )2ø"
    words = rng.randint(0, 3)
    return " ".join(
        "".join(rng.choice(alphabet) for _ in range(rng.randint(1, 7))) for _ in range(words)
    )


@pytest.mark.parametrize("seed", range(300))
def test_any_set_of_names_gets_pairwise_distinct_labels(seed: int) -> None:
    rng = random.Random(seed)
    names = [_random_name(rng) for _ in range(rng.randint(1, 12))]
    if rng.random() < 0.5 and names:
        names.append(rng.choice(names))  # the same friendly name for two people
    labels = censor_usernames(names)
    assert len(labels) == len(names)
    assert len(set(labels)) == len(labels), (names, labels)
    plain = distinct_labels(names)
    assert len(set(plain)) == len(plain)
    for name, label in zip(names, plain, strict=True):
        assert label.startswith(name)


@pytest.mark.parametrize("seed", range(100))
def test_censored_words_keep_most_of_their_letters_hidden(seed: int) -> None:
    rng = random.Random(seed)
    names = [
        " ".join(rng.choice(["Aiden", "Aida", "Brown", "Braun", "Lee", "Leo"]) for _ in range(2))
        for _ in range(rng.randint(2, 10))
    ]
    for name, label in zip(names, censor_usernames(names), strict=True):
        shown = label.split(" (")[0]
        for word, masked in zip(name.split(), shown.split(), strict=True):
            assert len(masked) == len(word)
            visible = len(masked.rstrip(MASK))
            assert 1 <= visible <= max(1, len(word) // 2)
            assert word.startswith(masked[:visible])
