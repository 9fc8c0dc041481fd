"""Keep the API key out of httpx's own request log lines.

Tautulli takes the key in the query string, and httpx logs every request URL at INFO level
("HTTP Request: GET http://host:8181/api/v2?apikey=...&cmd=..."), so any app that shows INFO logs
would write the key to its journal (and the password of a ``user:password@`` URL). The filter
rewrites the URL of those records only.
"""

from __future__ import annotations

import logging

import httpx

_HIDDEN = "hidden"


class HideApiKey(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        args = record.args
        if isinstance(args, tuple) and any(isinstance(arg, httpx.URL) for arg in args):
            record.args = tuple(_hide(arg) if isinstance(arg, httpx.URL) else arg for arg in args)
        return True


def _hide(url: httpx.URL) -> httpx.URL:
    if url.password:
        # Basic auth in the configured URL (Tautulli behind a proxy) is a secret as well.
        url = url.copy_with(username=url.username, password=_HIDDEN)
    return url.copy_set_param("apikey", _HIDDEN) if "apikey" in url.params else url


def hide_api_keys_in_httpx_log() -> None:
    """Install the filter on the ``httpx`` logger once per process."""
    httpx_logger = logging.getLogger("httpx")
    if not any(isinstance(existing, HideApiKey) for existing in httpx_logger.filters):
        httpx_logger.addFilter(HideApiKey())
