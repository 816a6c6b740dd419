"""Detached Ed25519 signatures over pack archives (the ``cryptography`` library, imported on use).

* private key: a PEM file (PKCS#8, unencrypted) written with mode 0600 — keep it off employees' machines;
* public key: the raw 32 bytes as one base64 line, pinned in the user config as ``[content] public_key``;
* signature: the raw 64 bytes as one base64 line in ``<archive>.sig``, over the archive's exact bytes.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import os
from pathlib import Path
from typing import TYPE_CHECKING

from tui.errors import PackError

if TYPE_CHECKING:
    from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

MAX_SIG_FILE_BYTES = 4096
MAX_KEY_FILE_BYTES = 16 * 1024  # a PEM Ed25519 key is about 120 bytes
MAX_SIGNED_FILE_BYTES = 32 * 1024 * 1024  # a pack archive (the archive's own limit)


def _read(path: Path, limit: int, what: str) -> bytes:
    """A regular file of at most ``limit`` bytes (a FIFO or device is refused, never waited on)."""
    from tui.core.bounded_read import FileMissing, ReadSkipped, read_bounded

    try:
        return read_bounded(path, limit)
    except FileMissing:
        raise FileNotFoundError(2, "No such file or directory", str(path)) from None
    except ReadSkipped as exc:
        raise PackError(f"{path}: cannot read {what}: {exc}") from None


def signature_path(archive: Path) -> Path:
    return archive.with_name(archive.name + ".sig")


def fingerprint(public_key_b64: str) -> str:
    """A short, stable name for a public key in messages."""
    return "ed25519:" + hashlib.sha256(decode_public_key(public_key_b64)).hexdigest()[:16]


def decode_public_key(text: str) -> bytes:
    try:
        raw = base64.b64decode(text.strip(), validate=True)
    except (binascii.Error, ValueError):
        raise PackError(
            "the public key is not valid base64 (expected one line from `aicheck content keygen`)"
        ) from None
    if len(raw) != 32:
        raise PackError(f"the public key has {len(raw)} bytes; an Ed25519 public key has 32")
    return raw


def generate_key(key_file: Path, *, overwrite: bool = False) -> str:
    """Write a new private key PEM to ``key_file`` (mode 0600) and return the public key as base64."""
    from cryptography.hazmat.primitives import serialization
    from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

    key = Ed25519PrivateKey.generate()
    pem = key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption())
    flags = os.O_WRONLY | os.O_CREAT | (os.O_TRUNC if overwrite else os.O_EXCL)
    try:
        fd = os.open(key_file, flags, 0o600)
    except FileExistsError:
        raise PackError(f"{key_file}: already exists; refusing to overwrite a signing key") from None
    except OSError as exc:
        raise PackError(f"{key_file}: cannot write: {exc.strerror or exc}") from None
    with os.fdopen(fd, "wb") as out:
        out.write(pem)
    return _public_b64(key)


def _public_b64(private_key: Ed25519PrivateKey) -> str:
    from cryptography.hazmat.primitives import serialization

    raw = private_key.public_key().public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw)
    return base64.b64encode(raw).decode("ascii")


def load_private_key(key_file: Path) -> Ed25519PrivateKey:
    from cryptography.hazmat.primitives import serialization
    from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

    try:
        data = _read(Path(key_file), MAX_KEY_FILE_BYTES, "the signing key")
    except OSError as exc:
        raise PackError(f"{key_file}: cannot read the signing key: {exc.strerror or exc}") from None
    try:
        key = serialization.load_pem_private_key(data, password=None)
    except (ValueError, TypeError) as exc:
        raise PackError(f"{key_file}: not an unencrypted PEM private key ({exc})") from None
    if not isinstance(key, Ed25519PrivateKey):
        raise PackError(f"{key_file}: not an Ed25519 key (make one with `aicheck content keygen`)")
    return key


def public_key_of(key_file: Path) -> str:
    return _public_b64(load_private_key(key_file))


def sign_bytes(data: bytes, key_file: Path) -> str:
    """The base64 signature of ``data`` with the private key in ``key_file``."""
    return base64.b64encode(load_private_key(key_file).sign(data)).decode("ascii")


def sign_file(archive: Path, key_file: Path, sig_file: Path | None = None) -> Path:
    """Sign ``archive``; write ``<archive>.sig`` (or ``sig_file``) and return its path."""
    try:
        data = _read(Path(archive), MAX_SIGNED_FILE_BYTES, "the file to sign")
    except OSError as exc:
        raise PackError(f"{archive}: cannot read: {exc.strerror or exc}") from None
    sig = sign_bytes(data, key_file)
    out = Path(sig_file) if sig_file else signature_path(Path(archive))
    from tui.atomic import write_atomic

    write_atomic(out, sig + "\n", mode=0o644)
    return out


def decode_signature(text: bytes | str, where: str) -> bytes:
    if isinstance(text, bytes):
        if len(text) > MAX_SIG_FILE_BYTES:
            raise PackError(f"{where}: too large for a signature")
        try:
            text = text.decode("ascii")
        except UnicodeDecodeError:
            raise PackError(f"{where}: not a base64 signature") from None
    try:
        raw = base64.b64decode(text.strip(), validate=True)
    except (binascii.Error, ValueError):
        raise PackError(f"{where}: not a base64 signature") from None
    if len(raw) != 64:
        raise PackError(f"{where}: {len(raw)} bytes; an Ed25519 signature has 64")
    return raw


def verify_bytes(data: bytes, signature: bytes | str, public_key_b64: str, *, what: str, sig_where: str) -> None:
    """Raise PackError unless ``signature`` (base64, as in a .sig file) is valid for ``data``."""
    from cryptography.exceptions import InvalidSignature
    from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey

    key = Ed25519PublicKey.from_public_bytes(decode_public_key(public_key_b64))
    raw_sig = decode_signature(signature, sig_where)
    try:
        key.verify(raw_sig, data)
    except InvalidSignature:
        raise PackError(
            f"{what}: the signature does not verify with the pinned public key "
            f"{fingerprint(public_key_b64)}; the pack was altered or signed with another key, "
            f"so it is refused"
        ) from None


def read_signature(sig_file: Path) -> bytes:
    """The bytes of a detached signature file, or a PackError that says why there are none."""
    try:
        return _read(Path(sig_file), MAX_SIG_FILE_BYTES, "the signature")
    except FileNotFoundError:
        raise PackError(f"{sig_file}: missing; a public key is pinned, so an unsigned pack is refused") from None
    except OSError as exc:
        raise PackError(f"{sig_file}: cannot read: {exc.strerror or exc}") from None


def verify_file(archive: Path, public_key_b64: str, sig_file: Path | None = None) -> None:
    """Verify ``archive`` against ``<archive>.sig`` (or ``sig_file``)."""
    archive = Path(archive)
    sig_file = Path(sig_file) if sig_file else signature_path(archive)
    sig = read_signature(sig_file)
    try:
        data = _read(archive, MAX_SIGNED_FILE_BYTES, "the signed file")
    except OSError as exc:
        raise PackError(f"{archive}: cannot read: {exc.strerror or exc}") from None
    verify_bytes(data, sig, public_key_b64, what=str(archive), sig_where=str(sig_file))
