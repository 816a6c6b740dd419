"""The one YAML parser aicheck uses: PyYAML's safe loader, narrowed for files a hostile user may have written.

A scanned YAML file (Continue's and Goose's configs, a settings file a policy condition names) is read
through the bounded reader first, so its size is capped before it gets here. The loader then refuses:

- anchors and aliases (``&a`` / ``*a``): the "billion laughs" expansion needs them, and no config aicheck
  reads uses them;
- explicit tags other than YAML's plain scalar and collection types (``!!python/object``, ``!custom``, even
  ``!!binary``): nothing is ever constructed from a tag;
- nesting deeper than :data:`MAX_DEPTH` and documents with more than :data:`MAX_NODES` nodes;
- a key written twice in one mapping (readers differ on which one counts).

Dates stay strings (no timestamp resolution). Every failure is a :class:`~tui.core.bounded_read.ParseFailed`
whose message gives the line and column, never a quote of the file."""

from __future__ import annotations

import re
from typing import Any

from tui.core.bounded_read import ParseFailed

MAX_DEPTH = 64
MAX_YAML_BYTES = 512 * 1024  # no honest config of a tool comes close; bounds the parse time too
MAX_NODES = 50_000  # a pure-Python parse: ~1 s at this size on a slow machine
_PLAIN_TAGS = frozenset(
    f"tag:yaml.org,2002:{name}" for name in ("str", "int", "float", "bool", "null", "map", "seq")
) | {"!"}
_LOADER: type | None = None
_QUOTED = re.compile(r"'[^']*'|\"[^\"]*\"")


def _loader() -> type:
    """The loader class, built on first use (PyYAML is imported only when a YAML file is actually read)."""
    global _LOADER
    if _LOADER is not None:
        return _LOADER
    import yaml
    from yaml.events import AliasEvent, CollectionStartEvent, ScalarEvent

    class Refused(yaml.MarkedYAMLError):
        pass

    class BoundedSafeLoader(yaml.SafeLoader):
        # YAML 1.1 resolves 2024-01-01 to a date: keep every timestamp a plain string
        yaml_implicit_resolvers = {  # noqa: RUF012 (PyYAML reads it as a class attribute)
            first: [(tag, rx) for tag, rx in resolvers if tag != "tag:yaml.org,2002:timestamp"]
            for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
        }

        def __init__(self, stream: str) -> None:
            super().__init__(stream)
            self._depth = 0
            self._nodes = 0

        def compose_node(self, parent: Any, index: Any) -> Any:
            event = self.peek_event()
            mark: Any = event.start_mark
            if isinstance(event, AliasEvent) or getattr(event, "anchor", None) is not None:
                raise Refused(None, None, "anchors and aliases are not accepted", mark)
            tag = getattr(event, "tag", None)
            if isinstance(event, (ScalarEvent, CollectionStartEvent)) and tag is not None and tag not in _PLAIN_TAGS:
                raise Refused(None, None, "explicit tags are not accepted", mark)
            self._nodes += 1
            if self._nodes > MAX_NODES:
                raise Refused(None, None, f"more than {MAX_NODES} values", mark)
            self._depth += 1
            try:
                if self._depth > MAX_DEPTH:
                    raise Refused(None, None, f"nested deeper than {MAX_DEPTH} levels", mark)
                return super().compose_node(parent, index)
            finally:
                self._depth -= 1

        def construct_mapping(self, node: Any, deep: bool = False) -> Any:
            # a key written twice: readers differ on which one counts (PyYAML keeps the last, others the first or
            # refuse the file), so the file says two things and is read as neither
            seen: set[str] = set()
            for key, _value in node.value:
                if isinstance(key, yaml.ScalarNode):
                    if key.value in seen:
                        raise Refused(None, None, "a key is written twice in one mapping", key.start_mark)
                    seen.add(key.value)
            return super().construct_mapping(node, deep)

    _LOADER = BoundedSafeLoader
    return _LOADER


def parse_yaml(text: str) -> object:
    """The first document of ``text`` as plain data (dict, list, str, int, float, bool, None); every
    failure is a :class:`ParseFailed` naming the line and column."""
    import yaml

    loader = _loader()(text)
    try:
        return loader.get_single_data()
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        where = f" (line {mark.line + 1}, column {mark.column + 1})" if mark is not None else ""
        what = (exc.problem or exc.context or "syntax error").split("\n")[0][:120]
        raise ParseFailed(f"invalid YAML: {_no_quotes(what)}{where}") from None
    except yaml.YAMLError as exc:
        raise ParseFailed(f"invalid YAML: {exc.__class__.__name__}") from None
    except (RecursionError, ValueError, OverflowError) as exc:
        raise ParseFailed(f"invalid YAML: {exc.__class__.__name__}") from None
    finally:
        loader.dispose()


_FENCE = re.compile(r"^---[ \t]*\r?$", re.MULTILINE)
# a first line a JavaScript reader (`/^---\s*\n/`) takes for a fence: any white space after the dashes,
# a form feed, a vertical tab and a no-break space too
_LOOSE_OPENING = re.compile(r"---[^\S\n]*\n")


def parse_front_matter(text: str) -> object:
    """The YAML front matter of a Markdown file (Claude Code's subagents): the lines between a first line
    ``---`` and the next line ``---``, parsed by :func:`parse_yaml`. None when the file has none (its first
    line is not ``---``); a front matter never closed is a :class:`ParseFailed`, never read as empty."""
    text = text.removeprefix("\ufeff")
    opening = _FENCE.match(text)
    if opening is None:
        if _LOOSE_OPENING.match(text):  # Claude Code reads a front matter here that a strict reading would not
            raise ParseFailed("invalid front matter: its first line is '---' with other white space after it")
        return None
    closing = _FENCE.search(text, opening.end())
    if closing is None:
        raise ParseFailed("invalid front matter: no line '---' closes it")
    front = text[opening.end() : closing.start()]
    if "---" in front:  # a reader that ends the front matter at the first '---' anywhere reads other keys
        raise ParseFailed("invalid front matter: '---' inside it, where a reader may take it to end")
    return parse_yaml(front)


def _no_quotes(problem: str) -> str:
    """PyYAML's problem text with what it quotes from the file (a tag, a character, a token) elided."""
    return _QUOTED.sub("…", problem).strip() or "syntax error"
