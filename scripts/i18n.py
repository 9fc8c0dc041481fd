"""Keep the translation catalogs in step with the code.

    uv run scripts/i18n.py extract    # code -> locale/messages.pot (gettext, ngettext, N_)
    uv run scripts/i18n.py update     # messages.pot -> every locale/<lang>/LC_MESSAGES/messages.po
    uv run scripts/i18n.py init LANG  # start a new language, e.g. "nl" or "pt-BR"
    uv run scripts/i18n.py check      # fail on errors; report how complete each catalog is
    uv run scripts/i18n.py check --strict  # for a release: missing or fuzzy entries fail too

The same as ``tgraph-bot i18n`` (``interactions_app/cli/i18n.py`` says more).
"""

from __future__ import annotations

from interactions_app.cli.i18n import main

if __name__ == "__main__":
    raise SystemExit(main(prog="i18n.py"))
