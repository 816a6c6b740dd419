"""``aicheck content keygen|pack|sign|verify|fetch``.

The ``content`` command itself (with ``path`` and ``validate``) belongs to ``tui.cli.core``, which
calls :func:`add_content_subcommands` with its sub-parsers; :func:`add_parsers` therefore adds nothing.
Handlers return an exit code and raise PackError for anything the user must fix (printed, exit 2).
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from tui.cli.options import content_source, local_path
from tui.cli.output_files import checked_output
from tui.errors import ExitCode

if TYPE_CHECKING:
    from tui.cli.options import Subparsers


def add_parsers(subparsers: Subparsers) -> None:
    """Nothing at the top level: see :func:`add_content_subcommands`."""


def add_content_subcommands(content_subparsers: Subparsers) -> None:
    """Add keygen/pack/sign/verify/fetch to the existing ``aicheck content`` sub-parsers."""
    p = content_subparsers.add_parser(
        "keygen",
        help="make an Ed25519 signing key for content packs",
        description="Write a new private signing key (PEM, mode 0600) and print its public key, "
        "which employees pin as [content] public_key in their config.",
    )
    p.add_argument(
        "-o", "--output", required=True, type=local_path, metavar="KEYFILE", help="where to write the private key"
    )
    p.add_argument("--force", action="store_true", help="overwrite KEYFILE if it exists")
    p.set_defaults(func=cmd_keygen)

    p = content_subparsers.add_parser(
        "pack",
        help="build a content pack archive (.tar.gz) from a folder",
        description="Build a deterministic .tar.gz of a pack folder (which needs a pack.toml with id and "
        "version); with --sign-key also write FILE.sig.",
    )
    p.add_argument("dir", type=local_path, metavar="DIR", help="the pack folder")
    p.add_argument(
        "-o", "--output", required=True, type=local_path, metavar="FILE", help="archive to write, e.g. pack.tar.gz"
    )
    p.add_argument("--sign-key", type=local_path, metavar="KEYFILE", help="sign the archive with this private key")
    p.set_defaults(func=cmd_pack)

    p = content_subparsers.add_parser(
        "sign", help="sign a content pack archive", description="Write FILE.sig, a detached Ed25519 signature of FILE."
    )
    p.add_argument("file", type=local_path, metavar="FILE", help="the archive")
    p.add_argument(
        "--key", required=True, type=local_path, metavar="KEYFILE", help="the private key from `content keygen`"
    )
    p.add_argument(
        "--signature", type=local_path, metavar="SIGFILE", help="where to write the signature (default: FILE.sig)"
    )
    p.set_defaults(func=cmd_sign)

    p = content_subparsers.add_parser(
        "verify",
        help="check a content pack archive's signature and contents",
        description="Check FILE.sig against the public key and check the archive is safe to unpack. "
        "Exit 0 when it verifies, 2 when it does not.",
    )
    p.add_argument("file", type=local_path, metavar="FILE", help="the archive")
    p.add_argument("--public-key", metavar="B64", help="the public key (default: [content] public_key in the config)")
    p.add_argument("--signature", type=local_path, metavar="SIGFILE", help="the signature file (default: FILE.sig)")
    p.set_defaults(func=cmd_verify)

    p = content_subparsers.add_parser(
        "fetch",
        help="fetch or update the company content pack now",
        description="Fetch the pack from URL (default: --content, $AICHECK_CONTENT or [content] url), "
        "verify it and cache it; print the folder it was unpacked to. Exit 1 when the "
        "server could not be reached and the cached copy is used.",
    )
    p.add_argument("source", nargs="?", type=content_source, metavar="URL|FILE", help="where the pack is")
    p.set_defaults(func=cmd_fetch)


def _note(text: str) -> None:
    print(text, file=sys.stderr)


def cmd_keygen(args: argparse.Namespace) -> int:
    from tui.core.signing import fingerprint, generate_key

    key_file = Path(args.output)
    if args.force:  # (without it nothing that exists is ever written over)
        checked_output(key_file, "the private key")
    public = generate_key(key_file, overwrite=args.force)
    print(public)
    _note(f"wrote the private key to {key_file} ({fingerprint(public)}); keep it secret and off employees' machines.")
    _note(f'employees pin the public key in their config:\n\n  [content]\n  public_key = "{public}"')
    return ExitCode.OK


def _validate_folder(folder: Path) -> bool:
    """The folder loads as a pack (a ContentError lists every problem with real file names) and is not past
    its ``expires`` date (an archive built from it would stop every check at once). Returns whether it has
    an ``expires`` date (True when the pack cannot be loaded here)."""

    from tui.errors import PackError
    from tui.packs.cache import load_validator

    load_pack = load_validator()
    if load_pack is None:
        return True
    pack = load_pack(folder)
    from tui.core.clock import local_today

    left = pack.days_left(local_today())
    if left is not None and left < 0:
        raise PackError(
            f"{folder / 'pack.toml'}: `expires = {pack.expires}` is past: every check would stop on this pack; "
            "set a later date"
        )
    return left is not None


def cmd_pack(args: argparse.Namespace) -> int:
    from tui.core.signing import sign_file, signature_path
    from tui.packs.archive import build_archive

    folder, out = Path(args.dir), Path(args.output)
    checked_output(out, "the archive")
    checked_output(signature_path(out), "its signature")  # written, or removed when it signed an earlier build
    if args.sign_key:
        from tui.core.signing import load_private_key

        load_private_key(Path(args.sign_key))  # fail before building, not after
    dated = _validate_folder(folder)
    info = build_archive(folder, out)
    print(f"wrote {out}: pack {info.meta}, {info.files} files, {info.total_bytes} bytes")
    if not dated:
        _note(
            f"{folder / 'pack.toml'} has no `expires` date: a copy of this pack kept offline, or passed with "
            "--content, gives verdicts for ever (see docs/content-pack.md, pack.toml)"
        )
    sig = signature_path(out)
    if args.sign_key:
        print(f"wrote {sign_file(out, Path(args.sign_key))}")
    elif sig.exists():
        sig.unlink()
        _note(f"removed {sig}: it signed the previous build (sign again with `aicheck content sign`)")
    return ExitCode.OK


def cmd_sign(args: argparse.Namespace) -> int:
    from tui.core.signing import fingerprint, public_key_of, sign_file, signature_path
    from tui.packs.archive import inspect_archive

    archive = Path(args.file)
    checked_output(Path(args.signature) if args.signature else signature_path(archive), "the signature")
    info = inspect_archive(archive)  # never sign something employees could not unpack
    sig = sign_file(archive, Path(args.key), Path(args.signature) if args.signature else None)
    print(f"wrote {sig}: signs pack {info.meta} with {fingerprint(public_key_of(Path(args.key)))}")
    return ExitCode.OK


def cmd_verify(args: argparse.Namespace) -> int:
    from tui.core.signing import decode_public_key, fingerprint, verify_file
    from tui.errors import PackError
    from tui.packs.archive import inspect_archive
    from tui.packs.settings import load_content_settings

    public = args.public_key or load_content_settings().public_key
    if not public:
        raise PackError("no public key to verify with: pass --public-key B64 or set [content] public_key in the config")
    decode_public_key(public)
    archive = Path(args.file)
    verify_file(archive, public, Path(args.signature) if args.signature else None)
    info = inspect_archive(archive)
    print(
        f"{archive}: signature OK ({fingerprint(public)}); pack {info.meta}, {info.files} files, "
        f"{info.total_bytes} bytes"
    )
    return ExitCode.OK


def cmd_fetch(args: argparse.Namespace) -> int:

    from tui.errors import PackError
    from tui.packs.resolve import env_content, is_url, resolve_content
    from tui.packs.settings import load_content_settings

    settings = load_content_settings()
    spec = args.source or getattr(args, "content", None) or env_content() or settings.url
    if not spec:
        raise PackError("nothing to fetch: give a URL, or set AICHECK_CONTENT or [content] url in the config")
    if is_url(spec):
        from tui import paths
        from tui.packs.remote import fetch_pack

        result = fetch_pack(spec, public_key=settings.public_key, cache_dir=paths.cache_dir())
        _note(result.message)
        from tui.packs.resolve import judge_fetched

        rollback = judge_fetched(result.path, spec, settings).rollback
        if rollback:
            raise PackError(rollback)
        print(result.path)

        return (
            ExitCode.ACTION if result.age_seconds is not None else ExitCode.OK
        )  # ACTION: could not update, an older copy is in use
    resolved = resolve_content(spec, settings=settings, install=True)  # a local archive: into the cache
    if resolved.notice:
        _note(resolved.notice)
    print(resolved.path)
    return ExitCode.OK
