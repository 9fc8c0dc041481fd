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

_FOLDER = files("renderer") / "sample_data"


def sample_name(command: str, variant: str = "") -> str:
    """The bundled file of ``command``'s answer, or of its ``variant`` (e.g. ``duration``)."""
    return f"{command}__{variant}.json" if variant else f"{command}.json"


def has_sample(command: str, variant: str = "") -> bool:
    return (_FOLDER / sample_name(command, variant)).is_file()


def sample_answer(command: str, variant: str = "") -> bytes:
    """The bundled Tautulli answer (the whole ``{"response": ...}`` body), as Tautulli sent it."""
    return (_FOLDER / sample_name(command, variant)).read_bytes()


def sample_graph(command: str, variant: str = "") -> GraphData:
    """The bundled graph answer of ``command`` (or its ``variant``), parsed."""
    return _decode(command, variant, GraphData)


def sample_file_name(command: str, *, y_axis: YAxis = "plays", user_id: int | None = None) -> str:
    """The bundled file answering this call: a ``__duration`` variant for durations, else a
    ``__user`` variant for one user, else the command's own file."""
    return sample_name(command, _variant(command, y_axis=y_axis, user_id=user_id))


def _variant(command: str, *, y_axis: YAxis, user_id: int | None) -> str:
    candidates: list[str] = []
    if y_axis == "duration":
        candidates.append("duration")
    if user_id is not None:
        candidates.append("user")
    return next((variant for variant in candidates if has_sample(command, variant)), "")


def _decode[T](command: str, variant: str, data_type: type[T]) -> T:
    return decode_answer(
        sample_answer(command, variant),
        status=200,
        data_type=data_type,
        url=SAMPLE_URL,
        command=command,
    )


class SampleTautulli(TautulliSource):
    """A ``TautulliSource`` answering from the bundled sample data."""

    def __init__(self) -> None:
        self._answers: dict[tuple[str, str], object] = {}

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
        variant = _variant(command, y_axis=y_axis, user_id=user_id)
        return self._load(command, variant, GraphData)

    async def users(self) -> list[TautulliUser]:
        return self._load("get_users", "", list[TautulliUser])

    async def server_info(self) -> TautulliInfo:
        return self._load("get_tautulli_info", "", TautulliInfo)

    def _load[T](self, command: str, variant: str, data_type: type[T]) -> T:
        if (command, variant) not in self._answers:
            self._answers[command, variant] = _decode(command, variant, data_type)
        return self._answers[command, variant]  # pyright: ignore[reportReturnType] - stored as data_type
