"""The dashboard's whole view state and its URL form.

Every filter a researcher sets lives in the URL's query parameters, so a link reproduces the
view. `parse` reads parameters into a ViewState: a value that is malformed or unknown to the
store falls back to its default and yields a warning that names it. `to_params` writes a state
back, leaving defaults out; the two round-trip exactly (`parse(to_params(s)) == s`). Nothing
here touches SQL: view_queries.py binds every value as a parameter.
"""
from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, fields, replace
from datetime import date

PAGES = ("overview", "threads", "targets", "topics", "stance", "comments", "corpus")
LANGS = ("fr", "en", "other")
SENTIMENTS = ("negative", "neutral", "positive")
STANCES = ("agree", "disagree", "query", "neutral")
TARGET_STANCES = ("against", "neutral", "favour")
ATTACK_KINDS = ("threat", "dehumanisation", "slur", "derogation", "contempt")  # as enrich.mentions.Target.attack_kind
ATTACK_PHRASES = {"threat": "a threat", "dehumanisation": "dehumanisation", "slur": "a slur",
                  "derogation": "derogation", "contempt": "contempt"}
SORTS = ("thread", "newest", "oldest", "most_negative", "most_positive", "deepest")
COMMENT_SEPARATOR = "::"
MAX_SEARCH = 200


@dataclass(frozen=True)
class Known:
    """What the store holds, to check a link's values against (None: not checked)."""

    articles: frozenset[str] | None = None
    targets: frozenset[str] | None = None
    topics: frozenset[int] | None = None
    camps: frozenset[int] | None = None


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

    def with_(self, **changes) -> ViewState:
        """A copy with some fields changed."""
        return replace(self, **changes)

    def filters(self) -> ViewState:
        """The state without what does not change which comments are selected (page, sort, comment):
        the key that cached queries share across pages."""
        return replace(self, page="overview", sort="thread", comment=None)

    @property
    def selected_comment(self) -> tuple[str, str] | None:
        if not self.comment:
            return None
        article_id, _, comment_id = self.comment.rpartition(COMMENT_SEPARATOR)
        return article_id, comment_id

    def describe(self) -> list[str]:
        """The active filters in words, for the page header."""
        parts = []
        if self.articles:
            parts.append(f"{len(self.articles)} article(s)")
        if self.date_from or self.date_to:
            parts.append(f"from {self.date_from or '…'} to {self.date_to or '…'}")
        if self.lang:
            parts.append(f"language {self.lang}")
        if self.depth_min or self.depth_max is not None:
            parts.append(f"depth {self.depth_min}–{'…' if self.depth_max is None else self.depth_max}")
        for name in ("sentiment", "stance", "target", "target_stance"):
            if getattr(self, name):
                parts.append(f"{name} {getattr(self, name)}")
        if self.attack_kinds:
            kinds = " or ".join(ATTACK_PHRASES[kind] for kind in self.attack_kinds)
            parts.append(f"attacking {'it' if self.target else 'a target'} with {kinds}")
        if self.topic is not None:
            parts.append(f"topic {self.topic}")
        if self.camp is not None:
            parts.append(f"camp {self.camp + 1}")
        if self.search:
            parts.append(f"text contains “{self.search}”")
        return parts


DEFAULT = ViewState()
PARAM_NAMES = {f.name: {"articles": "article", "attack_kinds": "attack_kind"}.get(f.name, f.name)
               for f in fields(ViewState)}


def _single(params: Mapping[str, str | Sequence[str]], name: str) -> str | None:
    value = params.get(name)
    if value is None:
        return None
    if isinstance(value, str):
        return value
    return value[-1] if value else None


def _many(params: Mapping[str, str | Sequence[str]], name: str) -> list[str]:
    value = params.get(name)
    if value is None:
        return []
    return [value] if isinstance(value, str) else list(value)


def _integer(text: str, minimum: int = 0) -> int:
    number = int(text)
    if number < minimum or str(number) != text.strip():
        raise ValueError(text)
    return number


def parse(params: Mapping[str, str | Sequence[str]], known: Known = Known()) -> tuple[ViewState, list[str]]:
    """The view state a link describes, and a warning for every value that fell back to its default."""
    warnings: list[str] = []
    values: dict = {}

    def fallback(name: str, raw: object, expected: str) -> None:
        warnings.append(f"Link parameter {name}={raw!r}: expected {expected}; using the default instead.")

    def choice(name: str, options: Sequence[str]) -> None:
        raw = _single(params, name)
        if raw is None:
            return
        if raw in options:
            values[name] = raw
        else:
            fallback(name, raw, "one of " + ", ".join(options))

    choice("page", PAGES)
    choice("lang", LANGS)
    choice("sentiment", SENTIMENTS)
    choice("stance", STANCES)
    choice("sort", SORTS)
    choice("target_stance", TARGET_STANCES)

    articles = []
    for raw in _many(params, "article"):
        if known.articles is not None and raw not in known.articles:
            fallback("article", raw, "an article of this store")
        elif raw not in articles:
            articles.append(raw)
    values["articles"] = tuple(articles)

    for name in ("date_from", "date_to"):
        raw = _single(params, name)
        if raw is not None:
            try:
                values[name] = date.fromisoformat(raw)
            except ValueError:
                fallback(name, raw, "a date written YYYY-MM-DD")
    if values.get("date_from") and values.get("date_to") and values["date_from"] > values["date_to"]:
        fallback("date_to", values.pop("date_to").isoformat(), "a date on or after date_from")

    for name in ("depth_min", "depth_max"):
        raw = _single(params, name)
        if raw is not None:
            try:
                values[name] = _integer(raw)
            except ValueError:
                fallback(name, raw, "a whole number, 0 or more")
    if values.get("depth_max") is not None and values["depth_max"] < values.get("depth_min", 0):
        fallback("depth_max", str(values.pop("depth_max")), "a depth at least depth_min")

    raw = _single(params, "target")
    if raw is not None:
        if raw.strip() and (known.targets is None or raw in known.targets):
            values["target"] = raw
        else:
            fallback("target", raw, "a named target found in this store")
    kinds = set()
    for raw in _many(params, "attack_kind"):
        pieces = [piece.strip() for piece in raw.split(",") if piece.strip()]
        for piece in pieces or [raw]:
            if piece in ATTACK_KINDS:
                kinds.add(piece)
            else:
                fallback("attack_kind", piece, "one or more of " + ", ".join(ATTACK_KINDS) + ", separated by commas")
    values["attack_kinds"] = tuple(kind for kind in ATTACK_KINDS if kind in kinds)
    for name, pool in (("topic", known.topics), ("camp", known.camps)):
        raw = _single(params, name)
        if raw is None:
            continue
        try:
            number = _integer(raw)
            if pool is not None and number not in pool:
                raise ValueError(raw)
            values[name] = number
        except ValueError:
            fallback(name, raw, f"the number of a {name} of this store")

    raw = _single(params, "search")
    if raw is not None:
        if len(raw) <= MAX_SEARCH:
            values["search"] = raw
        else:
            fallback("search", raw[:20] + "…", f"at most {MAX_SEARCH} characters")
    raw = _single(params, "comment")
    if raw is not None:
        article_id, separator, comment_id = raw.rpartition(COMMENT_SEPARATOR)
        if separator and comment_id and (known.articles is None or article_id in known.articles):
            values["comment"] = raw
        else:
            fallback("comment", raw, f"ARTICLE{COMMENT_SEPARATOR}COMMENT naming a comment of this store")
    for name in params:
        if name not in PARAM_NAMES.values():
            warnings.append(f"Link parameter {name!r} is unknown; it was ignored.")
    return ViewState(**values), warnings


def to_params(state: ViewState) -> dict[str, str | list[str]]:
    """The query parameters of a state, defaults left out (a list for repeated `article`)."""
    params: dict[str, str | list[str]] = {}
    for item in fields(ViewState):
        value = getattr(state, item.name)
        if value == getattr(DEFAULT, item.name):
            continue
        name = PARAM_NAMES[item.name]
        if item.name == "articles":
            params[name] = list(value)
        elif item.name == "attack_kinds":
            params[name] = ",".join(value)
        elif isinstance(value, date):
            params[name] = value.isoformat()
        else:
            params[name] = str(value)
    return params


def comment_key(article_id: str, comment_id: str) -> str:
    """The `comment` parameter naming one comment."""
    return f"{article_id}{COMMENT_SEPARATOR}{comment_id}"


__all__ = ["ATTACK_KINDS", "DEFAULT", "PAGES", "Known", "ViewState", "comment_key", "parse", "to_params"]
