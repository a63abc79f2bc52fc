"""Alias suggestions found in the corpus, each with its evidence, for the researcher to accept or reject.

Nothing here changes the alias table: `aliases accept` appends a suggestion to it, `aliases reject`
keeps it from coming back. Three kinds:
- epithet: "le X de <place>" where <place> is a known city or metonym ("le nain de Kiev"), and
  "le X <adjective of place>" is left to the researcher; the suggested target is the one most
  often named in the same comments.
- surname: a one-word person found by NER whose word ends a known person's canonical name.
- co-occurrence: a name found by NER (not in the table) in the same threads as a table target,
  in at least MIN_THREADS threads.
"""
from __future__ import annotations

import json
import re
from collections import Counter, defaultdict
from dataclasses import dataclass, field

from analytics.enrich.targets.aliases import AliasIndex
from analytics.text.words import fold

EPITHET = re.compile(r"\b(?i:le|la|les|l['’])\s*((?:[^\W\d_]+\s+){0,2}?[^\W\d_]+)\s+(?:de|d['’])\s*([A-ZÉ][\w-]+)")
MIN_THREADS = 2
MIN_OCCURRENCES = 1


@dataclass
class Suggestion:
    """A candidate alias and why it is suggested."""

    alias: str
    canonical: str
    kind: str
    reason: str
    evidence: list[str] = field(default_factory=list)  # comment ids

    @property
    def occurrences(self) -> int:
        return len(self.evidence)


def suggest(comments: list[tuple[str, str, str, str]], targets: list[tuple[str, str, str, str, str]],
            index: AliasIndex) -> list[Suggestion]:
    """Suggestions from comments (article_id, comment_id, root_id, text) and their stored targets
    (article_id, comment_id, target, type, mentions JSON)."""
    known = set(index.by_key)
    places = {key for key, aliases in index.by_key.items() if any(a.kind == "metonym" for a in aliases)}
    named: dict[tuple[str, str], Counter] = defaultdict(Counter)
    for article_id, comment_id, target, _, _ in targets:
        named[article_id, comment_id][target] += 1
    suggestions: dict[tuple[str, str], Suggestion] = {}
    for article_id, comment_id, _, text in comments:
        for match in EPITHET.finditer(text or ""):
            phrase = f"{match.group(1)} de {match.group(2)}"
            key = tuple(fold(word) for word in phrase.split())
            if (fold(match.group(2)),) not in places or key in known:
                continue
            around = named.get((article_id, comment_id), Counter())
            own = {a.canonical for a in index.by_key[(fold(match.group(2)),)]} | \
                  {a.place for a in index.by_key[(fold(match.group(2)),)]}
            canonical = next((name for name, _ in around.most_common() if name not in own), "")
            item = suggestions.setdefault((phrase.lower(), "epithet"), Suggestion(
                phrase.lower(), canonical, "epithet", f'"le/la/les … de {match.group(2)}" names someone'))
            item.evidence.append(comment_id)
    persons = {a.canonical for aliases in index.by_key.values() for a in aliases if a.type == "person"}
    threads: dict[str, set[str]] = defaultdict(set)
    roots = {(article_id, comment_id): root_id for article_id, comment_id, root_id, _ in comments}
    for article_id, comment_id, target, _, _ in targets:
        threads[target].add(f"{article_id}/{roots.get((article_id, comment_id), comment_id)}")
    for article_id, comment_id, target, kind, mentions in targets:
        entity = all(m.get("kind") == "entity" for m in json.loads(mentions or "[]"))
        if not entity or (fold(target),) in known:
            continue
        if kind == "person" and " " not in target:
            full = next((p for p in sorted(persons) if fold(p.split()[-1]) == fold(target)), None)
            if full:
                item = suggestions.setdefault((target, "surname"), Suggestion(
                    target, full, "surname", f"a one-word name ending {full}"))
                item.evidence.append(comment_id)
                continue
        partners = Counter()
        for other, other_threads in threads.items():
            if other != target and (fold(other),) not in known and other in index.canonical_type:
                partners[other] = len(threads[target] & other_threads)
        best = partners.most_common(1)
        if best and best[0][1] >= MIN_THREADS:
            item = suggestions.setdefault((target, "co-occurrence"), Suggestion(
                target, best[0][0], "co-occurrence", f"named in {best[0][1]} threads that also name {best[0][0]}"))
            item.evidence.append(comment_id)
    return sorted((s for s in suggestions.values() if s.occurrences >= MIN_OCCURRENCES),
                  key=lambda s: (-s.occurrences, s.alias))
