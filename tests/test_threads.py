"""Pure reply-tree placement."""
from __future__ import annotations

from analytics.corpus.threads import ThreadPlace, place_comments


def test_empty_article_has_no_places():
    assert place_comments({}) == {}


def test_chain_depths_and_roots_whatever_the_order():
    places = place_comments({"c": "b", "a": None, "b": "a", "x": None})
    assert places == {"a": ThreadPlace(None, 0, "a", None), "b": ThreadPlace("a", 1, "a", None),
                      "c": ThreadPlace("b", 2, "a", None), "x": ThreadPlace(None, 0, "x", None)}


def test_deep_chain_does_not_recurse():
    parents = {str(i): (str(i - 1) if i else None) for i in range(50_000)}
    assert place_comments(parents)["49999"].depth == 49_999


def test_two_member_cycle_hanging_below_it_keeps_its_subtree():
    places = place_comments({"p": "q", "q": "p", "child": "q"})
    assert places["p"] == ThreadPlace(None, 0, "p", "cycle")
    assert places["q"] == ThreadPlace("p", 1, "p", None)
    assert places["child"] == ThreadPlace("q", 2, "p", None)


def test_missing_parent_and_self_reply_are_flagged():
    places = place_comments({"a": "gone", "b": "b"})
    assert places["a"] == ThreadPlace(None, 0, "a", "orphan")
    assert places["b"] == ThreadPlace(None, 0, "b", "cycle")
