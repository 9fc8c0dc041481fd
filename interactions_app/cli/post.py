"""``tgraph-bot post`` (``scripts/post_graphs.py``): the scheduled post, or a render into a folder.

Run every 15 minutes by a timer; posts only when due. Prints ONE line: what was done, when the
next post is due, or what went wrong (no traceback for the failures a person can fix).
"""

from __future__ import annotations

import argparse
import logging
import os
import sys
from collections.abc import Mapping, Sequence
from functools import partial
from pathlib import Path
from typing import TextIO
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
    describe_result,
    post_graph_set,
)
from interactions_app.state import StateError, StateStore
from renderer import RenderError, Translator
from renderer.sample import SampleTautulli
from renderer.tautulli import TautulliClient, TautulliError, TautulliSource

_EXPECTED_FAILURES = (TautulliError, DiscordError, StateError, PostingError, RenderError)


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
        "--force", action="store_true", help="post now, even if not due (default: only when due)"
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
    args = build_parser(prog).parse_args(argv)
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
    try:
        if out is not None:
            line = anyio.run(render_to_folder, config, out, t, sample)
        else:
            line = anyio.run(post_when_due, config, t, args.force)
    except (WebhookNotConfigured, NoGraphsEnabled, DiscordWebhookURLError) as error:
        say(error.explain(t), err_stream)
        return EXIT_CONFIG
    except _EXPECTED_FAILURES as error:
        say(error.explain(t), err_stream)
        return EXIT_FAILURE
    except OSError as error:
        # Writing the --out folder or the data directory: name the path, skip the traceback.
        reason = error.strerror or str(error)
        say(
            t.gettext("Could not write {path}: {reason}").format(
                path=error.filename or out or "", reason=reason
            ),
            err_stream,
        )
        return EXIT_FAILURE
    say(line, out_stream)
    return EXIT_OK


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


async def post_when_due(config: Config, t: Translator, force: bool) -> str:
    """One scheduled run against the real Tautulli and Discord; the line to print."""
    state = StateStore.in_data_dir(Path(config.DATA_DIR))
    try:
        async with (
            TautulliClient(
                config.TAUTULLI_URL,
                config.TAUTULLI_API_KEY,
                max_concurrent=config.TAUTULLI_MAX_CONCURRENT_REQUESTS,
            ) as source,
            DiscordRest(api_base=config.DISCORD_API_BASE) as discord,
        ):
            context = PostContext(
                config=config,
                state=state,
                discord=discord,
                source=source,
                limiter=anyio.CapacityLimiter(config.MAX_CONCURRENT_RENDERS),
                t=t,
            )
            result = await post_graph_set(context, force=force)
    finally:
        state.close()
    return describe_result(result, t, tz=ZoneInfo(config.TIMEZONE), language=config.LANGUAGE)


def _setup_logging(*, verbose: bool, stream: TextIO) -> None:
    # Quiet by default: the one result line is the run's record; retries are noise there.
    logging.basicConfig(
        level=logging.INFO if verbose else logging.ERROR,
        format="%(levelname)s %(name)s: %(message)s",
        stream=stream,
        force=True,
    )
