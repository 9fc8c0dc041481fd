"""Discord's request signature: Ed25519 over ``timestamp + raw body``, and the replay window.

Discord signs every interaction it POSTs. The signature is checked over the exact bytes received
(never a re-serialized body); a wrong, missing or malformed signature is answered with 401, which
is also what Discord's routine security probes expect.
"""

from __future__ import annotations

import logging
import math
import time
from collections.abc import Callable

from nacl.exceptions import BadSignatureError, CryptoError
from nacl.signing import VerifyKey

__all__ = ["SignatureVerifier", "StaleTimestampLog", "timestamp_skew"]

logger = logging.getLogger(__name__)

_SIGNATURE_BYTES = 64


class SignatureVerifier:
    """Checks Discord signatures with one application public key (parsed once)."""

    def __init__(self, public_key_hex: str) -> None:
        try:
            key = bytes.fromhex(public_key_hex)
            self._key = VerifyKey(key)
        except (ValueError, TypeError, CryptoError) as exc:
            raise ValueError(
                "DISCORD_PUBLIC_KEY must be the application's 64-hex-digit public key"
            ) from exc

    def verify(self, timestamp: str, signature_hex: str, body: bytes) -> bool:
        """True only for a well-formed signature by this key over ``timestamp + body``."""
        if not timestamp:
            return False
        return self.verify_message(timestamp.encode() + body, signature_hex)

    def verify_message(self, message: bytes, signature_hex: str) -> bool:
        """Plain Ed25519: True only for a well-formed signature by this key over ``message``."""
        if not signature_hex:
            return False
        try:
            signature = bytes.fromhex(signature_hex)
        except ValueError:
            return False
        if len(signature) != _SIGNATURE_BYTES:
            return False
        try:
            self._key.verify(message, signature)
        except (BadSignatureError, CryptoError, ValueError):
            return False
        return True


def timestamp_skew(timestamp: str, now: float) -> float | None:
    """Seconds between the signed timestamp and ``now`` (positive = from the past); None if bad."""
    try:
        stamp = float(timestamp)
    except ValueError:
        return None
    if not math.isfinite(stamp):
        return None
    return now - stamp


class StaleTimestampLog:
    """Logs a rejected timestamp once per skew size (in minutes) per minute, not per request.

    A wrong server clock makes every request fail the same way; one line a minute with the skew is
    what the operator needs, a flood of identical lines is not.
    """

    def __init__(
        self, *, interval: float = 60.0, monotonic: Callable[[], float] = time.monotonic
    ) -> None:
        self._interval = interval
        self._monotonic = monotonic
        self._last: dict[int, float] = {}

    def rejected(self, skew: float | None, max_age: int) -> bool:
        """Record a rejection; returns True when it was logged."""
        bucket = -(10**9) if skew is None else int(skew // 60)
        now = self._monotonic()
        last = self._last.get(bucket)
        if last is not None and now - last < self._interval:
            return False
        if len(self._last) > 256:
            self._last = {k: v for k, v in self._last.items() if now - v < self._interval}
        self._last[bucket] = now
        if skew is None:
            logger.warning("Rejected an interaction: its signature timestamp is not a number")
        else:
            logger.warning(
                "Rejected an interaction: signature timestamp is %.0f s %s this server's clock "
                "(allowed: %d s); check the clock (NTP) if this repeats",
                abs(skew),
                "behind" if skew >= 0 else "ahead of",
                max_age,
            )
        return True
