"""What a grant id looks like (``GRT-20261123-3F9A1C``: the issue date and six hex digits), and how a new one is
drawn. The grants themselves (:mod:`tui.core.grants`), the policy's revoked ids and the grant store's file
names all hold to this one format."""

from __future__ import annotations

import datetime as dt
import re
import secrets

GRANT_ID_RE = re.compile(r"^GRT-\d{8}-[0-9A-F]{6}$")


def new_grant_id(today: dt.date) -> str:
    return f"GRT-{today:%Y%m%d}-{secrets.token_hex(3).upper()}"
