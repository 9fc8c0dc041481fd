"""The graph explorer: any graph, period and measure, switched in place with components.

``view`` (what is shown), ``codec`` (the versioned ``custom_id``), ``controls`` (the menu and
buttons), ``access`` (who may see what), ``cache`` (rendered views), ``queue`` (one render in
flight per member, bursts coalesced), ``ratelimit`` (clicks per member), ``render`` (a view as a
message) and ``service`` (the running parts). /graph and the clicks are handled in
``commands._graph`` and ``commands._explore``. This package imports nothing from ``commands``.
"""
