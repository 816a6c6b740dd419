"""The ``aicheck`` Textual app. Nothing here is imported by the headless commands (scan, check, content)."""
