"""How the renderer asks for translated text: any ``gettext.NullTranslations`` fits."""

from __future__ import annotations

from typing import Protocol


class Translator(Protocol):
    def gettext(self, message: str, /) -> str: ...

    def ngettext(self, singular: str, plural: str, n: int, /) -> str: ...


def N_(message: str) -> str:
    """Mark a string for extraction without translating it; it is translated where it is shown."""
    return message
