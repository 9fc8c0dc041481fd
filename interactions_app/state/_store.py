"""``StateStore``: the bot's one SQLite file, shared by the endpoint server and the post script.

Concurrency: each store holds **one connection guarded by a lock**, so any thread may call it
(calls from threads of one process run one after another; each is sub-millisecond). Processes
share the file through SQLite's own locking: WAL mode lets readers run beside a writer, every
write is one short ``BEGIN IMMEDIATE`` transaction (it takes the write lock up front, so it
never fails half-way on a lock upgrade), and ``busy_timeout`` makes a writer wait its turn.

Durability: ``synchronous=NORMAL`` in WAL mode keeps every commit through a killed process; a
power cut or kernel crash may lose the last commits (never corrupt the file). That is the
trade for sub-millisecond writes on the request path.

Calls are synchronous; async callers decide whether to hop to a worker thread. A write waits up
to ``busy_timeout`` while another process holds the write lock (the post script's transactions
are as short as the endpoint's), then raises ``StateUnavailable``.
"""

from __future__ import annotations

import sqlite3
import threading
from collections.abc import Generator, Mapping
from contextlib import contextmanager
from datetime import date, datetime
from pathlib import Path
from types import TracebackType
from typing import Self

from interactions_app.state import _bindings, _cooldown_slots, _digests, _posting, _replays
from interactions_app.state._bindings import Binding, ClaimResult
from interactions_app.state._connection import connect
from interactions_app.state._digests import DigestRecord
from interactions_app.state._errors import StateUnavailable
from interactions_app.state._posting import PostedMessage, PostIntent
from interactions_app.state._schema import NewerSchema, migrate

STATE_FILE_NAME = "state.sqlite3"


class StateStore:
    def __init__(self, path: Path, *, busy_timeout: float = 10.0) -> None:
        self.path = path
        self._lock = threading.Lock()
        try:
            self._conn = connect(path, busy_timeout)
        except (OSError, sqlite3.Error) as error:
            raise StateUnavailable(path, str(error)) from error
        try:
            with self._write() as conn:
                migrate(conn)
        except StateUnavailable:
            self._conn.close()
            raise
        except NewerSchema as error:
            self._conn.close()
            raise StateUnavailable(path, str(error)) from error

    @classmethod
    def in_data_dir(cls, data_dir: Path) -> StateStore:
        """The store at its usual place inside ``DATA_DIR``."""
        return cls(data_dir / STATE_FILE_NAME)

    def close(self) -> None:
        with self._lock:
            self._conn.close()

    def __enter__(self) -> Self:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.close()

    # Schedule

    def last_post_at(self) -> datetime | None:
        """When the last scheduled (or forced) post completed, aware UTC; None if never."""
        with self._read() as conn:
            return _posting.last_post_at(conn)

    def next_due_at(self) -> datetime | None:
        """When the next post is due, aware UTC; None means due now (never posted or reset)."""
        with self._read() as conn:
            return _posting.next_due_at(conn)

    # Posting protocol (see ``_posting`` for the steps and the crash analysis)

    def begin_run(self, run_id: str) -> None:
        """Start recording a run; raises ``ValueError`` if ``run_id`` was used before."""
        with self._write() as conn:
            _posting.begin_run(conn, run_id)

    def record_intent(self, run_id: str, webhook_key: str, at: datetime) -> int:
        """Note, before sending, that a message POST is about to go out; returns its number."""
        with self._write() as conn:
            return _posting.record_intent(conn, run_id, webhook_key, at)

    def unresolved_intents(self) -> list[PostIntent]:
        """POSTs sent without a recorded answer: Discord may have posted them, or not."""
        with self._read() as conn:
            return _posting.unresolved_intents(conn)

    def resolve_intent(self, seq: int) -> None:
        """The POST surely posted nothing, or what it posted is recorded or given up on."""
        with self._write() as conn:
            _posting.resolve_intent(conn, seq)

    def is_recorded(self, message_id: str) -> bool:
        with self._read() as conn:
            return _posting.is_recorded(conn, message_id)

    def record_posted_message(
        self, run_id: str, webhook_key: str, message_id: str, intent: int | None = None
    ) -> None:
        """Record one message right after Discord confirmed it (resolving ``intent`` in the
        same transaction); never refuses an id."""
        with self._write() as conn:
            _posting.record_posted_message(conn, run_id, webhook_key, message_id, intent)

    def complete_run(
        self, run_id: str, at: datetime, next_due: datetime | None
    ) -> list[PostedMessage]:
        """Make ``run_id`` the shown set and record the schedule, atomically.

        Returns the messages to delete now: those of every other run, oldest first. Raises
        ``RunSuperseded`` (changing nothing) if a run begun after this one already completed.
        """
        with self._write() as conn:
            return _posting.complete_run(conn, run_id, at, next_due)

    def messages_to_delete(self) -> list[PostedMessage]:
        """Messages of every run but the latest complete one. Delete them only under the lock."""
        with self._read() as conn:
            return _posting.messages_to_delete(conn)

    def forget_message(self, message_id: str) -> bool:
        """Drop a message deleted from Discord (or found gone); False if it was not recorded."""
        with self._write() as conn:
            return _posting.forget_message(conn, message_id)

    def acquire_post_lock(self, owner: str, lease_seconds: float, now: datetime) -> bool:
        """Take the post lock until ``now + lease_seconds``; False while another owner holds it.

        The owner calling again extends its lease; an expired lease is taken over, and so is
        one whose owner's process is gone from this host (killed mid-run).
        """
        with self._write() as conn:
            return _posting.acquire_post_lock(conn, owner, lease_seconds, now)

    def renew_post_lock(self, owner: str, lease_seconds: float, now: datetime) -> bool:
        """Extend ``owner``'s lease to ``now + lease_seconds``, only if it still holds the lock.

        False when the lock was taken over or released since: stop posting.
        """
        with self._write() as conn:
            return _posting.renew_post_lock(conn, owner, lease_seconds, now)

    def release_post_lock(self, owner: str) -> bool:
        """Release the lock if ``owner`` holds it; False if it did not (expired and taken)."""
        with self._write() as conn:
            return _posting.release_post_lock(conn, owner)

    # Digests, one per period (see ``_digests`` for the protocol)

    def digest_record(self, kind: str, start: date) -> DigestRecord | None:
        with self._read() as conn:
            return _digests.digest_record(conn, kind, start)

    def digests_sending(self) -> list[DigestRecord]:
        """Digests whose POST went out without a recorded answer, oldest first."""
        with self._read() as conn:
            return _digests.digests_sending(conn)

    def begin_digest(
        self, kind: str, start: date, end: date, *, webhook_key: str, at: datetime
    ) -> bool:
        """Record, before sending, that the digest of this period goes out now; False when the
        period already has a record (posted, or being posted)."""
        with self._write() as conn:
            return _digests.begin_digest(conn, kind, start, end, webhook_key=webhook_key, at=at)

    def digest_sent(self, kind: str, start: date, message_id: str) -> None:
        with self._write() as conn:
            _digests.digest_sent(conn, kind, start, message_id)

    def digest_unverified(self, kind: str, start: date) -> None:
        """Give up looking: the digest may be in the channel; it is never posted again."""
        with self._write() as conn:
            _digests.digest_unverified(conn, kind, start)

    def drop_digest(self, kind: str, start: date) -> None:
        """Nothing was posted: forget the attempt so that a later run posts the digest."""
        with self._write() as conn:
            _digests.drop_digest(conn, kind, start)

    # Cooldowns (policy in ``interactions_app.commands.cooldowns``)

    def claim_cooldowns(
        self, command: str, ends: Mapping[str, datetime], now: datetime
    ) -> datetime | None:
        """In one transaction: if a scope of ``command`` in ``ends`` still runs at ``now``,
        return the latest end among them; else start every scope until its end, return None."""
        with self._write() as conn:
            return _cooldown_slots.claim_cooldowns(conn, command, ends, now)

    def refund_cooldowns(self, command: str, ends: Mapping[str, datetime]) -> None:
        """Undo a successful ``claim_cooldowns(command, ends, …)``: the command did not run."""
        with self._write() as conn:
            _cooldown_slots.refund_cooldowns(conn, command, ends)

    # Discord ↔ Plex bindings

    def binding_for_discord(self, discord_user_id: str) -> Binding | None:
        with self._read() as conn:
            return _bindings.binding_for_discord(conn, discord_user_id)

    def binding_for_plex(self, plex_user_id: int) -> Binding | None:
        """The confirmed link of a Plex account, if any (who holds it, for /config link)."""
        with self._read() as conn:
            return _bindings.binding_for_plex(conn, plex_user_id)

    def list_bindings(self) -> list[Binding]:
        """Every confirmed link, oldest first (for /config links)."""
        with self._read() as conn:
            return _bindings.list_bindings(conn)

    def bind(self, discord_user_id: str, plex_user_id: int, email: str, now: datetime) -> Binding:
        """Link the two accounts (again: no change). Raises ``DiscordAccountAlreadyBound`` or
        ``PlexAccountAlreadyBound`` when either is linked to someone else."""
        with self._write() as conn:
            return _bindings.bind(conn, discord_user_id, plex_user_id, email, now)

    def link_verified(self, discord_user_id: str, plex_user_id: int, now: datetime) -> Binding:
        """Link after Plex sign-in or by an admin, replacing the member's own link and any
        e-mail claim of the same Plex account; raises ``PlexAccountAlreadyBound`` when another
        member holds it by a verified link."""
        with self._write() as conn:
            return _bindings.link_verified(conn, discord_user_id, plex_user_id, now)

    def claim_binding(
        self,
        discord_user_id: str,
        plex_user_id: int | None,
        email: str,
        now: datetime,
        lease_until: datetime,
    ) -> ClaimResult:
        """Before answering /my_stats: link provisionally (until ``lease_until``), or join the
        member's provisional or confirmed link to that account. ``plex_user_id`` None (no such
        account) changes nothing and answers as a taken account would. See ``_bindings``."""
        with self._write() as conn:
            return _bindings.claim(
                conn, discord_user_id, plex_user_id, email, now=now, lease_until=lease_until
            )

    def settle_binding(self, discord_user_id: str, plex_user_id: int, *, delivered: bool) -> None:
        """After a claimed /my_stats: confirm the link, or give up this request's hold on it."""
        with self._write() as conn:
            _bindings.settle(conn, discord_user_id, plex_user_id, delivered)

    def unbind(self, discord_user_id: str) -> bool:
        """Remove the Discord account's link; False if it had none."""
        with self._write() as conn:
            return _bindings.unbind(conn, discord_user_id)

    # Replay protection

    def first_delivery(self, interaction_id: str, until: datetime, now: datetime) -> bool:
        """Record ``interaction_id`` as handled until ``until``; False if it already was.

        Records that end before ``now`` are dropped in the same transaction."""
        with self._write() as conn:
            return _replays.first_delivery(conn, interaction_id, until, now)

    @contextmanager
    def _read(self) -> Generator[sqlite3.Connection]:
        with self._lock, self._translated_errors():
            yield self._conn

    @contextmanager
    def _write(self) -> Generator[sqlite3.Connection]:
        with self._lock, self._translated_errors():
            self._conn.execute("BEGIN IMMEDIATE")
            try:
                yield self._conn
            except BaseException:
                # autocommit=True: the connection's commit()/rollback() methods are no-ops.
                if self._conn.in_transaction:
                    self._conn.execute("ROLLBACK")
                raise
            self._conn.execute("COMMIT")

    @contextmanager
    def _translated_errors(self) -> Generator[None]:
        try:
            yield
        except (sqlite3.IntegrityError, sqlite3.ProgrammingError):
            raise  # a bug in the caller or here, not a problem with the file
        except sqlite3.DatabaseError as error:
            raise StateUnavailable(self.path, str(error)) from error
