"""``python -m interactions_app``: the ``tgraph-bot`` command (serve, post, register, i18n)."""

from interactions_app.cli import main

raise SystemExit(main())
