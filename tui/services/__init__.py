"""What a run of aicheck keeps between the core and its front ends: the per-run session (pack, machine,
scan, grants), the user's acknowledgements and attestations, and the onboarding state. Headless: nothing
here imports Textual or httpx."""
