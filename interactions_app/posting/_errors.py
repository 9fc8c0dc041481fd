"""What can stop a scheduled post, explained to a person.

```
PostingError
├── WebhookNotConfigured    DISCORD_WEBHOOK_URL is empty
├── NoGraphsEnabled         every ENABLE_… setting is false
├── LockLost                another run took over the post lock mid-run
└── PostingFailed           an upload failed part-way (this run's messages were removed)

AnswerLost (a DiscordError)  Discord's answer to a post was lost and the channel could not
└── DigestAnswerLost         be read to find out whether it was posted (the digest: it is
                             never posted again for that period)
```

Tautulli, Discord, render and state errors keep their own trees and are raised as they are.
"""

from __future__ import annotations

from interactions_app.discord import DiscordError
from renderer import Translator


class PostingError(Exception):
    """Base class of the failures of the posting protocol itself."""

    def explain(self, t: Translator) -> str:
        return t.gettext("The graphs could not be posted.")


class WebhookNotConfigured(PostingError):
    def __init__(self) -> None:
        super().__init__("DISCORD_WEBHOOK_URL is not set")

    def explain(self, t: Translator) -> str:
        return t.gettext(
            "DISCORD_WEBHOOK_URL is not set: create a webhook in the channel's Integrations "
            "settings and put its URL in the configuration."
        )


class NoGraphsEnabled(PostingError):
    def __init__(self) -> None:
        super().__init__("every graph is disabled")

    def explain(self, t: Translator) -> str:
        return t.gettext(
            "Every graph is turned off (all ENABLE_… settings are false): there is nothing to "
            "post. Turn on at least one graph in the configuration."
        )


class LockLost(PostingError):
    def __init__(self, posted: int, total: int) -> None:
        super().__init__(f"post lock lost after {posted} of {total} messages")
        self.posted = posted
        self.total = total

    def explain(self, t: Translator) -> str:
        return t.gettext(
            "Another run took over the post lock after {posted} of {total} graphs were posted "
            "(this run took too long); it finishes the job."
        ).format(posted=self.posted, total=self.total)


class PostingFailed(PostingError):
    """An upload failed part-way; this run's messages were deleted where Discord allowed."""

    def __init__(self, cause: DiscordError, *, failed_at: int, total: int, leftover: int) -> None:
        super().__init__(f"upload {failed_at} of {total} failed: {cause}")
        self.cause = cause
        self.failed_at = failed_at
        self.total = total
        self.leftover = leftover

    def explain(self, t: Translator) -> str:
        reason = self.cause.explain(t)
        if self.leftover:
            return t.ngettext(
                "Posting stopped at graph {failed_at} of {total}: {reason} {leftover} message "
                "of this run could not be removed yet; the next run removes it.",
                "Posting stopped at graph {failed_at} of {total}: {reason} {leftover} messages "
                "of this run could not be removed yet; the next run removes them.",
                self.leftover,
            ).format(
                failed_at=self.failed_at, total=self.total, reason=reason, leftover=self.leftover
            )
        return t.gettext(
            "Posting stopped at graph {failed_at} of {total}: {reason} Nothing of this run was "
            "left in the channel; the next run tries again."
        ).format(failed_at=self.failed_at, total=self.total, reason=reason)


class AnswerLost(DiscordError):
    """A message POST's answer was lost (``cause``) and the bot cannot read the channel to find
    out whether Discord posted it; or it was lost every time with nothing posted (no cause)."""

    def __init__(self, cause: DiscordError | None) -> None:
        super().__init__(
            f"Discord's answer was lost: {cause}" if cause else "answers kept being lost"
        )
        self.cause = cause

    def explain(self, t: Translator) -> str:
        if self.cause is None:
            return t.gettext("Discord's answers kept being lost. Please try again later.")
        return self._lost(t).format(reason=getattr(self.cause, "reason", str(self.cause)))

    def _lost(self, t: Translator) -> str:
        return t.gettext(
            "Discord's answer was lost ({reason}), so it may have posted this graph anyway. "
            "Without DISCORD_BOT_TOKEN and read access to the channel the bot cannot check: "
            "delete a stray copy by hand."
        )


class DigestAnswerLost(AnswerLost):
    def _lost(self, t: Translator) -> str:
        return t.gettext(
            "Discord's answer was lost ({reason}), so the digest may have been posted anyway. "
            "Without DISCORD_BOT_TOKEN and read access to the channel the bot cannot check, and "
            "it never posts a digest twice: look in the channel."
        )
