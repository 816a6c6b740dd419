"""Fleet scale: every user of a machine, the osquery extension, and team summaries of many reports.

Imported only by the commands that need it (``scan/check --all-users``, ``osquery-extension``,
``report summarize``); the ``osquery`` package itself is imported only by :mod:`tui.fleet.extension`."""

MAX_AGE_DAYS = 30
"""``report summarize --max-age-days``' default: a machine that has not reported for a month is not known to
comply. Kept here, in the package's light ``__init__``, so the command line's parser and the summary share it."""
