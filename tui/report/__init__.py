"""Presenters: the same scan report as a human table, JSON for machines, or the onboarding gate."""
