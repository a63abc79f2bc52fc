"""`topics` (and the end of `analyze`): fit a topic model over the analysed articles' and comments'
lemmas and store topics (label, key phrases, top terms, typical comments), each text's weights and
each comment's drift from its article's topics."""
from __future__ import annotations

import json
from collections.abc import Callable
from datetime import UTC, datetime

import duckdb
import numpy as np

from analytics import queries, store
from analytics.enrich.topics import TopicModel, key_phrases
from analytics.errors import UsageError

TRANSFORM_CHUNK = 20_000  # documents per chunk the fitted model is applied to
WEIGHT_FLOOR = 0.05  # weights below this are not stored: a comment keeps its two or three topics
TYPICAL = 3


def fit_topics(connection: duckdb.DuckDBPyConnection, method: str = "nmf", n_topics: int | None = None,
               random_state: int = 0, mapper: Callable | None = None) -> TopicModel:
    """Fit on every analysed comment and article (on a sample above topics.FIT_SAMPLE), store the
    topics and each text's weights (an article's under comment_id ''); return the model. Counts
    and typical texts are of comments. mapper(function, chunks) applies the model to chunks of
    documents (the Dask engine's runs them on the cluster; default: here, in order)."""
    comments = queries.lemma_documents(connection)
    if comments.empty:
        raise UsageError("topics: no analysed comment; run `python -m analytics analyze` first")
    articles = queries.lemma_documents(connection, "article")
    texts = list(comments["lemmas"]) + list(articles["lemmas"])
    model = TopicModel(method=method, n_topics=n_topics, random_state=random_state).fit(texts)
    chunks = [texts[start:start + TRANSFORM_CHUNK] for start in range(0, len(texts), TRANSFORM_CHUNK)]
    parts = (mapper or (lambda function, items: [function(item) for item in items]))(model.transform, chunks)
    all_weights = np.vstack(parts) if parts else np.zeros((0, model.n_topics_))
    weights = all_weights[:len(comments)]
    dominant = weights.argmax(axis=1)
    phrases = key_phrases(texts, all_weights)
    settings = json.dumps({"method": method, "n_topics": n_topics, "random_state": random_state,
                           "documents": len(texts), "selection": model.selection_})
    fitted_at = datetime.now(UTC).replace(tzinfo=None)
    topics = []
    for topic in range(model.n_topics_):
        typical = np.argsort(-weights[:, topic], kind="stable")[:TYPICAL]
        label = " · ".join(([phrases[topic][0]] if phrases[topic] else []) +
                           [term for term, _ in model.top_terms_[topic][:3]
                            if not phrases[topic] or term not in phrases[topic][0].split()][:2])
        topics.append((topic, label, json.dumps(model.top_terms_[topic], ensure_ascii=False),
                       round(float(weights[:, topic].sum()), 4),
                       int(((dominant == topic) & (weights.sum(axis=1) > 0)).sum()),
                       round(model.coherence_[topic], 4),
                       json.dumps([[comments["article_id"].iat[i], comments["comment_id"].iat[i]]
                                   for i in typical if weights[i, topic] > 0]),
                       method, settings, fitted_at, json.dumps(phrases[topic], ensure_ascii=False)))
    keys = list(zip(comments["article_id"], comments["comment_id"])) + [(a, "") for a in articles["article_id"]]
    rows = [(*keys[i], int(topic), round(float(all_weights[i, topic]), 4))
            for i, topic in zip(*np.nonzero(all_weights >= WEIGHT_FLOOR))]
    store.write_topics(connection, topics, rows, _drift(connection, comments, weights, articles,
                                                        all_weights[len(comments):]))
    return model


def _drift(connection: duckdb.DuckDBPyConnection, documents, weights: np.ndarray, articles,
           body_weights: np.ndarray) -> list[tuple]:
    """1 − cosine between each comment's topic weights and its article's (the body's topics, else the
    mean of its top-level comments'); None when either has no weight."""
    article_weights = dict(zip(articles["article_id"], body_weights))
    top_level = set(connection.execute("SELECT article_id, comment_id FROM comments WHERE depth = 0").fetchall())
    by_article: dict[str, list[np.ndarray]] = {}
    for i, key in enumerate(zip(documents["article_id"], documents["comment_id"])):
        if key in top_level:
            by_article.setdefault(key[0], []).append(weights[i])
    for article_id, vectors in by_article.items():  # no body (an export): its top-level comments' topics
        if article_id not in article_weights or not article_weights[article_id].any():
            article_weights[article_id] = np.mean(vectors, axis=0)
    ids = list(documents["article_id"])
    references = np.vstack([article_weights.get(article_id, np.zeros(weights.shape[1])) for article_id in ids]) \
        if ids else np.zeros((0, weights.shape[1]))
    norms = np.linalg.norm(weights, axis=1) * np.linalg.norm(references, axis=1)
    cosine = np.divide((weights * references).sum(axis=1), norms, out=np.zeros(len(ids)), where=norms > 0)
    drift = np.round(1 - cosine, 4)
    return [(article_id, comment_id, float(value) if norm else None)
            for article_id, comment_id, value, norm in zip(ids, documents["comment_id"], drift, norms)]
