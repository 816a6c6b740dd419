"""The headless core: content pack, detection, judgement. Never imports Textual or httpx."""
