"""The dashboard's whole view state and its URL form.

Every filter a researcher sets lives in the URL's query parameters, so a link reproduces the
view. `parse` reads parameters into a ViewState: a value that is malformed or unknown to the
store falls back to its default and yields a warning that names it. `to_params` writes a state
back, leaving defaults out; the two round-trip exactly (`parse(to_params(s)) == s`). Each
parameter is one object of filters.py (PARAMS here: the page, every filter, the sort, the
opened comment); filters.py also turns the filters into SQL with every value bound.
"""
from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, replace
from datetime import date

from analytics.views.filters import (
    ATTACK_KINDS,
    ATTACK_PHRASES,
    FILTERS,
    LANGS,
    SENTIMENTS,
    STANCES,
    TARGET_STANCES,
)
from analytics.views.params import (
    Choice,
    Known,
    Param,
    Params,
    Warn,
    read_value,
    single,
    whole_number,
)

PAGES = ("overview", "threads", "targets", "topics", "stance", "comments", "corpus")
SORTS = ("thread", "newest", "oldest", "most_negative", "most_positive", "deepest")
COMMENT_SEPARATOR = "::"


@dataclass(frozen=True)
class ViewState:
    """Page and filters. The filters select comments; every page draws the comments selected."""

    page: str = "overview"
    articles: tuple[str, ...] = ()
    date_from: date | None = None
    date_to: date | None = None
    lang: str | None = None
    depth_min: int = 0
    depth_max: int | None = None
    sentiment: str | None = None
    stance: str | None = None
    target: str | None = None
    target_stance: str | None = None
    attack_kinds: tuple[str, ...] = ()  # comments attacking a target (the target, when set) with one of these
    topic: int | None = None
    camp: int | None = None
    search: str = ""
    sort: str = "thread"
    comment: str | None = None
    tree: str | None = None  # the article whose reply tree the Threads page draws
    shown: int | None = None  # how many topics the Topics page shows (a merge level of the fit)

    def with_(self, **changes) -> ViewState:
        """A copy with some fields changed."""
        return replace(self, **changes)

    def filters(self) -> ViewState:
        """The state without what does not change which comments are selected (page, sort, comment,
    tree, topics shown):
        the key that cached queries share across pages."""
        return replace(self, page="overview", sort="thread", comment=None, tree=None, shown=None)

    @property
    def selected_comment(self) -> tuple[str, str] | None:
        if not self.comment:
            return None
        article_id, _, comment_id = self.comment.rpartition(COMMENT_SEPARATOR)
        return article_id, comment_id

    def describe(self, names: Mapping | None = None) -> list[str]:
        """The active filters in words, for the page header; with names (selection.filter_options),
        the articles' titles (up to two) and the topic's or camp's label beside their numbers."""
        return [part for one in FILTERS for part in one.describe(self, names)]


DEFAULT = ViewState()


class Comment(Param):
    """The comment opened in its thread: ARTICLE::COMMENT (an id may itself hold the separator)."""

    fields = ("comment",)

    def parse(self, params: Params, known: Known, warn: Warn) -> dict:
        raw = single(params, "comment")
        if raw is None:
            return {}
        article_id, separator, comment_id = raw.rpartition(COMMENT_SEPARATOR)
        if separator and comment_id and (known.articles is None or article_id in known.articles):
            return {"comment": raw}
        warn("comment", raw, f"ARTICLE{COMMENT_SEPARATOR}COMMENT naming a comment of this store")
        return {}


class Tree(Param):
    """The article whose reply tree is drawn: an article of this store."""

    fields = ("tree",)

    def parse(self, params: Params, known: Known, warn: Warn) -> dict:
        raw = single(params, "tree")
        if raw is None:
            return {}
        if raw and (known.articles is None or raw in known.articles):
            return {"tree": raw}
        warn("tree", raw, "an article of this store")
        return {}


class Shown(Param):
    """How many topics the Topics page shows: a whole number (the page takes the nearest merge
    level of the fit at or above it)."""

    fields = ("shown",)

    def parse(self, params: Params, known: Known, warn: Warn) -> dict:
        return read_value(params, "shown", whole_number, warn, "a number of topics")


PARAMS: tuple[Param, ...] = (Choice("page", PAGES), *FILTERS, Choice("sort", SORTS), Comment(), Tree(), Shown())
PARAM_NAMES = {name: {"articles": "article", "attack_kinds": "attack_kind"}.get(name, name)
               for one in PARAMS for name in one.fields}  # ViewState field -> its link parameter


def parse(params: Params, known: Known = Known()) -> tuple[ViewState, list[str]]:
    """The view state a link describes, and a warning for every value that fell back to its default."""
    warnings: list[str] = []

    def warn(name: str, raw: object, expected: str) -> None:
        warnings.append(f"Link parameter {name}={raw!r}: expected {expected}; using the default instead.")

    values: dict = {}
    for one in PARAMS:
        values |= one.parse(params, known, warn)
    warnings += [f"Link parameter {name!r} is unknown; it was ignored." for name in params
                 if name not in PARAM_NAMES.values()]
    return ViewState(**values), warnings


def to_params(state: ViewState) -> dict[str, str | list[str]]:
    """The query parameters of a state, defaults left out (a list for repeated `article`)."""
    return {name: value for one in PARAMS for name, value in one.emit(state).items()}


def comment_key(article_id: str, comment_id: str) -> str:
    """The `comment` parameter naming one comment."""
    return f"{article_id}{COMMENT_SEPARATOR}{comment_id}"


__all__ = ["ATTACK_KINDS", "ATTACK_PHRASES", "DEFAULT", "LANGS", "PAGES", "SENTIMENTS", "STANCES", "TARGET_STANCES",
           "Known", "ViewState", "comment_key", "parse", "to_params"]
