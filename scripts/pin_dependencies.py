"""Refresh the exact dependency pins in pyproject.toml to the newest compatible releases.

    uv run --no-project scripts/pin_dependencies.py

``uv.lock`` records download hosts, so it is not committed. Instead the complete resolved set
(direct and transitive, dev tools included) lives in ``[tool.uv] constraint-dependencies`` and
the build backend in ``build-constraint-dependencies``: every ``uv sync``/``uv run`` on any
machine and any day resolves exactly those versions. This script resolves the ranges in
``[project]`` and ``[dependency-groups]`` afresh in a scratch copy (ignoring the current pins),
then rewrites the two pin blocks. Run it, then the tests, and commit the result.
"""

from __future__ import annotations

import argparse
import re
import shutil
import subprocess
import sys
import tempfile
import tomllib
from collections.abc import Sequence
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
_PIN_BLOCK = re.compile(
    r"^(?P<key>constraint-dependencies|build-constraint-dependencies) = \[\n.*?^\]\n",
    re.MULTILINE | re.DOTALL,
)
_PIN_LINE = re.compile(r"^(?P<name>[A-Za-z0-9._-]+)==(?P<version>[^\s;]+)")


def _uv(*args: str, cwd: Path) -> str:
    uv = shutil.which("uv")
    if uv is None:
        raise SystemExit("uv is not on PATH: install it with 'pip install uv'")
    done = subprocess.run(  # noqa: S603 - fixed argv, no shell
        [uv, *args], cwd=cwd, capture_output=True, text=True, check=False
    )
    if done.returncode != 0:
        raise SystemExit(f"uv {' '.join(args)} failed:\n{done.stderr.strip()}")
    return done.stdout


def _without_pins(pyproject: str) -> str:
    return _PIN_BLOCK.sub("", pyproject)


def _block(key: str, pins: Sequence[str]) -> str:
    lines = "".join(f'    "{pin}",\n' for pin in pins)
    return f"{key} = [\n{lines}]\n"


def resolve(pyproject: str, build_requires: Sequence[str]) -> tuple[list[str], list[str]]:
    """The newest versions the ranges allow: (runtime and dev set, build backend set)."""
    with tempfile.TemporaryDirectory() as scratch:
        work = Path(scratch)
        (work / "pyproject.toml").write_text(_without_pins(pyproject), encoding="utf-8")
        for name in ("README.md", "LICENSE"):
            shutil.copy(ROOT / name, work / name)
        _uv("lock", "--upgrade", "--quiet", cwd=work)
        exported = _uv(
            "export", "--all-groups", "--no-hashes", "--no-emit-project", "--no-header", cwd=work
        )
        (work / "build.in").write_text("\n".join(build_requires) + "\n", encoding="utf-8")
        compiled = _uv(
            "pip", "compile", "build.in", "--no-header", "--no-annotate", "--quiet", cwd=work
        )
    return _pins(exported), _pins(compiled)


def _pins(requirements: str) -> list[str]:
    pins: dict[str, str] = {}
    for line in requirements.splitlines():
        match = _PIN_LINE.match(line.strip())
        if match:
            pins[match["name"].lower()] = f"{match['name'].lower()}=={match['version']}"
    return [pins[name] for name in sorted(pins)]


def rewrite(pyproject: str, pins: Sequence[str], build_pins: Sequence[str]) -> str:
    blocks = {
        "constraint-dependencies": _block("constraint-dependencies", pins),
        "build-constraint-dependencies": _block("build-constraint-dependencies", build_pins),
    }
    missing = [key for key in blocks if not re.search(rf"^{key} = \[", pyproject, re.MULTILINE)]
    if missing:
        raise SystemExit(f"pyproject.toml has no {' or '.join(missing)} under [tool.uv]")
    return _PIN_BLOCK.sub(lambda match: blocks[match["key"]], pyproject)


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n", 1)[0] if __doc__ else None)
    parser.add_argument(
        "--check",
        action="store_true",
        help="only report whether newer compatible versions exist (exit 1 if so); default: rewrite",
    )
    args = parser.parse_args(argv)
    path = ROOT / "pyproject.toml"
    before = path.read_text(encoding="utf-8")
    build_requires = tomllib.loads(before)["build-system"]["requires"]
    pins, build_pins = resolve(before, build_requires)
    after = rewrite(before, pins, build_pins)
    if after == before:
        print("pins already at the newest compatible versions")
        return 0
    if args.check:
        print("newer compatible versions exist: run scripts/pin_dependencies.py")
        return 1
    path.write_text(after, encoding="utf-8")
    print(f"pinned {len(pins)} packages and {len(build_pins)} build packages in {path.name}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
