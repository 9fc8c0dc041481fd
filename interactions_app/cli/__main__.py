"""``python -m interactions_app.cli``: the ``tgraph-bot`` command."""

from interactions_app.cli import main

raise SystemExit(main())
