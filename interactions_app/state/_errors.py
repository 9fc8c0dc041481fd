"""What can go wrong with the state file, explained to a person.

```
StateError
├── StateUnavailable            the file cannot be opened, read or written (locked, disk, version)
│   └── StateBusy               a request's turn to use the file did not come in time
├── RunSuperseded               a newer scheduled run completed while this one was posting
└── BindingConflict             a Discord or Plex account is already linked to someone else
    ├── DiscordAccountAlreadyBound
    └── PlexAccountAlreadyBound
```
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    # Only a type: importing the renderer package at run time would load matplotlib.
    from renderer.translation import Translator


class StateError(Exception):
    def explain(self, t: Translator) -> str:
        return t.gettext("The bot's state file could not be used.")


class StateUnavailable(StateError):
    def __init__(self, path: Path, reason: str) -> None:
        super().__init__(f"state file {path}: {reason}")
        self.path = path
        self.reason = reason

    def explain(self, t: Translator) -> str:
        return t.gettext(
            "The bot's state file {path} could not be used ({reason}). Check that the data "
            "directory exists, is writable by the bot and is not on a network share."
        ).format(path=self.path, reason=self.reason)


class StateBusy(StateUnavailable):
    def __init__(self, path: Path, waited: float) -> None:
        super().__init__(path, f"no turn to use it within {waited:g} s")


class RunSuperseded(StateError):
    def __init__(self, run_id: str, current_run_id: str) -> None:
        super().__init__(
            f"run {run_id!r} cannot complete: the newer run {current_run_id!r} already has"
        )
        self.run_id = run_id
        self.current_run_id = current_run_id

    def explain(self, t: Translator) -> str:
        return t.gettext(
            "Another scheduled post finished while this one was still posting; its graphs stay "
            "and this run's messages will be removed. If this repeats, the post lock's lease is "
            "shorter than a post takes."
        )


class BindingConflict(StateError):
    def __init__(self, discord_user_id: str, plex_user_id: int) -> None:
        super().__init__(
            f"Discord user {discord_user_id} and Plex user {plex_user_id}: "
            "one of them is already linked to another account"
        )
        self.discord_user_id = discord_user_id
        self.plex_user_id = plex_user_id


class DiscordAccountAlreadyBound(BindingConflict):
    def explain(self, t: Translator) -> str:
        return t.gettext(
            "Your Discord account is already linked to another Plex account. "
            "Ask an admin to remove the link if it is wrong."
        )


class PlexAccountAlreadyBound(BindingConflict):
    def explain(self, t: Translator) -> str:
        return t.gettext(
            "That Plex account is already linked to another Discord account. "
            "Ask an admin to remove the link if it is yours."
        )
