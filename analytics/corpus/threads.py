"""Pure reply-tree functions: effective parents, depth, root, orphans and cycles."""
from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass


@dataclass(frozen=True)
class ThreadPlace:
    """Where a comment sits in its article's reply tree."""

    parent_id: str | None
    depth: int
    root_id: str
    flag: str | None
    """None, 'orphan' (declared parent missing) or 'cycle' (parent chain loops back)."""


def place_comments(declared_parents: Mapping[str, str | None]) -> dict[str, ThreadPlace]:
    """Place every comment of one article given {comment_id: declared parent id or None}.

    A comment whose parent is missing becomes top-level and is flagged 'orphan'. In a cycle, the
    member met first in the mapping's order becomes top-level and is flagged 'cycle'; the others
    hang below it as declared.
    """
    parents: dict[str, str | None] = {}
    flags: dict[str, str] = {}
    for comment_id, parent_id in declared_parents.items():
        if parent_id is not None and (parent_id == comment_id or parent_id not in declared_parents):
            flags[comment_id] = "cycle" if parent_id == comment_id else "orphan"
            parent_id = None
        parents[comment_id] = parent_id
    _break_cycles(parents, flags)

    places: dict[str, ThreadPlace] = {}
    for comment_id in parents:
        chain = []
        node: str | None = comment_id
        while node is not None and node not in places:
            chain.append(node)
            node = parents[node]
        depth, root = (places[node].depth + 1, places[node].root_id) if node is not None else (0, chain[-1])
        for member in reversed(chain):
            places[member] = ThreadPlace(parents[member], depth, root, flags.get(member))
            depth += 1
    return places


def _break_cycles(parents: dict[str, str | None], flags: dict[str, str]) -> None:
    """Cut every parent chain that loops, at the member first in the mapping's order."""
    state: dict[str, int] = {}  # 1 = on the current path, 2 = known to reach a root
    order = {comment_id: index for index, comment_id in enumerate(parents)}
    for start in parents:
        path = []
        node: str | None = start
        while node is not None and state.get(node) is None:
            state[node] = 1
            path.append(node)
            node = parents[node]
        if node is not None and state.get(node) == 1:
            loop = path[path.index(node):]
            cut = min(loop, key=order.__getitem__)
            parents[cut] = None
            flags[cut] = "cycle"
        for member in path:
            state[member] = 2

