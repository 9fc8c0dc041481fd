"""PNG checks and a visible fake translation, for the renderer tests."""

from __future__ import annotations

import struct

PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"


def png_size(png: bytes) -> tuple[int, int]:
    """Width and height from the IHDR chunk, after checking the signature and chunk type."""
    assert png[:8] == PNG_SIGNATURE
    assert png[12:16] == b"IHDR"
    width, height = struct.unpack(">II", png[16:24])
    return width, height


class MarkingTranslator:
    """Marks every translated string, so tests see which text went through translation."""

    def gettext(self, message: str, /) -> str:
        return "T:" + message

    def ngettext(self, singular: str, plural: str, n: int, /) -> str:
        return "T:" + (singular if n == 1 else plural)
