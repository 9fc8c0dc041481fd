"""Kill a run at its n-th step, the way ``kill -9`` would: for the crash tests of posting.

A step is a call into the state file or to Discord, counted ``"before"`` it runs or
``"after"`` it took effect (committed, or acted on by Discord) but before the caller sees the
answer. Once killed, every later call raises ``Killed`` without acting: a dead process neither
records, nor deletes, nor releases its lock.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, cast


class Killed(BaseException):
    """The run died here (a BaseException: nothing in the bot may catch it)."""


class Killer:
    """Dies at the ``kill_at``-th step, or at the first call of ``method`` when given."""

    def __init__(self, kill_at: int, when: str, method: str | None = None) -> None:
        self.kill_at = kill_at
        self.when = when
        self.method = method
        self.steps = 0
        self.dead = False

    def step(self, moment: str, name: str) -> None:
        if self.dead:
            raise Killed
        if moment != self.when or (self.method is not None and name != self.method):
            return
        self.steps += 1
        if self.steps == self.kill_at or self.method is not None:
            self.dead = True
            raise Killed


ASYNC_METHODS = frozenset(
    {"execute_webhook", "delete_webhook_message", "get_webhook", "list_messages_after"}
)


class Tripwire:
    """Proxies every public method of ``inner``, counting each call as a step."""

    def __init__(self, inner: object, killer: Killer) -> None:
        self._inner = inner
        self._killer = killer

    def __getattr__(self, name: str) -> Any:
        value = getattr(self._inner, name)
        if name.startswith("_") or not callable(value):
            return value
        function = cast(Callable[..., Any], value)
        killer = self._killer

        if name in ASYNC_METHODS:

            async def call_async(*args: Any, **kwargs: Any) -> Any:
                killer.step("before", name)
                result = await function(*args, **kwargs)
                killer.step("after", name)
                return result

            return call_async

        def call(*args: Any, **kwargs: Any) -> Any:
            killer.step("before", name)
            result = function(*args, **kwargs)
            killer.step("after", name)
            return result

        return call
