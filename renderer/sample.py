"""Tautulli without a server: the answers bundled in ``renderer/sample_data/``.

``SampleTautulli`` has the public methods of ``TautulliClient`` (it is a ``TautulliSource``), so
previews, demos and tests can run the whole pipeline with no Tautulli at all. The answers come
from one synthetic server (12 users, 90 days); parameters only pick among the captured variants.
"""

from __future__ import annotations

from importlib.resources import files

from renderer.tautulli import GraphData, TautulliInfo, TautulliSource, TautulliUser, YAxis
from renderer.tautulli._models import check_graph_call
from renderer.tautulli._parse import decode_answer

SAMPLE_URL = "sample data"
"""What errors name as the server (a broken bundled file is a packaging bug)."""


def sample_file_name(command: str, *, y_axis: YAxis = "plays", user_id: int | None = None) -> str:
    """The bundled file answering this call: a ``__duration`` variant for durations, else a
    ``__user`` variant for one user, else the command's own file."""
    folder = files("renderer") / "sample_data"
    candidates: list[str] = []
    if y_axis == "duration":
        candidates.append(f"{command}__duration.json")
    if user_id is not None:
        candidates.append(f"{command}__user.json")
    for name in candidates:
        if (folder / name).is_file():
            return name
    return f"{command}.json"


class SampleTautulli(TautulliSource):
    """A ``TautulliSource`` answering from the bundled sample data."""

    def __init__(self) -> None:
        self._answers: dict[str, object] = {}

    def __repr__(self) -> str:
        return "SampleTautulli()"

    async def aclose(self) -> None:
        self._answers.clear()

    async def graph(
        self,
        command: str,
        *,
        time_range: int,
        y_axis: YAxis = "plays",
        user_id: int | None = None,
        grouping: bool = True,
    ) -> GraphData:
        check_graph_call(command, time_range=time_range, y_axis=y_axis)
        name = sample_file_name(command, y_axis=y_axis, user_id=user_id)
        return self._load(name, command, GraphData)

    async def users(self) -> list[TautulliUser]:
        return self._load("get_users.json", "get_users", list[TautulliUser])

    async def server_info(self) -> TautulliInfo:
        return self._load("get_tautulli_info.json", "get_tautulli_info", TautulliInfo)

    def _load[T](self, name: str, command: str, data_type: type[T]) -> T:
        if name not in self._answers:
            body = (files("renderer") / "sample_data" / name).read_bytes()
            self._answers[name] = decode_answer(
                body, status=200, data_type=data_type, url=SAMPLE_URL, command=command
            )
        return self._answers[name]  # pyright: ignore[reportReturnType] - stored as data_type
