"""From enabled graphs to Discord messages: which graphs and options (``options``), fetching and
rendering them (``produce``), packing them into messages (``messages``) and keeping a copy on
disk (``archive``)."""
