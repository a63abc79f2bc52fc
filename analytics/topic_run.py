"""`topics`: fit a topic model over the analysed comments' lemmas and store topics, weights and
each comment's drift from its article's topics."""
from __future__ import annotations

import json
from datetime import UTC, datetime

import duckdb
import numpy as np

from analytics import queries, store
from analytics.enrich.topics import TopicModel
from analytics.errors import UsageError

WEIGHT_FLOOR = 0.05  # weights below this are not stored: a comment keeps its two or three topics
TYPICAL = 3


def fit_topics(connection: duckdb.DuckDBPyConnection, method: str = "nmf", n_topics: int | None = None,
               random_state: int = 0) -> TopicModel:
    """Fit on every analysed comment, store the topics and each comment's weights; return the model."""
    documents = queries.lemma_documents(connection)
    if documents.empty:
        raise UsageError("topics: no analysed comment; run `python -m analytics analyze` first")
    model = TopicModel(method=method, n_topics=n_topics, random_state=random_state).fit(list(documents["lemmas"]))
    weights = model.transform(list(documents["lemmas"]))
    dominant = weights.argmax(axis=1)
    settings = json.dumps({"method": method, "n_topics": n_topics, "random_state": random_state,
                           "selection": model.selection_})
    fitted_at = datetime.now(UTC).replace(tzinfo=None)
    topics = []
    for topic in range(model.n_topics_):
        typical = np.argsort(weights[:, topic])[::-1][:TYPICAL]
        topics.append((topic, model.labels_[topic], json.dumps(model.top_terms_[topic], ensure_ascii=False),
                       round(float(weights[:, topic].sum()), 4), int(((dominant == topic) & (weights.sum(axis=1) > 0)).sum()),
                       round(model.coherence_[topic], 4),
                       json.dumps([documents["comment_id"].iat[i] for i in typical if weights[i, topic] > 0]),
                       method, settings, fitted_at))
    rows = [(documents["article_id"].iat[i], documents["comment_id"].iat[i], int(topic), round(float(value), 4))
            for i, topic in zip(*np.nonzero(weights >= WEIGHT_FLOOR)) for value in [weights[i, topic]]]
    store.write_topics(connection, topics, rows, _drift(connection, model, documents, weights))
    return model


def _drift(connection: duckdb.DuckDBPyConnection, model: TopicModel, documents, weights: np.ndarray) -> list[tuple]:
    """1 − cosine between each comment's topic weights and its article's (the body's topics, else the
    mean of its top-level comments'); None when either has no weight."""
    articles = queries.lemma_documents(connection, "article")
    article_weights = dict(zip(articles["article_id"], model.transform(list(articles["lemmas"])))) \
        if not articles.empty else {}
    top_level = set(connection.execute("SELECT article_id, comment_id FROM comments WHERE depth = 0").fetchall())
    by_article: dict[str, list[np.ndarray]] = {}
    for i, key in enumerate(zip(documents["article_id"], documents["comment_id"])):
        if key in top_level:
            by_article.setdefault(key[0], []).append(weights[i])
    for article_id, vectors in by_article.items():  # no body (an export): its top-level comments' topics
        if article_id not in article_weights or not article_weights[article_id].any():
            article_weights[article_id] = np.mean(vectors, axis=0)
    rows = []
    for i, (article_id, comment_id) in enumerate(zip(documents["article_id"], documents["comment_id"])):
        reference = article_weights.get(article_id)
        norms = np.linalg.norm(weights[i]) * (np.linalg.norm(reference) if reference is not None else 0)
        drift = None if not norms else round(float(1 - weights[i] @ reference / norms), 4)
        rows.append((article_id, comment_id, drift))
    return rows
