"""/config (admins): ``view [key]``, ``edit key value``, ``unbind user``, ``link member user``
and ``links`` (the last two in ``_config_links``).

Secrets (API key, bot token, public key, webhook URL) are masked in the listing and can be neither
viewed nor edited from Discord. Each value says where it comes from (the file, a ``TGRAPH_<KEY>``
environment variable, or the default); a key set by the environment cannot be edited. An edit
is validated as a whole, written with every comment kept
(in a worker thread, after the deferred answer) and read by the next request at once.
``unbind`` removes a member's Discord ↔ Plex link so /my_stats can bind them again.
"""

from __future__ import annotations

import anyio.to_thread

from interactions_app.commands._config_links import complete_plex_user, link_member, list_links
from interactions_app.commands._context import (
    AutocompleteContext,
    CommandContext,
    Deferral,
    Reply,
)
from interactions_app.commands._registry import Command, Option, OptionType, Subcommand
from interactions_app.commands._replies import refusal
from interactions_app.config import ENV_PREFIX, SECRET_KEYS, ConfigError, ConfigStore, Source
from interactions_app.discord import MAX_EMBED_DESCRIPTION, MAX_EMBED_TOTAL, Embed
from interactions_app.discord.responses import message
from renderer.translation import N_, Translator

_FENCE = "```"
_PAGE_TEXT = MAX_EMBED_DESCRIPTION - len(f"{_FENCE}\n\n{_FENCE}")
MAX_SUGGESTIONS = 25


def _secret_refusal(t: Translator, key: str) -> Reply:
    return refusal(
        t.gettext(
            "{key} is a secret: it is never shown or changed from Discord. "
            "Change it in the config file or the TGRAPH_{key} environment variable on the server."
        ).format(key=key)
    )


def _unknown_key(t: Translator, key: str) -> Reply:
    return refusal(
        t.gettext("There is no setting called {key}. Pick one from the suggestions.").format(
            key=key
        )
    )


def _origin(t: Translator, store: ConfigStore, key: str) -> str:
    match store.source(key):
        case Source.ENVIRONMENT:
            # Translators: where a setting's value comes from; {name} is like TGRAPH_UPDATE_DAYS.
            return t.gettext("environment variable {name}").format(name=ENV_PREFIX + key)
        case Source.FILE:
            # Translators: where a setting's value comes from.
            return t.gettext("config file")
        case Source.DEFAULT:
            # Translators: where a setting's value comes from: none is set, the default applies.
            return t.gettext("default")


def _all_keys(ctx: CommandContext | AutocompleteContext) -> list[str]:
    return list(type(ctx.config).__struct_fields__)


def _listing_embeds(ctx: CommandContext) -> tuple[list[Embed], int]:
    """Every ``KEY: value`` line, split over embeds at line boundaries, and how many lines did
    not fit in one message (Discord's 6000-character limit over all embeds)."""
    store = ctx.services.config_store
    lines = [
        f"{key}: {store.display_value(key, ctx.t)}  ({_origin(ctx.t, store, key)})"
        for key in _all_keys(ctx)
    ]
    pages: list[list[str]] = [[]]
    size = 0
    for line in lines:
        if size + len(line) + 1 > _PAGE_TEXT:
            pages.append([])
            size = 0
        pages[-1].append(line)
        size += len(line) + 1
    title = ctx.t.gettext("Settings")
    embeds: list[Embed] = []
    total = shown = 0
    for number, page in enumerate(pages, start=1):
        text = "\n".join(page)
        description = f"{_FENCE}\n{text}\n{_FENCE}"[:MAX_EMBED_DESCRIPTION]
        heading = f"{title} ({number}/{len(pages)})" if len(pages) > 1 else title
        if total + len(description) + len(heading) > MAX_EMBED_TOTAL:
            break
        total += len(description) + len(heading)
        shown += len(page)
        embeds.append(Embed(title=heading, description=description))
    return embeds, len(lines) - shown


async def view(ctx: CommandContext) -> Reply:
    t = ctx.t
    key = ctx.text("key").strip().upper()
    if not key:
        embeds, left_out = _listing_embeds(ctx)
        if not left_out:
            return message(embeds=embeds, ephemeral=True)
        note = t.ngettext(
            "{count} more setting did not fit; show it with /config view key.",
            "{count} more settings did not fit; show them one at a time with /config view key.",
            left_out,
        ).format(count=left_out)
        return message(note, embeds=embeds, ephemeral=True)
    if key in SECRET_KEYS:
        return _secret_refusal(t, key)
    if key not in _all_keys(ctx):
        return _unknown_key(t, key)
    store = ctx.services.config_store
    shown = t.gettext("{key} is {value} ({origin})").format(
        key=key, value=f"`{store.display_value(key, t)}`", origin=_origin(t, store, key)
    )
    # What the key accepts, so the next /config edit gets it right the first time.
    return message(f"{shown}\n{store.describe_key(key, t)}", ephemeral=True)


async def edit(ctx: CommandContext) -> Reply:
    t = ctx.t
    key = ctx.text("key").strip().upper()
    raw = ctx.text("value")
    if key in SECRET_KEYS:
        return _secret_refusal(t, key)
    store = ctx.services.config_store
    if key not in _all_keys(ctx):
        return _unknown_key(t, key)
    if key not in store.editable_keys():
        return refusal(
            t.gettext(
                "{key} can only be changed in the config file on the server "
                "(the bot reads it when it starts)."
            ).format(key=key)
        )
    if store.source(key) is Source.ENVIRONMENT:
        return refusal(
            t.gettext(
                "{key} is set by the environment variable {env} on the server, which wins over "
                "the config file; change or remove the variable there."
            ).format(key=key, env=ENV_PREFIX + key)
        )

    async def work() -> None:
        try:
            change = await anyio.to_thread.run_sync(store.set_value, key, raw)
        except ConfigError as exc:
            await ctx.say(exc.explain(t))
            return
        await ctx.say(
            t.gettext("{key} changed from {old} to {new}. It applies from now on.").format(
                key=change.key, old=f"`{change.old}`", new=f"`{change.new}`"
            )
        )

    return Deferral(work, ephemeral=True, name="config-edit")


async def unbind(ctx: CommandContext) -> Reply:
    t = ctx.t
    user_id = ctx.text("user")
    state = ctx.services.state

    async def work() -> None:
        removed = await anyio.to_thread.run_sync(state.unbind, user_id)
        if removed:
            text = t.gettext(
                "<@{user}> is no longer linked to a Plex account; "
                "their next /my_stats links them again."
            )
        else:
            text = t.gettext("<@{user}> was not linked to a Plex account.")
        await ctx.say(text.format(user=user_id))

    return Deferral(work, ephemeral=True, name="config-unbind")


def _matches(typed: str, candidates: list[str]) -> list[str]:
    wanted = typed.strip().casefold()
    starts = [c for c in candidates if c.casefold().startswith(wanted)]
    inside = [c for c in candidates if wanted in c.casefold() and c not in starts]
    return (starts + inside)[:MAX_SUGGESTIONS]


async def complete(ctx: AutocompleteContext) -> list[tuple[str, str]]:
    store = ctx.services.config_store
    typed = ctx.typed()
    if ctx.focused == "key":
        if ctx.subcommand == "edit":
            keys = [k for k in store.editable_keys() if store.source(k) is not Source.ENVIRONMENT]
        else:
            keys = [k for k in _all_keys(ctx) if k not in SECRET_KEYS]
        return [(f"{key} = {store.display_value(key)}", key) for key in _matches(typed, keys)]
    if ctx.focused == "value":
        key = str(ctx.values.get("key", "")).strip().upper()
        if key in SECRET_KEYS or key not in _all_keys(ctx):
            return []
        choices = store.value_choices(key)
        if choices is None:
            current = store.display_value(key)
            return [(typed, typed)] if typed else [(current, current)]
        return [(choice, choice) for choice in _matches(typed, choices)]
    return []


COMMAND = Command(
    # Translators: a slash-command name: lower-case, no spaces, 1-32 characters.
    name=N_("config"),
    description=N_("View or change the bot's settings (admins)"),
    admin=True,
    subcommands=(
        Subcommand(
            # Translators: a slash-command name: lower-case, no spaces, 1-32 characters.
            name=N_("view"),
            description=N_("Show every setting, or one (secrets are masked)"),
            handler=view,
            options=(
                Option(
                    # Translators: a command option name: lower-case, no spaces, 1-32 characters.
                    name=N_("key"),
                    description=N_("The setting to show"),
                    autocomplete=True,
                ),
            ),
            autocomplete=complete,
        ),
        Subcommand(
            # Translators: a slash-command name: lower-case, no spaces, 1-32 characters.
            name=N_("edit"),
            description=N_("Change one setting; it applies at once"),
            handler=edit,
            options=(
                Option(
                    # Translators: a command option name: lower-case, no spaces, 1-32 characters.
                    name=N_("key"),
                    description=N_("The setting to change"),
                    required=True,
                    autocomplete=True,
                ),
                Option(
                    # Translators: a command option name: lower-case, no spaces, 1-32 characters.
                    name=N_("value"),
                    description=N_("The new value"),
                    required=True,
                    autocomplete=True,
                    max_length=200,
                ),
            ),
            autocomplete=complete,
        ),
        Subcommand(
            # Translators: a slash-command name: lower-case, no spaces, 1-32 characters.
            name=N_("unbind"),
            description=N_("Remove a member's link to a Plex account (from /my_stats)"),
            handler=unbind,
            options=(
                Option(
                    # Translators: a command option name: lower-case, no spaces, 1-32 characters.
                    name=N_("user"),
                    description=N_("The member"),
                    type=OptionType.USER,
                    required=True,
                ),
            ),
        ),
        Subcommand(
            # Translators: a slash-command name: lower-case, no spaces, 1-32 characters.
            name=N_("link"),
            description=N_("Link a member to a Plex user of this server"),
            handler=link_member,
            options=(
                Option(
                    # Translators: a command option name: lower-case, no spaces, 1-32 characters.
                    name=N_("member"),
                    description=N_("The member"),
                    type=OptionType.USER,
                    required=True,
                ),
                Option(
                    # Translators: a command option name: lower-case, no spaces, 1-32 characters.
                    name=N_("plex_user"),
                    description=N_("The Plex user"),
                    required=True,
                    autocomplete=True,
                ),
            ),
            autocomplete=complete_plex_user,
        ),
        Subcommand(
            # Translators: a slash-command name: lower-case, no spaces, 1-32 characters.
            name=N_("links"),
            description=N_("List which member is linked to which Plex user"),
            handler=list_links,
        ),
    ),
)
