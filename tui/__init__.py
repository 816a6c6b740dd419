"""aicheck: check the AI tools on this machine against your company's AI-tool policy.

The package root stays tiny on purpose: the command line imports only what a command needs.
"""

__version__ = "0.1.0"
