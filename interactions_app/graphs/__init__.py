"""From enabled graphs to Discord messages: which graphs and options (``options``), fetching and
rendering them (``produce``), packing them into messages (``messages``), keeping a copy on
disk (``archive``), and naming Plex users as the bot shows them (``users``)."""
