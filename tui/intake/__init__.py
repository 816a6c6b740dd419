"""Intake backends: where exception requests are sent (webhook, Jira, GitHub Issues, ServiceNow).

One abstract seam (:mod:`tui.intake.base`) and one small module per backend; :mod:`tui.intake.factory`
builds the right one from the effective ``[intake]`` settings. httpx is imported only inside ``send``.
"""
