"""Topics per language: one TopicModel for each language with enough documents, so that French and
English comments never share a topic by accident, or one model over every language when the
method reads multilingual embeddings (`--method embeddings`: cross-language topics).

Languages with fewer than MIN_LANGUAGE_DOCUMENTS documents are pooled into one more model
(named after its language when it holds one, else "other"); a pool of fewer than MIN_DOCUMENTS
documents, or too few shared words, is left without topics (`unassigned_` says which languages
and how many documents). Topic numbers run across the models: the first model's topics first,
by the number of documents of each model, largest first.
"""
from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Sequence
from functools import partial

import numpy as np

from analytics.enrich.topics.model import MIN_DOCUMENTS, TopicModel
from analytics.errors import UsageError

MIN_LANGUAGE_DOCUMENTS = 200
OTHER = "other"  # the pooled languages' model
ALL = "all"  # the one cross-language model of --method embeddings
UNKNOWN = "und"  # documents whose language is unknown


class LanguageTopics:
    """One TopicModel per language (or one over all, for embeddings), with topics numbered across them."""

    def __init__(self, *, n_topics: int | None = None, method: str = "nmf",
                 min_language_documents: int = MIN_LANGUAGE_DOCUMENTS, random_state: int = 0) -> None:
        self.n_topics = n_topics
        self.method = method
        self.min_language_documents = min_language_documents
        self.random_state = random_state

    def _groups(self, langs: Sequence[str]) -> list[tuple[str, list[int]]]:
        if self.method == "embeddings":
            return [(ALL, list(range(len(langs))))]
        counts = Counter(langs)
        own = {lang for lang, count in counts.items() if count >= self.min_language_documents}
        groups = {lang: [] for lang in own}
        rest: list[int] = []
        for index, lang in enumerate(langs):
            (groups[lang] if lang in own else rest).append(index)
        if rest:
            pooled = {langs[index] for index in rest}
            groups[next(iter(pooled)) if len(pooled) == 1 else OTHER] = rest
        return sorted(groups.items(), key=lambda item: (-len(item[1]), item[0]))

    def fit(self, documents: Sequence[str], langs: Sequence[str | None],
            mapper: Callable[[Callable, list], list] | None = None) -> LanguageTopics:
        """Fit one model per group of documents; a group too small for topics is left unassigned.
        mapper(function, items) fits the groups (the analysis's worker processes or a cluster,
        one group each; default: here, one after the other)."""
        if len(documents) != len(langs):
            raise UsageError(f"topics: expected one language per document; received {len(langs)} for "
                             f"{len(documents)} documents")
        langs = [lang or UNKNOWN for lang in langs]
        self.models_: list[tuple[str, TopicModel]] = []
        self.unassigned_: dict[str, int] = {}
        self.group_of_: dict[str, str] = {}
        groups = self._groups(langs)
        settings = {"n_topics": self.n_topics, "method": self.method, "random_state": self.random_state}
        fitted = (mapper or _here)(partial(_fit_group, settings), [[documents[index] for index in rows]
                                                                 for _, rows in groups])
        refusals = []
        for (name, rows), model in zip(groups, fitted):
            members = Counter(langs[index] for index in rows)
            if isinstance(model, str):  # the group's refusal
                refusals.append(model)
                self.unassigned_.update(members)
                continue
            self.models_.append((name, model))
            self.group_of_.update({lang: name for lang in members})
        if not self.models_:
            raise UsageError(refusals[0] if len(refusals) == 1 else "; ".join(refusals))
        self.topic_lang_ = [name for name, model in self.models_ for _ in range(model.n_topics_)]
        self.n_topics_ = len(self.topic_lang_)
        self.top_terms_ = [terms for _, model in self.models_ for terms in model.top_terms_]
        self.coherence_ = [score for _, model in self.models_ for score in model.coherence_]
        self.selection_ = [{"model": name, **model.selection_} for name, model in self.models_]
        return self

    def transform(self, documents: Sequence[str], langs: Sequence[str | None]) -> np.ndarray:
        """Each document's weights over every topic: its own model's topics (summing to 1), 0 elsewhere;
        all 0 for a document of an unassigned language or without a known word. float32: a million
        documents over 84 topics are 0.36 GB, not 0.72."""
        langs = [lang or UNKNOWN for lang in langs]
        weights = np.zeros((len(documents), self.n_topics_), dtype=np.float32)
        offset = 0
        names = {name for name, _ in self.models_}
        groups = [ALL if ALL in names else self.group_of_.get(lang, OTHER if OTHER in names else None)
                  for lang in langs]
        for name, model in self.models_:
            rows = [index for index, group in enumerate(groups) if group == name]
            if rows:
                weights[np.array(rows), offset:offset + model.n_topics_] = model.transform(
                    [documents[index] for index in rows])
            offset += model.n_topics_
        return weights

    def term_vectors(self, terms: int = 50) -> list[dict[str, float]]:
        """Each topic's `terms` heaviest terms with their weights, scaled to unit length."""
        vectors = []
        for _, model in self.models_:
            for row in model.components_:
                heaviest = np.argsort(row)[::-1][:terms]
                norm = float(np.linalg.norm(row[heaviest])) or 1.0
                vectors.append({str(model.terms_[i]): float(row[i]) / norm for i in heaviest if row[i] > 0})
        return vectors


def _here(function: Callable, items: list) -> list:
    return [function(item) for item in items]


def _fit_group(settings: dict, documents: list[str]) -> TopicModel | str:
    """One group's model, or why it has none (a group too small, or with too few shared words)."""
    try:
        if len(documents) < MIN_DOCUMENTS:
            raise UsageError(f"topics: expected at least {MIN_DOCUMENTS} documents with words; "
                             f"received {len(documents)}")
        return TopicModel(**settings).fit(documents)
    except UsageError as error:
        return str(error)
