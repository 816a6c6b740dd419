"""The fake intake itself (:mod:`support.intake_server`): it must refuse what the real receivers refuse."""

from __future__ import annotations

from support.intake_server import FakeIntake


def test_fake_rejects_unsigned_webhook():
    import httpx

    fake = FakeIntake()
    base = fake.start()
    try:
        r = httpx.post(
            f"{base}/hook",
            content=b"{}",
            headers={"webhook-id": "x", "webhook-timestamp": "1", "webhook-signature": "v1,AAAA"},
        )
        assert r.status_code == 401 and fake.bad_signatures == 1 and not fake.tickets
    finally:
        fake.stop()
