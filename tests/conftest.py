from __future__ import annotations

import os

import pytest

# Rendering must never need a display, whatever the developer's environment says.
os.environ.setdefault("MPLBACKEND", "Agg")


@pytest.fixture
def anyio_backend() -> str:
    return "asyncio"
