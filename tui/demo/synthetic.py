"""Synthetic machines: real files laid out the way each install channel leaves them.

Used by the tests, the benchmark and ``aicheck --demo``. Every method writes under ``root`` only and
takes *machine paths* (``/home/ada/...``), exactly as the scanner will see them with ``--root``.
"""

from __future__ import annotations

import io
import json
import os
import plistlib
import zipfile
from pathlib import Path
from typing import Any

from tui.core.machine import Machine

HOMES = {"linux": "/home/ada", "macos": "/Users/ada", "windows": "/Users/ada"}


class SyntheticMachine:
    def __init__(self, root: Path, platform: str = "linux", home: str | None = None):
        self.root = Path(root)
        self.platform = platform
        self.home = home or HOMES[platform]
        self.search_path: list[str] = []
        self.env: dict[str, str] = {}
        self.mkdir(self.home)

    # -- basics ------------------------------------------------------------------------------
    def host(self, path: str) -> Path:
        return self.root / path.lstrip("/")

    def h(self, rel: str) -> str:
        """A machine path under the home."""
        return f"{self.home}/{rel}"

    @property
    def appdata(self) -> str:
        return self.h("AppData/Roaming")

    @property
    def localappdata(self) -> str:
        return self.h("AppData/Local")

    @property
    def ud(self) -> str:
        return {"linux": self.h(".config"), "macos": self.h("Library/Application Support"), "windows": self.appdata}[
            self.platform
        ]

    def mkdir(self, path: str) -> str:
        self.host(path).mkdir(parents=True, exist_ok=True)
        return path

    def write(self, path: str, content: str | bytes = "") -> str:
        target = self.host(path)
        target.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(content, str):
            content = content.encode()
        target.write_bytes(content)
        return path

    def write_json(self, path: str, data: object) -> str:
        return self.write(path, json.dumps(data, indent=2))

    def symlink(self, path: str, target: str) -> str:
        link = self.host(path)
        link.parent.mkdir(parents=True, exist_ok=True)
        if link.is_symlink() or link.exists():
            link.unlink()
        os.symlink(target, link)
        return path

    def add_to_path(self, folder: str) -> None:
        if folder not in self.search_path:
            self.search_path.append(folder)

    def machine(self) -> Machine:
        sep = ";" if self.platform == "windows" else ":"
        return Machine.current(
            root=str(self.root),
            home=self.home,
            platform=self.platform,
            search_path=sep.join(self.search_path),
            env=dict(self.env),
        )

    def cli_args(self) -> list[str]:
        sep = ";" if self.platform == "windows" else ":"
        return [
            "--root",
            str(self.root),
            "--home",
            self.home,
            "--platform",
            self.platform,
            "--search-path",
            sep.join(self.search_path),
        ]

    # -- executables -------------------------------------------------------------------------
    def bin_dir(self) -> str:
        return self.h(".local/bin")

    def executable(
        self, name: str, *, folder: str | None = None, target: str | None = None, content: str = "#!/bin/sh\n"
    ) -> str:
        folder = folder or self.bin_dir()
        self.add_to_path(folder)
        if target is not None:
            return self.symlink(f"{folder}/{name}", target)
        path = self.write(f"{folder}/{name}", content)
        self.host(path).chmod(0o755)
        return path

    # -- npm ---------------------------------------------------------------------------------
    def npm_root(self, manager: str = "npm", node: str = "22.11.0") -> str:
        unix = {
            "npm": "/usr/local/lib/node_modules",
            "user": self.h(".npm-global/lib/node_modules"),
            "nvm": self.h(f".nvm/versions/node/v{node}/lib/node_modules"),
            "volta": self.h(f".volta/tools/image/node/{node}/lib/node_modules"),
            "fnm": self.h(f".local/share/fnm/node-versions/v{node}/installation/lib/node_modules"),
            "asdf": self.h(f".asdf/installs/nodejs/{node}/lib/node_modules"),
            "mise": self.h(f".local/share/mise/installs/node/{node}/lib/node_modules"),
            "pnpm": self.h("Library/pnpm/global/5/node_modules")
            if self.platform == "macos"
            else self.h(".local/share/pnpm/global/5/node_modules"),
            "bun": self.h(".bun/install/global/node_modules"),
            "homebrew": "/opt/homebrew/lib/node_modules",
        }
        windows = {
            "npm": f"{self.appdata}/npm/node_modules",
            "nvm": f"{self.localappdata}/nvm/v{node}/node_modules",
            "pnpm": f"{self.localappdata}/pnpm/global/5/node_modules",
            "bun": self.h(".bun/install/global/node_modules"),
        }
        return (windows if self.platform == "windows" else unix)[manager]

    def npm(
        self,
        package: str,
        version: str,
        *,
        manager: str = "npm",
        bin_name: str | None = None,
        node: str = "22.11.0",
        extra: dict | None = None,
    ) -> str:
        root = self.npm_root(manager, node)
        pkg_dir = f"{root}/{package}"
        manifest: dict[str, object] = {"name": package, "version": version}
        if bin_name:
            manifest["bin"] = {bin_name: "cli.js"}
        manifest.update(extra or {})
        self.write_json(f"{pkg_dir}/package.json", manifest)
        self.write(f"{pkg_dir}/cli.js", "#!/usr/bin/env node\n")
        if bin_name:
            if self.platform == "windows":
                shim_dir = root.rsplit("/", 1)[0]
                self.add_to_path(shim_dir)
                self.write(
                    f"{shim_dir}/{bin_name}.cmd",
                    f'@ECHO off\r\n"%_prog%" "%dp0%\\node_modules\\{package.replace("/", chr(92))}\\cli.js" %*\r\n',
                )
            else:
                bin_dir = (
                    root[: -len("/lib/node_modules")] + "/bin" if root.endswith("/lib/node_modules") else self.bin_dir()
                )
                self.executable(bin_name, folder=bin_dir, target=f"{pkg_dir}/cli.js")
        return pkg_dir

    # -- Python ------------------------------------------------------------------------------
    def _dist_info(self, site: str, dist: str, version: str) -> str:
        folder = f"{site}/{dist.replace('-', '_')}-{version}.dist-info"
        self.write(f"{folder}/METADATA", f"Metadata-Version: 2.1\nName: {dist}\nVersion: {version}\n\nA package.\n")
        return folder

    def python(self, dist: str, version: str, *, manager: str = "pipx", bin_name: str | None = None) -> str:
        win = self.platform == "windows"
        if manager == "pipx":
            venv = f"{self.h('pipx/venvs') if win else self.h('.local/share/pipx/venvs' if self.platform == 'linux' else '.local/pipx/venvs')}/{dist}"
        elif manager == "uv":
            venv = f"{self.appdata}/uv/tools/{dist}" if win else self.h(f".local/share/uv/tools/{dist}")
        else:
            venv = None
        if venv:
            site = f"{venv}/Lib/site-packages" if win else f"{venv}/lib/python3.12/site-packages"
        elif win:
            site = f"{self.appdata}/Python/Python312/site-packages"
        elif self.platform == "macos":
            site = self.h("Library/Python/3.12/lib/python/site-packages")
        else:
            site = self.h(".local/lib/python3.12/site-packages")
        folder = self._dist_info(site, dist, version)
        if bin_name and venv and not win:
            self.host(self.write(f"{venv}/bin/{bin_name}", "#!/usr/bin/env python\n")).chmod(0o755)
            self.symlink(f"{self.bin_dir()}/{bin_name}", f"{venv}/bin/{bin_name}")
            self.add_to_path(self.bin_dir())
        return folder

    # -- Homebrew ----------------------------------------------------------------------------
    def brew_prefix(self) -> str:
        return "/opt/homebrew" if self.platform == "macos" else "/home/linuxbrew/.linuxbrew"

    def brew_formula(
        self, name: str, version: str, *, npm_package: str | None = None, npm_version: str | None = None
    ) -> str:
        folder = f"{self.brew_prefix()}/Cellar/{name}/{version}"
        self.write(f"{folder}/INSTALL_RECEIPT.json", "{}")
        if npm_package:
            self.write_json(
                f"{folder}/libexec/lib/node_modules/{npm_package}/package.json",
                {"name": npm_package, "version": npm_version or version},
            )
        return folder

    def brew_cask(self, token: str, version: str) -> str:
        folder = f"{self.brew_prefix()}/Caskroom/{token}/{version}"
        self.mkdir(folder)
        self.write(
            f"{self.brew_prefix()}/Caskroom/{token}/.metadata/{version}/20260101000000.000/Casks/{token}.json", "{}"
        )
        return folder

    # -- native installers -------------------------------------------------------------------
    def native(self, versions_dir: str, version: str, *, link: str | None = None) -> str:
        path = self.write(f"{versions_dir}/{version}", b"\x7fELF native binary")
        if link:
            folder, name = link.rsplit("/", 1)
            self.executable(name, folder=folder, target=path)
        return path

    # -- editors -----------------------------------------------------------------------------
    def vscode_extension(
        self,
        ext_id: str,
        version: str,
        *,
        root: str = ".vscode/extensions",
        listed: bool = True,
        display: str | None = None,
    ) -> str:
        ext_root = self.h(root)
        folder_name = f"{ext_id.lower()}-{version}"
        folder = f"{ext_root}/{folder_name}"
        publisher, name = ext_id.split(".", 1)
        self.write_json(
            f"{folder}/package.json",
            {"publisher": publisher, "name": name, "version": version, "displayName": display or name},
        )
        manifest_path = f"{ext_root}/extensions.json"
        host = self.host(manifest_path)
        entries = json.loads(host.read_text()) if host.exists() else []
        if listed:
            entries.append(
                {
                    "identifier": {"id": ext_id},
                    "version": version,
                    "location": {"$mid": 1, "path": f"{ext_root}/{folder_name}", "scheme": "file"},
                    "relativeLocation": folder_name,
                    "metadata": {"installedTimestamp": 1767225600000, "source": "gallery"},
                }
            )
        self.write_json(manifest_path, entries)
        return folder

    def jetbrains_plugin(
        self,
        plugin_id: str,
        version: str,
        dirname: str,
        *,
        ide: str = "PyCharm2025.2",
        name: str | None = None,
        plugin_xml: bytes | None = None,
    ) -> str:
        base = {
            "linux": self.h(f".local/share/JetBrains/{ide}"),
            "macos": self.h(f"Library/Application Support/JetBrains/{ide}/plugins"),
            "windows": f"{self.appdata}/JetBrains/{ide}/plugins",
        }[self.platform]
        folder = f"{base}/{dirname}"
        xml = (
            plugin_xml
            if plugin_xml is not None
            else (
                f"<idea-plugin>\n  <id>{plugin_id}</id>\n  <name>{name or plugin_id}</name>\n"
                f"  <version>{version}</version>\n  <vendor>Example</vendor>\n</idea-plugin>\n"
            ).encode()
        )
        buf = io.BytesIO()
        with zipfile.ZipFile(buf, "w") as zf:
            zf.writestr("META-INF/MANIFEST.MF", "Manifest-Version: 1.0\n")
            zf.writestr("META-INF/plugin.xml", xml)
        self.write(f"{folder}/lib/{dirname}.jar", buf.getvalue())
        self.write(f"{folder}/lib/resources_en.jar", b"PK\x05\x06" + b"\x00" * 18)
        return folder

    def vim_plugin(self, repo: str, *, manager: str = "lazy") -> str:
        win = self.platform == "windows"
        base = {
            "lazy": f"{self.localappdata}/nvim-data/lazy" if win else self.h(".local/share/nvim/lazy"),
            "pack": self.h("vimfiles/pack/github/start") if win else self.h(".vim/pack/github/start"),
            "plug": self.h("vimfiles/plugged") if win else self.h(".vim/plugged"),
            "packer": f"{self.localappdata}/nvim-data/site/pack/packer/start"
            if win
            else self.h(".local/share/nvim/site/pack/packer/start"),
        }[manager]
        return self.write(f"{base}/{repo}/plugin/{repo.split('.')[0]}.vim", '" plugin\n').rsplit("/plugin/", 1)[0]

    # -- browsers ----------------------------------------------------------------------------
    def chromium_profile_dir(self, profile: str = "Default", browser: str = "chrome", root: str | None = None) -> str:
        """A profile folder; ``root``: the user-data folder holding it, for a browser the table here lacks."""
        if root is not None:
            return f"{root}/{profile}"
        base = {
            "linux": {
                "chrome": self.h(".config/google-chrome"),
                "edge": self.h(".config/microsoft-edge"),
                "brave": self.h(".config/BraveSoftware/Brave-Browser"),
            },
            "macos": {
                "chrome": self.h("Library/Application Support/Google/Chrome"),
                "edge": self.h("Library/Application Support/Microsoft Edge"),
                "brave": self.h("Library/Application Support/BraveSoftware/Brave-Browser"),
                "arc": self.h("Library/Application Support/Arc/User Data"),
            },
            "windows": {
                "chrome": f"{self.localappdata}/Google/Chrome/User Data",
                "edge": f"{self.localappdata}/Microsoft/Edge/User Data",
                "brave": f"{self.localappdata}/BraveSoftware/Brave-Browser/User Data",
            },
        }[self.platform][browser]
        return f"{base}/{profile}"

    def chromium_extension(
        self,
        ext_id: str,
        version: str,
        *,
        profile: str = "Default",
        browser: str = "chrome",
        name: str = "An extension",
        permissions: tuple[str, ...] = ("storage",),
        host_permissions: tuple[str, ...] = (),
        location: int = 1,
        from_webstore: bool = True,
        secure: bool = False,
        locale_name: str | None = None,
        root: str | None = None,
    ) -> str:
        """An extension installed in one profile: its folder with manifest.json, and its entry in the
        profile's Preferences (or Secure Preferences). ``root``: see :meth:`chromium_profile_dir`."""
        prof = self.chromium_profile_dir(profile, browser, root)
        folder = f"{prof}/Extensions/{ext_id}/{version}_0"
        manifest: dict = {
            "manifest_version": 3,
            "name": name,
            "version": version,
            "permissions": list(permissions),
            "host_permissions": list(host_permissions),
        }
        if locale_name is not None:
            manifest.update(name="__MSG_appName__", default_locale="en")
            self.write_json(
                f"{folder}/_locales/en/messages.json", {"appName": {"message": locale_name, "description": "name"}}
            )
        self.write_json(f"{folder}/manifest.json", manifest)
        prefs_path = f"{prof}/{'Secure Preferences' if secure else 'Preferences'}"
        host = self.host(prefs_path)
        prefs: dict[str, Any] = json.loads(host.read_text()) if host.exists() else {"profile": {"name": profile}}
        prefs.setdefault("extensions", {}).setdefault("settings", {})[ext_id] = {
            "location": location,
            "from_webstore": from_webstore,
            "state": 1,
            "path": f"{ext_id}/{version}_0",
            "install_time": "13370000000000000",
        }
        self.write_json(prefs_path, prefs)
        return folder

    def firefox_profiles(self, profiles: dict[str, bool], browser_root: str | None = None) -> str:
        """profiles.ini naming ``profiles`` (path -> relative?); returns the folder holding it."""
        root = (
            browser_root
            or {
                "linux": self.h(".mozilla/firefox"),
                "macos": self.h("Library/Application Support/Firefox"),
                "windows": f"{self.appdata}/Mozilla/Firefox",
            }[self.platform]
        )
        lines = ["[General]", "StartWithLastProfile=1", ""]
        for i, (path, relative) in enumerate(profiles.items()):
            lines += [f"[Profile{i}]", f"Name=p{i}", f"IsRelative={1 if relative else 0}", f"Path={path}", ""]
        lines += ["[Install4F96D1932A9F858E]", "Default=Profiles/ignored", ""]
        self.write(f"{root}/profiles.ini", "\n".join(lines))
        return root

    def firefox_addon(
        self,
        profile_dir: str,
        addon_id: str,
        version: str,
        *,
        name: str = "An add-on",
        origins: tuple[str, ...] = (),
        foreign: bool = False,
        signed: int = 2,
    ) -> str:
        """An add-on in a Gecko profile's extensions.json (and its .xpi)."""
        path = f"{profile_dir}/extensions.json"
        host = self.host(path)
        data: dict[str, Any] = json.loads(host.read_text()) if host.exists() else {"schemaVersion": 36, "addons": []}
        data["addons"].append(
            {
                "id": addon_id,
                "version": version,
                "type": "extension",
                "active": True,
                "location": "app-profile",
                "foreignInstall": foreign,
                "signedState": signed,
                "defaultLocale": {"name": name},
                "userPermissions": {"permissions": ["storage"], "origins": list(origins)},
            }
        )
        self.write_json(path, data)
        return self.write(f"{profile_dir}/extensions/{addon_id}.xpi", b"PK\x05\x06" + b"\x00" * 18)

    # -- desktop apps ------------------------------------------------------------------------
    def mac_app(
        self, name: str, bundle_id: str, version: str, *, folder: str = "/Applications", binary_plist: bool = False
    ) -> str:
        app = f"{folder}/{name}"
        data = {
            "CFBundleIdentifier": bundle_id,
            "CFBundleShortVersionString": version,
            "CFBundleVersion": version,
            "CFBundleName": name.removesuffix(".app"),
        }
        fmt = plistlib.FMT_BINARY if binary_plist else plistlib.FMT_XML
        self.write(f"{app}/Contents/Info.plist", plistlib.dumps(data, fmt=fmt))
        return app

    # an AppImage's first bytes: an ELF header (64-bit, little-endian) whose padding holds AppImage's magic
    # ("AI" and the type, 2) at offset 8, then its runtime and the squashfs image it mounts
    APPIMAGE_HEAD = b"\x7fELF\x02\x01\x01\x00AI\x02" + bytes(53)

    def appimage(
        self, file_name: str, *, folder: str | None = None, menu_entry: str | None = None, name: str | None = None
    ) -> str:
        """A Linux AppImage as its vendor ships it (one executable file), and, with ``menu_entry``, the menu
        entry AppImageLauncher or Gear Lever writes to start it from where it lies (``Name=`` ``name``, or the
        file name's first part)."""
        path = f"{folder or self.h('Applications')}/{file_name}"
        self.write(path, self.APPIMAGE_HEAD)
        self.host(path).chmod(0o755)
        if menu_entry:
            folder = (
                menu_entry.rpartition("/")[0] if menu_entry.startswith("/") else self.h(".local/share/applications")
            )
            self.menu_entry(
                f"{folder}/{menu_entry.rpartition('/')[2]}",
                f'"{path}" --no-sandbox %U',
                name or file_name.split("-")[0],
            )
        return path

    def menu_entry(self, path: str, exec_line: str, name: str, *, version: str | None = None) -> str:
        """A Linux menu entry (a ``.desktop`` file) at ``path`` that starts ``exec_line``."""
        more = f"X-AppImage-Version={version}\n" if version else ""
        return self.write(path, f"[Desktop Entry]\nType=Application\nName={name}\nExec={exec_line}\n{more}")

    def extracted_appimage(
        self, folder: str, app: str, version: str, *, layout: str = "usr", vscode_version: str = "1.99.3"
    ) -> str:
        """What ``./<App>.AppImage --appimage-extract`` leaves (``squashfs-root``, often moved to ``folder``):
        ``AppRun``, the app's menu entry and icon at the top, and the app itself. ``layout="usr"``: under
        ``usr/share/<app>`` as Cursor's AppImage holds it (its Debian package's tree); ``"electron"``: at the top,
        as electron-builder's AppImages hold it, with ``X-AppImage-Version`` in its menu entry. The version is
        also product.json's, as a VS Code fork's (Cursor's) states its own there and VS Code's in package.json
        (``vscode_version``). Returns the app's program."""
        low = app.lower()
        inside = f"usr/share/{low}/{low}" if layout == "usr" else low
        self.write(f"{folder}/AppRun", f'#!/bin/sh\nexec "$(dirname "$0")/{inside}" "$@"\n')
        self.host(f"{folder}/AppRun").chmod(0o755)
        self.menu_entry(f"{folder}/{low}.desktop", "AppRun %F", app, version=version if layout != "usr" else None)
        self.write(f"{folder}/{low}.png", b"\x89PNG")
        base = f"{folder}/usr/share/{low}" if layout == "usr" else folder
        program = self.write(f"{base}/{low}", b"\x7fELF\x02\x01\x01\x00" + bytes(56))
        self.host(program).chmod(0o755)
        self.write_json(f"{base}/resources/app/package.json", {"name": low, "version": vscode_version})
        product = {"nameShort": app, "applicationName": low, "version": version, "vscodeVersion": vscode_version}
        self.write_json(f"{base}/resources/app/product.json", product)
        return program

    def windows_program(self, folder: str, version: str, *, style: str = "electron") -> str:
        if style == "electron":
            self.write_json(f"{folder}/resources/app/package.json", {"name": "app", "version": version})
        elif style == "squirrel":
            self.mkdir(f"{folder}/app-{version}")
        else:
            self.mkdir(folder)
        return folder

    def config(self, path: str, content: str | None = None) -> str:
        if content is None:
            return self.mkdir(path)
        return self.write(path, content)

    # -- recorded layouts ----------------------------------------------------------------------
    def recorded_layout(self, fixture: dict) -> None:
        """Lay out a layout that scripts/record_layouts.py recorded from a real installer: its folders,
        symbolic links (targets verbatim), reduced manifests and shim text, with the recorded home
        moved to this machine's home; its search path is added to this machine's."""

        def here(text: str) -> str:
            return text.replace(fixture["home"] + "/", self.home + "/")

        for kind, path, *rest in fixture["entries"]:
            path = here(path)
            if kind == "l":
                self.symlink(path, here(rest[0]))
            elif kind == "j":
                self.write_json(path, rest[0])
            elif kind in ("f", "b"):
                self.write(path, here(rest[0]) if kind == "f" else b"\x7fELF recorded binary: content not kept\n")
                self.host(path).chmod(0o755)
            elif kind == "h":  # the first lines of a bundle of megabytes (its header): the rest not kept
                self.write(path, rest[0] + "// recorded: the rest of the bundle not kept\n")
                self.host(path).chmod(0o755)
            elif kind == "x":  # a Bun executable of hundreds of MB: its stored entry point's header alone
                self.write(path, bun_executable(rest[0]["entry"], rest[0]["head"].encode()))
                self.host(path).chmod(0o755)
        for folder in fixture["search_path"]:
            self.add_to_path(here(folder))


def bun_executable(entry: str, source: bytes, *, tail: bytes = b"\0" * 4096) -> bytes:
    """A small file laid out as a Bun single-file executable is (see :mod:`tui.core.bun_bundle`): an ELF
    start, then Bun's data (the entry point's name and source, its table of modules, Bun's offsets and
    trailer), then ``tail`` (the section tables a real one ends with). Claude Code's is 240 MB; the version
    stands where it stands in the real one, in the stored source's header."""
    import struct

    name = entry.encode()
    data = bytearray()
    name_at = len(data)
    data += name + b"\0"
    source_at = len(data)
    data += source + b"\0"
    table_at = len(data)
    record = struct.pack("<12I", name_at, len(name), source_at, len(source), *([0] * 8)) + bytes([1, 1, 2, 0])
    data += record + b"\0"  # and the empty argv Bun keeps after the table
    byte_count = len(data)
    offsets = struct.pack("<QIIIIII", byte_count, table_at, len(record), 0, byte_count - 1, 0, 15)
    payload = bytes(data) + offsets + b"\n---- Bun! ----\n"
    return b"\x7fELF" + b"\0" * 60 + struct.pack("<Q", len(payload)) + payload + tail
