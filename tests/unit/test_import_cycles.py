"""No two of aicheck's modules import each other, directly or through others: each thing has one place, and what
a module needs lies below it. Every import counts, one inside a function or under ``TYPE_CHECKING`` too (the
graph holds them all), so a circle cannot hide behind a late import. A module the code loads by name
(``importlib.import_module``: the channel registry) is not in the graph."""

from __future__ import annotations

import grimp


def _circles(graph: grimp.ImportGraph) -> list[list[str]]:
    """The groups of modules that reach one another by their imports (strongly connected, more than one
    module), each sorted: Tarjan's algorithm, without recursion."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    out: list[list[str]] = []
    for root in sorted(graph.modules):
        if root in index:
            continue
        work = [(root, iter(sorted(graph.find_modules_directly_imported_by(root))))]
        index[root] = low[root] = len(index)
        stack.append(root)
        on_stack.add(root)
        while work:
            node, children = work[-1]
            for child in children:
                if child not in index:
                    index[child] = low[child] = len(index)
                    stack.append(child)
                    on_stack.add(child)
                    work.append((child, iter(sorted(graph.find_modules_directly_imported_by(child)))))
                    break
                if child in on_stack:
                    low[node] = min(low[node], index[child])
            else:
                work.pop()
                if work:
                    parent = work[-1][0]
                    low[parent] = min(low[parent], low[node])
                if low[node] == index[node]:
                    group = []
                    while True:
                        member = stack.pop()
                        on_stack.discard(member)
                        group.append(member)
                        if member == node:
                            break
                    if len(group) > 1:
                        out.append(sorted(group))
    return sorted(out)


def test_no_module_of_aicheck_is_in_an_import_circle():
    graph = grimp.build_graph("tui", cache_dir=None)  # no cache written anywhere
    circles = _circles(graph)
    assert circles == [], "modules that import one another:\n" + "\n".join(" <-> ".join(c) for c in circles)


def test_the_circle_finder_finds_a_circle_and_nothing_else():
    """The finder itself, on a small graph of its own: a circle of three, a module outside it, and one module
    importing itself (no circle of modules)."""
    graph = grimp.ImportGraph()
    for importer, imported in (("a", "b"), ("b", "c"), ("c", "a"), ("c", "d"), ("d", "d")):
        graph.add_import(importer=importer, imported=imported)
    assert _circles(graph) == [["a", "b", "c"]]
