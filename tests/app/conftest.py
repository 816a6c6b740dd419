"""The app tests: Textual's pilot with a quicker idle wait (see support/idle.py)."""

import support.idle

support.idle.install()
