"""The app tests: Textual's pilot with a quicker idle wait (see support/idle.py), and each stylesheet
parsed once per test process rather than once per app (support/css_memo.py)."""

import support.css_memo
import support.idle

support.idle.install()
support.css_memo.install()
