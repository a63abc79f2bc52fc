"""The dashboard's filters, one object each (params.py's Filter): how it is read from a link,
written back, described in words, turned into SQL and drawn as a widget. `selection` joins their
SQL into one WHERE condition over comment_facts. Adding a filter: one object in FILTERS here
(a Choice when it picks one value of a column) and its field in state.ViewState; the dashboard
draws its widgets and the link carries it with no other change.
"""
from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from analytics.enrich.topics.model import MEMBERSHIP
from analytics.views.chart_text import shortened
from analytics.views.params import (
    FIRST_DAY,
    LAST_DAY,
    MAX_NUMBER,
    Choice,
    Filter,
    Known,
    Params,
    Warn,
    Widget,
    day,
    many,
    read_range,
    read_value,
    single,
    whole_number,
)

LANGS = ("fr", "en", "other")
SENTIMENTS = ("negative", "neutral", "positive")
STANCES = ("agree", "disagree", "query", "neutral", "favour", "against")  # favour, against: toward the article
TARGET_STANCES = ("against", "neutral", "favour")
ATTACK_KINDS = ("threat", "dehumanisation", "slur", "derogation", "contempt")  # as enrich Target.attack_kind
ATTACK_PHRASES = {"threat": "a threat", "dehumanisation": "dehumanisation", "slur": "a slur",
                  "derogation": "derogation", "contempt": "contempt"}
TOPIC_MEMBERSHIP = MEMBERSHIP  # a comment belongs to a topic when it weighs at least this on it (summed
# over a merged topic's topics)
MAX_SEARCH = 200
ARTICLE_CHOICES = 300  # articles the sidebar lists at once: a list of thousands was most of the page's
# drawing time in the browser (143 kB sent and re-rendered on every rerun at 6,498 articles)
ARTICLE_SEARCH = "article_search"  # options key: the session's "Find articles" text (not part of the view)
ARTICLE_SEARCH_WIDGET = "f_article_search"  # that text's widget key, kept by the session, never in the URL


class Articles(Filter):
    fields, param = ("articles",), "article"  # one `article` parameter per article

    def parse(self, params: Params, known: Known, warn: Warn) -> dict:
        articles: list[str] = []
        for raw in many(params, self.param):
            if known.articles is not None and raw not in known.articles:
                warn(self.param, raw, "an article of this store")
            elif raw not in articles:
                articles.append(raw)
        return {"articles": tuple(articles)}

    def emit(self, state) -> dict[str, str | list[str]]:
        return {self.param: list(state.articles)} if state.articles else {}

    def describe(self, state, names: Mapping | None = None) -> list[str]:
        titles = (names or {}).get("articles", {})
        if state.articles and len(state.articles) <= 2 and all(article in titles for article in state.articles):
            return [" and ".join(f"“{_named(titles[article])}”" for article in state.articles)]
        return [f"{len(state.articles)} article(s)"] if state.articles else []

    def where(self, state) -> tuple[str, list] | None:
        return ("list_contains(?, f.article_id)", [list(state.articles)]) if state.articles else None

    def widgets(self, state, options: Mapping) -> list[Widget]:
        """The articles to pick from: those chosen, then the ARTICLE_CHOICES most commented (options
        lists them most commented first) or, in a large corpus, those whose title contains the
        session's "Find articles" text; listed by title."""
        titles = options["articles"]
        large = len(titles) > ARTICLE_CHOICES
        wanted = (options.get(ARTICLE_SEARCH) or "").strip() if large else ""
        matching = [article for article in titles
                    if wanted.casefold() in f"{titles[article]}\n{article}".casefold()]  # title or id
        offered = set(matching[:ARTICLE_CHOICES] if large else titles) | set(state.articles)
        choices = sorted(offered, key=lambda a: (titles.get(a, a), a))
        listed = (f"the {min(len(matching), ARTICLE_CHOICES):,} most commented of the {len(matching):,} whose title "
                  f"or id contains “{wanted}”" if wanted else f"the {ARTICLE_CHOICES:,} most commented")
        pick = Widget("f_articles", "multiselect", "Articles", list(state.articles), tuple(choices), titles,
                      help=f"Listed: the articles chosen, then {listed}." if large else "")
        if not large:
            return [pick]
        return [Widget(ARTICLE_SEARCH_WIDGET, "text", "Find articles (title contains)", wanted, bounds=(0, MAX_SEARCH),
                       help=f"This store holds {len(titles):,} articles: the list below offers {ARTICLE_CHOICES:,} "
                            "at a time. Type part of a title (or an id) to list others; what you type only changes the "
                            "list, not the comments shown."), pick]

    def read(self, values: Mapping[str, Any], state, options: Mapping) -> dict:
        return {"articles": tuple(values["f_articles"])}


class Dates(Filter):
    fields = ("date_from", "date_to")

    def parse(self, params: Params, known: Known, warn: Warn) -> dict:
        return read_range(params, ("date_from", "date_to"), day, warn,
                          f"a date written YYYY-MM-DD, from {FIRST_DAY} to {LAST_DAY}", "a date on or after date_from")

    def describe(self, state, names: Mapping | None = None) -> list[str]:
        if state.date_from or state.date_to:
            return [f"from {state.date_from or '…'} to {state.date_to or '…'}"]
        return []

    def where(self, state) -> tuple[str, list] | None:
        conditions, params = [], []
        if state.date_from:
            conditions.append("f.posted_at >= ?")
            params.append(datetime.combine(state.date_from, datetime.min.time()))
        if state.date_to:  # the whole last day
            conditions.append("f.posted_at < ?")
            params.append(datetime.combine(state.date_to + timedelta(days=1), datetime.min.time()))
        return (" AND ".join(conditions), params) if conditions else None

    def widgets(self, state, options: Mapping) -> list[Widget]:
        first, last = options["first_day"], options["last_day"]
        if first is None:
            return []
        bounds = (min(first, state.date_from or first), max(last, state.date_to or last))
        return [Widget("f_dates", "dates", "Comments posted between", (state.date_from or first, state.date_to or last),
                       bounds=bounds, help="Undated comments are left out as soon as a date is set.")]

    def read(self, values: Mapping[str, Any], state, options: Mapping) -> dict:
        picked, first, last = values.get("f_dates"), options["first_day"], options["last_day"]
        if first is None or not isinstance(picked, tuple | list) or len(picked) != 2:
            return {}
        return {"date_from": picked[0] if picked[0] != first else None,
                "date_to": picked[1] if picked[1] != last else None}


class Depths(Filter):
    fields = ("depth_min", "depth_max")

    def parse(self, params: Params, known: Known, warn: Warn) -> dict:
        return read_range(params, ("depth_min", "depth_max"), whole_number, warn,
                          f"a whole number from 0 to {MAX_NUMBER:,}", "a depth at least depth_min")

    def describe(self, state, names: Mapping | None = None) -> list[str]:
        if state.depth_min or state.depth_max is not None:
            return [f"depth {state.depth_min}–{'…' if state.depth_max is None else state.depth_max}"]
        return []

    def where(self, state) -> tuple[str, list] | None:
        conditions, params = [], []
        if state.depth_min:
            conditions.append("f.depth >= ?")
            params.append(state.depth_min)
        if state.depth_max is not None:
            conditions.append("f.depth <= ?")
            params.append(state.depth_max)
        return (" AND ".join(conditions), params) if conditions else None

    @staticmethod
    def deepest(state, options: Mapping) -> int:
        return max(options["max_depth"], state.depth_min, state.depth_max or 0, 1)

    def widgets(self, state, options: Mapping) -> list[Widget]:
        deepest = self.deepest(state, options)
        value = (state.depth_min, deepest if state.depth_max is None else state.depth_max)
        return [Widget("f_depth", "range", "Reply depth", value, bounds=(0, deepest),
                       help="0: comments on the article; 1: replies to them; and so on.")]

    def read(self, values: Mapping[str, Any], state, options: Mapping) -> dict:
        low, high = values["f_depth"]
        return {"depth_min": int(low), "depth_max": None if high == self.deepest(state, options) else int(high)}


class Targets(Filter):
    """Named target, stance toward it and attack kinds: one target row meets them all ("Zelensky,
    against, by a threat" is a threat against Zelensky)."""

    fields = ("target", "target_stance", "attack_kinds")

    def parse(self, params: Params, known: Known, warn: Warn) -> dict:
        values: dict = {}
        raw = single(params, "target")
        if raw is not None:
            if raw.strip() and (known.targets is None or raw in known.targets):
                values["target"] = raw
            else:
                warn("target", raw, "a named target found in this store")
        values |= Choice("target_stance", TARGET_STANCES).parse(params, known, warn)
        kinds = set()
        for raw in many(params, "attack_kind"):
            pieces = [piece.strip() for piece in raw.split(",") if piece.strip()]
            for piece in pieces or [raw]:
                if piece in ATTACK_KINDS:
                    kinds.add(piece)
                else:
                    warn("attack_kind", piece, "one or more of " + ", ".join(ATTACK_KINDS) + ", separated by commas")
        values["attack_kinds"] = tuple(kind for kind in ATTACK_KINDS if kind in kinds)
        return values

    def emit(self, state) -> dict[str, str | list[str]]:
        out = {name: getattr(state, name) for name in ("target", "target_stance") if getattr(state, name)}
        if state.attack_kinds:
            out["attack_kind"] = ",".join(state.attack_kinds)
        return out

    def describe(self, state, names: Mapping | None = None) -> list[str]:
        parts = [f"{name} {getattr(state, name)}" for name in ("target", "target_stance") if getattr(state, name)]
        if state.attack_kinds:
            kinds = " or ".join(ATTACK_PHRASES[kind] for kind in state.attack_kinds)
            parts.append(f"attacking {'it' if state.target else 'a target'} with {kinds}")
        return parts

    def where(self, state) -> tuple[str, list] | None:
        if not (state.target or state.target_stance or state.attack_kinds):
            return None
        return ("f.cid IN (SELECT cid FROM target_facts WHERE (? IS NULL OR target = ?) "
                "AND (? IS NULL OR stance = ?) AND (? = 0 OR (attack AND list_contains(?, attack_kind))))",
                [state.target, state.target, state.target_stance, state.target_stance, len(state.attack_kinds),
                 list(state.attack_kinds)])

    def widgets(self, state, options: Mapping) -> list[Widget]:
        targets = (None, *options["targets"]) + ((state.target,) if state.target and state.target
                                                 not in options["targets"] else ())
        return [Widget("f_target", "select", "Named target", state.target, targets),
                Widget("f_target_stance", "select", "Stance toward the target", state.target_stance,
                       (None, *TARGET_STANCES), help="Comments speaking of a target (the named target, when one "
                                                     "is chosen) against it, neutrally or in its favour."),
                Widget("f_attack_kinds", "multiselect", "Attack kind", list(state.attack_kinds), ATTACK_KINDS,
                       help="Comments attacking a target (the named target, when one is chosen) with a threat, "
                            "dehumanisation, a slur, derogation or contempt: any of those picked.")]

    def read(self, values: Mapping[str, Any], state, options: Mapping) -> dict:
        return {"target": values["f_target"], "target_stance": values["f_target_stance"],
                "attack_kinds": tuple(kind for kind in ATTACK_KINDS if kind in values["f_attack_kinds"])}


@dataclass(frozen=True)
class Numbered(Filter):
    """A topic or a camp, by its number in the store."""

    name: str
    label: str
    condition: str
    threshold: float | None = None  # bound after the number when the condition has a second ?
    shown: Callable[[int], str] = str  # the number as the header says it

    @property
    def fields(self) -> tuple[str, ...]:
        return (self.name,)

    def parse(self, params: Params, known: Known, warn: Warn) -> dict:
        pool = getattr(known, self.name + "s")

        def number(raw: str) -> int:
            value = whole_number(raw)
            if pool is not None and value not in pool:
                raise ValueError(raw)
            return value
        return read_value(params, self.name, number, warn, f"the number of a {self.name} of this store")

    def describe(self, state, names: Mapping | None = None) -> list[str]:
        value = getattr(state, self.name)
        if value is None:
            return []
        label = (names or {}).get(self.name + "s", {}).get(value)
        return [f"{self.name} {self.shown(value)}" + (f" ({_named(label)})" if label else "")]

    def where(self, state) -> tuple[str, list] | None:
        value = getattr(state, self.name)
        if value is None:
            return None
        return self.condition, [value] + ([] if self.threshold is None else [self.threshold])

    def widgets(self, state, options: Mapping) -> list[Widget]:
        names = options[self.name + "s"]
        return [Widget(f"f_{self.name}", "select", self.label, getattr(state, self.name), (None, *names),
                       {number: (f"{number}: {label}" if self.name == "topic" else label)
                        for number, label in names.items()})]

    def read(self, values: Mapping[str, Any], state, options: Mapping) -> dict:
        return {self.name: values[f"f_{self.name}"]}


class Search(Filter):
    fields = ("search",)

    def parse(self, params: Params, known: Known, warn: Warn) -> dict:
        raw = single(params, "search")
        if raw is None:
            return {}
        if len(raw) <= MAX_SEARCH:
            return {"search": raw}
        warn("search", raw[:20] + "…", f"at most {MAX_SEARCH} characters")
        return {}

    def describe(self, state, names: Mapping | None = None) -> list[str]:
        return [f"text contains “{state.search}”"] if state.search else []

    def where(self, state) -> tuple[str, list] | None:
        return ("strpos(lower(f.text), lower(?)) > 0", [state.search]) if state.search else None

    def widgets(self, state, options: Mapping) -> list[Widget]:
        return [Widget("f_search", "text", "Text contains", state.search, bounds=(0, MAX_SEARCH))]

    def read(self, values: Mapping[str, Any], state, options: Mapping) -> dict:
        return {"search": (values["f_search"] or "").strip()[:MAX_SEARCH]}


FILTERS: tuple[Filter, ...] = (
    Articles(), Dates(),
    Choice("lang", LANGS, "f.lang", "Language", "language"),
    Depths(),
    Choice("sentiment", SENTIMENTS, "f.sentiment_label", "Sentiment"),
    Choice("stance", STANCES, "f.stance", "Stance toward the parent (top-level comments: the article)"),
    Targets(),
    Numbered("topic", "Topic", "f.cid IN (SELECT w.cid FROM topic_facts w JOIN topic_members m ON m.leaf_id = "
                               "w.topic_id WHERE m.topic_id = ? GROUP BY w.cid HAVING sum(w.weight) >= ?)",
             TOPIC_MEMBERSHIP),
    Numbered("camp", "Stance camp", "f.camp = ?", shown=lambda number: str(number + 1)),
    Search(),
)


def selection(state) -> tuple[str, list]:
    """A WHERE condition over comment_facts `f` keeping the comments the state's filters keep, and
    its parameters (every value bound, never written into the SQL)."""
    conditions, params = [], []
    for one in FILTERS:
        part = one.where(state)
        if part:
            conditions.append(part[0])
            params += part[1]
    return " AND ".join(conditions) or "TRUE", params


def _named(text: object) -> str:
    """A title or label as the header says it: on one line, at most 60 characters."""
    return shortened(" ".join(str(text).split()), 60)
