"""Fleet scale: every user of a machine, the osquery extension, and team summaries of many reports.

Imported only by the commands that need it (``scan/check --all-users``, ``osquery-extension``,
``report summarize``); the ``osquery`` package itself is imported only by :mod:`tui.fleet.extension`."""
