"""The app tests: Textual's pilot with an idle wait read from the app's state (see support/idle.py), each
stylesheet parsed once per test process rather than once per app (support/css_memo.py), and screens that
refresh every 4 ms rather than every 16 ms (support/frame_rate.py)."""

import support.css_memo
import support.frame_rate
import support.idle

support.idle.install()
support.css_memo.install()
support.frame_rate.install()
