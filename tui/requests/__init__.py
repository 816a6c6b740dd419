"""Productivity impact documents and exception requests: models, durable records, the offline outbox.

Headless: nothing here imports Textual, and httpx is imported only when something is sent
(see :mod:`tui.intake`).
"""
