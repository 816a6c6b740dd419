"""Signed exception grants on this machine: where they are kept (:mod:`.store`) and ``aicheck grant``
(:mod:`tui.cli.grants`). The format and the trust decision live in :mod:`tui.core.grants`."""
