"""What can go wrong talking to Tautulli, as one small tree callers catch at the level they need.

    TautulliError                 base: ``.url`` (never the API key), ``.explain(t)``
    ├── TautulliUnreachable       connection refused, host name unknown, connection lost
    ├── TautulliTimeout           no answer within the timeout (after retries) or the call's budget
    ├── TautulliAuthError         API key missing or rejected ("Invalid apikey", HTTP 400)
    ├── TautulliCommandUnknown    Tautulli too old for a command the bot needs
    └── TautulliBadResponse       an error answer (with Tautulli's message), non-JSON, unexpected
                                  shape, HTTP 5xx after retries, ...

``str(error)`` is plain English for the operator's log; ``error.explain(t)`` is the translated
sentence shown to a person: what failed, where, and what to do about it.
"""

from __future__ import annotations

from typing import Literal

from renderer.translation import Translator

UnreachableReason = Literal["refused", "dns", "network"]


class TautulliError(Exception):
    """Base of every Tautulli failure. ``url`` is the base URL as shown to people (no key)."""

    def __init__(self, message: str, *, url: str, command: str | None = None) -> None:
        super().__init__(message)
        self.url = url
        self.command = command

    def explain(self, t: Translator) -> str:
        return t.gettext("Tautulli at {url} failed: {problem}").format(url=self.url, problem=self)


class TautulliUnreachable(TautulliError):
    def __init__(
        self, *, url: str, reason: UnreachableReason, detail: str = "", command: str | None = None
    ) -> None:
        match reason:
            case "refused":
                what = "connection refused"
            case "dns":
                what = "host name not found"
            case "network":
                what = f"connection failed ({detail})"
        super().__init__(f"Tautulli at {url}: {what}", url=url, command=command)
        self.what = what
        self.reason: UnreachableReason = reason
        self.detail = detail

    def explain(self, t: Translator) -> str:
        match self.reason:
            case "refused":
                text = t.gettext(
                    "Tautulli at {url} refused the connection. Check that Tautulli is running "
                    "and that TAUTULLI_URL has the right host and port."
                )
            case "dns":
                text = t.gettext(
                    "The host name of Tautulli at {url} could not be found. Check TAUTULLI_URL."
                )
            case "network":
                text = t.gettext(
                    "Could not reach Tautulli at {url} ({detail}). Check that Tautulli is running "
                    "and reachable from the bot."
                )
        return text.format(url=self.url, detail=self.detail)


class TautulliTimeout(TautulliError):
    def __init__(self, *, url: str, command: str, seconds: float) -> None:
        super().__init__(
            f"Tautulli at {url}: no answer to {command} within {seconds:g} s",
            url=url,
            command=command,
        )
        self.seconds = seconds

    def explain(self, t: Translator) -> str:
        whole = max(1, round(self.seconds))
        return t.ngettext(
            "Tautulli at {url} did not answer {command} within {seconds} second. "
            "It may be busy: try again in a few minutes.",
            "Tautulli at {url} did not answer {command} within {seconds} seconds. "
            "It may be busy: try again in a few minutes.",
            whole,
        ).format(url=self.url, command=self.command, seconds=whole)


class TautulliAuthError(TautulliError):
    def __init__(self, *, url: str, missing: bool, detail: str, command: str | None = None) -> None:
        what = "no API key given" if missing else "API key rejected"
        super().__init__(f"Tautulli at {url}: {what} ({detail})", url=url, command=command)
        self.missing = missing

    def explain(self, t: Translator) -> str:
        if self.missing:
            text = t.gettext(
                "No Tautulli API key is configured for {url}. Copy it from Tautulli's "
                "Settings > Web Interface > API Key into TAUTULLI_API_KEY."
            )
        else:
            text = t.gettext(
                "Tautulli at {url} rejected the API key. Copy the key from Tautulli's "
                "Settings > Web Interface > API Key into TAUTULLI_API_KEY."
            )
        return text.format(url=self.url)


class TautulliCommandUnknown(TautulliError):
    def __init__(self, *, url: str, command: str) -> None:
        super().__init__(
            f"Tautulli at {url} does not know the command {command}: upgrade Tautulli",
            url=url,
            command=command,
        )

    def explain(self, t: Translator) -> str:
        return t.gettext(
            "Tautulli at {url} does not know the command {command}: it is too old for this "
            "graph. Upgrade Tautulli (the bot is tested with v2.17)."
        ).format(url=self.url, command=self.command)


class TautulliBadResponse(TautulliError):
    """An answer the bot cannot use; ``status`` is its HTTP status (5xx: Tautulli failed) and
    ``message`` the reason Tautulli gave in an error answer, if it gave one."""

    def __init__(
        self,
        *,
        url: str,
        command: str,
        problem: str,
        status: int | None = None,
        message: str | None = None,
    ) -> None:
        super().__init__(
            f"Tautulli at {url}: unusable answer to {command}: {problem}",
            url=url,
            command=command,
        )
        self.problem = problem
        self.status = status
        self.message = message

    def explain(self, t: Translator) -> str:
        if self.message:
            # Tautulli said what went wrong: its words help more than a guess about the URL.
            return t.gettext("Tautulli at {url} failed: {problem}").format(
                url=self.url, problem=f"{self.command}: {self.message}"
            )
        if self.status is not None and self.status >= 500:
            text = t.gettext(
                "Tautulli at {url} failed on {command} with HTTP {status}. "
                "Check Tautulli's log, then try again."
            )
        else:
            text = t.gettext(
                "Tautulli at {url} sent an answer to {command} that the bot cannot read "
                "({problem}). Check that TAUTULLI_URL points at Tautulli."
            )
        return text.format(
            url=self.url, command=self.command, status=self.status, problem=self.problem
        )
