"""Plural rules: what a catalog's ``Plural-Forms`` header says, and whether Weblate would accept it.

A header is judged by what it *does*, not how it is written: Weblate writes ``n > 1``, Babel
``(n > 1)``, and both are the same rule. Two rules are the same when they give the same form for
every n in ``0 .. PLURAL_RANGE - 1``; that range covers every modulus used in real rules
(the largest, CLDR's "many" for millions, is ``n % 1000000``).
"""

from __future__ import annotations

import gettext
import re
from collections import Counter
from dataclasses import dataclass
from functools import cache

from babel import localedata
from weblate_language_data.languages import LANGUAGES
from weblate_language_data.plurals import CLDRPLURALS

PLURAL_RANGE = 2_000_001

_HEADER = re.compile(r"^\s*nplurals\s*=\s*(?P<count>\d+)\s*;\s*plural\s*=\s*(?P<rule>.+?)\s*;?\s*$")


@dataclass(frozen=True, slots=True)
class PluralRule:
    count: int
    formula: str

    @property
    def header(self) -> str:
        return f"nplurals={self.count}; plural={self.formula};"


def parse_plural_forms(value: str) -> PluralRule:
    """``"nplurals=2; plural=n > 1;"`` as a rule; ValueError says what is wrong with it."""
    match = _HEADER.match(value)
    if match is None:
        raise ValueError(
            f"Plural-Forms {value!r} is not 'nplurals=<count>; plural=<C expression>;'"
        )
    count = int(match["count"])
    if count < 1:
        raise ValueError(f"Plural-Forms {value!r} has nplurals={count}; at least 1 is needed")
    formula = match["rule"]
    try:
        gettext.c2py(formula)
    except (ValueError, SyntaxError) as error:
        raise ValueError(f"plural={formula!r} is not a valid C expression ({error})") from None
    return PluralRule(count, formula)


@cache
def plural_table(formula: str) -> tuple[int, ...]:
    """The form ``formula`` picks for each n in ``0 .. PLURAL_RANGE - 1``."""
    plural = gettext.c2py(formula)
    return tuple(map(plural, range(PLURAL_RANGE)))


def rule_problem(rule: PluralRule) -> str | None:
    """Why the rule picks a form the catalog does not have, or None."""
    table = plural_table(rule.formula)
    out_of_range = next((n for n, form in enumerate(table) if not 0 <= form < rule.count), None)
    if out_of_range is None:
        return None
    return (
        f"plural={rule.formula!r} gives form {table[out_of_range]} for n={out_of_range}, "
        f"but nplurals={rule.count} allows 0 to {rule.count - 1}"
    )


@cache
def single_value_forms(rule: PluralRule) -> frozenset[int]:
    """Forms used for exactly one n (such as "one" in English): they need not show the number."""
    uses = Counter(plural_table(rule.formula))
    return frozenset(form for form, count in uses.items() if count == 1)


def normalize_language(code: str) -> str:
    """``"pt-BR"`` -> ``"pt_BR"``: gettext and Weblate separate the region with an underscore."""
    language, _, region = code.strip().replace("-", "_").partition("_")
    if not region:
        return language.lower()
    return f"{language.lower()}_{region if len(region) > 3 else region.upper()}"


def _table(rows: tuple[tuple[str, str, int, str], ...]) -> dict[str, PluralRule]:
    return {code: PluralRule(count, formula) for code, _name, count, formula in rows}


_WEBLATE = _table(LANGUAGES)
_CLDR = _table(CLDRPLURALS)


def default_rule(language: str) -> PluralRule | None:
    """Weblate's default rule for ``language`` (exact code, else its base language), or None."""
    for code in _candidates(language):
        if code in _WEBLATE:
            return _WEBLATE[code]
    return None


def is_known_language(code: str) -> bool:
    """Whether Weblate has ``code``, or has its base language and CLDR has the exact locale."""
    base = code.split("_", 1)[0]
    return code in _WEBLATE or (base in _WEBLATE and localedata.exists(code))


def accepted_rules(language: str) -> list[PluralRule]:
    """The rules Weblate offers for ``language``: its default and the CLDR alternative."""
    rules: list[PluralRule] = []
    for code in _candidates(language):
        rules += [table[code] for table in (_WEBLATE, _CLDR) if code in table]
        if rules:
            break
    return rules


def _candidates(language: str) -> list[str]:
    code = normalize_language(language)
    base = code.split("_", 1)[0]
    return [code] if base == code else [code, base]


def equivalence_problem(language: str, rule: PluralRule) -> str | None:
    """None when ``rule`` acts like a rule Weblate accepts for ``language``; else why not."""
    accepted = accepted_rules(language)
    if not accepted:
        return f"{language!r} is not a language Weblate knows; cannot check its plural rule"
    table = plural_table(rule.formula)
    for candidate in accepted:
        if candidate.count == rule.count and plural_table(candidate.formula) == table:
            return None
    allowed = " or ".join(repr(candidate.header) for candidate in accepted)
    return f"Plural-Forms {rule.header!r} differs from Weblate's rule for {language}: {allowed}"
