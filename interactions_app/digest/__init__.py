"""Digests and Wrapped recaps as Discord messages: numbers worded and formatted per language."""

from __future__ import annotations

from interactions_app.digest.message import digest_message
from interactions_app.digest.wording import Wording, period_label
from interactions_app.digest.wrapped_message import wrapped_message

__all__ = ["Wording", "digest_message", "period_label", "wrapped_message"]
