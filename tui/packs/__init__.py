"""Content packs from archives and URLs: build, sign, verify, fetch, cache.

Nothing here imports httpx or cryptography at module level: ``resolve_content`` on a plain folder costs
no network library, and signature checks load ``cryptography`` only when a signature is checked.
"""
