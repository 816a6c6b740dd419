"""The output files of the commands: the rules live in :mod:`tui.services.output_files`, shared with the app."""

from tui.services.output_files import OutputRefused, checked_output, write_output

__all__ = ["OutputRefused", "checked_output", "write_output"]
