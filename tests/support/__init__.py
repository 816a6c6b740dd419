"""Shared fakes and builders for the tests (importable as ``support``: tests/ is on pytest's pythonpath)."""
