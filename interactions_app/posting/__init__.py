"""The scheduled post: due check, lock, render, post, replace, record, retention.

``post_graph_set`` drives the exactly-once protocol of ``interactions_app.state._posting``
(read its docstring for the crash analysis). In short, for one run:

1. Not forced and not due: say when it is due (and, under the lock, delete leftovers of an
   earlier run that could not be deleted then). The due time is computed from the last post and
   the *current* config, so an edited ``UPDATE_DAYS`` applies at once.
2. Take the post lock (a lease in the state DB); check "due" again under it.
3. Render everything (Tautulli down → nothing posted) and keep the files in
   ``DATA_DIR/graphs/YYYY-MM-DD/``.
4. Post one message per graph through the channel webhook, recording each id as soon as Discord
   confirms it. If one fails, delete this run's messages (best effort; what cannot be deleted
   stays recorded for the next run) and raise ``PostingFailed``.
5. Complete the run (it becomes the shown set, the schedule moves on), then delete the previous
   set's messages: only ever messages this bot posted itself.
6. Remove old graph files, release the lock.

The scheduled script and ``/update_graphs`` (``force=True``, with a progress callback) share it.

``post_digest`` posts the digest (``DIGEST``) through the same webhook, under the same lock, at
most once per period (``_digest``).
"""

from __future__ import annotations

from interactions_app.posting._context import (
    LEASE_SECONDS,
    PostContext,
    webhook_key,
)
from interactions_app.posting._digest import DigestMaker, post_digest
from interactions_app.posting._errors import (
    DigestAnswerLost,
    LockLost,
    NoGraphsEnabled,
    PostingError,
    PostingFailed,
    WebhookNotConfigured,
)
from interactions_app.posting._post import post_graph_set
from interactions_app.posting._result import (
    DigestResult,
    PostResult,
    PostStatus,
    describe_digest_result,
    describe_result,
)
from interactions_app.posting.schedule import due_at

__all__ = [
    "LEASE_SECONDS",
    "DigestAnswerLost",
    "DigestMaker",
    "DigestResult",
    "LockLost",
    "NoGraphsEnabled",
    "PostContext",
    "PostResult",
    "PostStatus",
    "PostingError",
    "PostingFailed",
    "WebhookNotConfigured",
    "describe_digest_result",
    "describe_result",
    "due_at",
    "post_digest",
    "post_graph_set",
    "webhook_key",
]
