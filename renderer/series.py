"""Tautulli's series names: the identity that colours, translated names and totals key on."""

from __future__ import annotations

TV = "TV"
MOVIES = "Movies"
MUSIC = "Music"
LIVE_TV = "Live TV"
TOTAL = "Total"
DIRECT_PLAY = "Direct Play"
DIRECT_STREAM = "Direct Stream"
TRANSCODE = "Transcode"
MAX_CONCURRENT_STREAMS = "Max. Concurrent Streams"
