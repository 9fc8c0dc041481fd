"""``tgraph-bot post`` (``scripts/post_graphs.py``): the scheduled post, or a render into a folder.

Run every 15 minutes by a timer; posts the graph set when due, then the digest when one is due
(``DIGEST``), once per period. ``--only graphs`` or ``--only digest`` runs one of the two. Prints
ONE line: what was done, when the next post is due, or what went wrong (no traceback for the
failures a person can fix).
"""

from __future__ import annotations

import argparse
import logging
import os
import sys
from collections.abc import Awaitable, Callable, Mapping, Sequence
from functools import partial
from pathlib import Path
from typing import Literal, TextIO
from zoneinfo import ZoneInfo

import anyio

from interactions_app.cli._common import (
    COMMAND,
    EXIT_CONFIG,
    EXIT_FAILURE,
    EXIT_OK,
    SUMMARIES,
    add_config_argument,
    data_dir_problem,
    load_config_or_say,
    make_parser,
    say,
)
from interactions_app.config import Config
from interactions_app.digest.produce import make_digest
from interactions_app.discord import DiscordError, DiscordRest, DiscordWebhookURLError
from interactions_app.graphs.archive import write_preview
from interactions_app.graphs.options import enabled_specs, render_options
from interactions_app.graphs.produce import produce_graphs
from interactions_app.i18n import translator_for
from interactions_app.posting import (
    NoGraphsEnabled,
    PostContext,
    PostingError,
    WebhookNotConfigured,
    describe_digest_result,
    describe_result,
    post_digest,
    post_graph_set,
)
from interactions_app.state import StateError, StateStore
from renderer import RenderError, Translator
from renderer.sample import SampleTautulli
from renderer.tautulli import TautulliClient, TautulliError, TautulliSource

_EXPECTED_FAILURES = (TautulliError, DiscordError, StateError, PostingError, RenderError)


Part = Literal["graphs", "digest"]
PARTS: tuple[Part, ...] = ("graphs", "digest")

SUMMARY = SUMMARIES["post"]
EXIT_CODES = {
    EXIT_OK: "posted, not due yet, another run is posting, or rendered into the folder",
    EXIT_FAILURE: "the run failed (Tautulli, Discord or the state file); the next run retries",
    EXIT_CONFIG: "the config or the command line is wrong; nothing was posted",
}


def build_parser(prog: str = f"{COMMAND} post") -> argparse.ArgumentParser:
    parser = make_parser(
        prog,
        "Post the graph set to the Discord channel webhook when it is due (run it every 15 "
        "minutes), or render it into a folder. Prints one line: what was done or what is wrong.",
        EXIT_CODES,
    )
    add_config_argument(parser)
    parser.add_argument(
        "--force",
        action="store_true",
        help="post the graph set now, even if not due (default: only when due); a digest is "
        "never forced: it is posted once per period",
    )
    parser.add_argument(
        "--only",
        choices=PARTS,
        help="run only the graph set or only the digest (default: the graphs when due, then "
        "the digest when DIGEST is on and one is due)",
    )
    parser.add_argument(
        "--out",
        metavar="DIR",
        type=Path,
        help="render into DIR (PNG, JSON, index.html) and post nothing "
        "(default: post; with --sample: preview/)",
    )
    parser.add_argument(
        "--sample",
        action="store_true",
        help="render the bundled sample data instead of asking Tautulli; needs no config file "
        "(default: Tautulli)",
    )
    parser.add_argument(
        "--verbose", action="store_true", help="log progress to stderr (default: errors only)"
    )
    return parser


def main(
    argv: Sequence[str] | None = None,
    *,
    prog: str = f"{COMMAND} post",
    environ: Mapping[str, str] = os.environ,
    stdout: TextIO | None = None,
    stderr: TextIO | None = None,
    configure_logging: bool = True,
) -> int:
    """Run the script; returns the exit code. ``configure_logging=False`` leaves the root
    logger alone (for callers that own it, such as tests)."""
    out_stream = stdout or sys.stdout
    err_stream = stderr or sys.stderr
    parser = build_parser(prog)
    args = parser.parse_args(argv)
    only: Part | None = args.only
    if only == "digest" and (args.force or args.out is not None or args.sample):
        parser.error("--force, --out and --sample are for the graph set, not --only digest")
    if configure_logging:
        _setup_logging(verbose=args.verbose, stream=err_stream)
    sample: bool = args.sample
    out: Path | None = args.out if args.out is not None or not sample else Path("preview")
    config = load_config_or_say(args.config, environ, err_stream, missing_ok=sample)
    if config is None:
        return EXIT_CONFIG
    t = translator_for(config.LANGUAGE)
    problem = None if out is not None else data_dir_problem(Path(config.DATA_DIR), t)
    if problem is not None:
        say(problem, err_stream)
        return EXIT_CONFIG
    if out is not None:
        code, line = _run(partial(render_to_folder, config, out, t, sample), t, out)
        say(line, err_stream if code else out_stream)
        return code
    results = [
        _run(partial(run_part, config, t, part, force=args.force), t, None)
        for part in _parts(config, only)
    ]
    code = max(code for code, _ in results)
    say(" ".join(line for _, line in results), err_stream if code else out_stream)
    return code


def _parts(config: Config, only: Part | None) -> tuple[Part, ...]:
    """What this run posts: the one asked for, else the graphs (unless every graph is off and
    the digest is on: a digest-only setup) and the digest when it is on."""
    if only is not None:
        return (only,)
    if config.DIGEST == "off":
        return ("graphs",)
    return ("graphs", "digest") if enabled_specs(config) else ("digest",)


def _run(work: Callable[[], Awaitable[str]], t: Translator, out: Path | None) -> tuple[int, str]:
    """(exit code, the line to print) of one part of the run."""
    try:
        return EXIT_OK, anyio.run(work)
    except (WebhookNotConfigured, NoGraphsEnabled, DiscordWebhookURLError) as error:
        return EXIT_CONFIG, error.explain(t)
    except _EXPECTED_FAILURES as error:
        return EXIT_FAILURE, error.explain(t)
    except OSError as error:
        # Writing the --out folder or the data directory: name the path, skip the traceback.
        reason = error.strerror or str(error)
        return EXIT_FAILURE, t.gettext("Could not write {path}: {reason}").format(
            path=error.filename or out or "", reason=reason
        )


async def render_to_folder(config: Config, out: Path, t: Translator, sample: bool) -> str:
    """Render every enabled graph into ``out``; the line to print."""
    source: TautulliSource = (
        SampleTautulli()
        if sample
        else TautulliClient(
            config.TAUTULLI_URL,
            config.TAUTULLI_API_KEY,
            max_concurrent=config.TAUTULLI_MAX_CONCURRENT_REQUESTS,
        )
    )
    try:
        graphs = await produce_graphs(
            source,
            enabled_specs(config),
            render_options(config, config.LANGUAGE),
            t,
            limiter=anyio.CapacityLimiter(config.MAX_CONCURRENT_RENDERS),
        )
    finally:
        await source.aclose()
    index = await anyio.to_thread.run_sync(
        partial(write_preview, graphs, out, t, language=config.LANGUAGE)
    )
    return t.ngettext(
        "Rendered {count} graph into {folder}; open {index} to see it.",
        "Rendered {count} graphs into {folder}; open {index} to see them.",
        len(graphs),
    ).format(count=len(graphs), folder=out, index=index.resolve())


async def run_part(config: Config, t: Translator, part: Part, *, force: bool) -> str:
    """One scheduled run of the graph set or the digest against the real Tautulli and Discord;
    the line to print."""
    state = StateStore.in_data_dir(Path(config.DATA_DIR))
    tz = ZoneInfo(config.TIMEZONE)
    try:
        async with (
            TautulliClient(
                config.TAUTULLI_URL,
                config.TAUTULLI_API_KEY,
                max_concurrent=config.TAUTULLI_MAX_CONCURRENT_REQUESTS,
            ) as source,
            DiscordRest(
                api_base=config.DISCORD_API_BASE, bot_token=config.DISCORD_BOT_TOKEN
            ) as discord,
        ):
            context = PostContext(
                config=config,
                state=state,
                discord=discord,
                source=source,
                limiter=anyio.CapacityLimiter(config.MAX_CONCURRENT_RENDERS),
                t=t,
            )
            if part == "digest":
                digest = await post_digest(context, make=make_digest)
                return describe_digest_result(digest, t, tz=tz, language=config.LANGUAGE)
            result = await post_graph_set(context, force=force)
    finally:
        state.close()
    return describe_result(result, t, tz=tz, language=config.LANGUAGE)


def _setup_logging(*, verbose: bool, stream: TextIO) -> None:
    # Quiet by default: the one result line is the run's record; retries are noise there.
    logging.basicConfig(
        level=logging.INFO if verbose else logging.ERROR,
        format="%(levelname)s %(name)s: %(message)s",
        stream=stream,
        force=True,
    )
