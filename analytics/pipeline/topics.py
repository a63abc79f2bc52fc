"""`topics` (and the end of `analyze`): fit a topic model over the analysed articles' and comments'
lemmas and store topics (label, key phrases, top terms, typical comments), each text's weights and
each comment's drift from its article's topics."""
from __future__ import annotations

import json
from collections.abc import Callable
from datetime import UTC, datetime

import duckdb
import numpy as np
import pandas as pd

from analytics import store
from analytics.enrich.topics.model import NOISE_LEMMAS, TopicModel, key_phrases
from analytics.errors import UsageError
from analytics.store import reads

TRANSFORM_CHUNK = 20_000  # documents per chunk the fitted model is applied to
WEIGHT_FLOOR = 0.05  # weights below this are not stored: a comment keeps its two or three topics
TYPICAL = 3


def fit_topics(connection: duckdb.DuckDBPyConnection, method: str = "nmf", n_topics: int | None = None,
               random_state: int = 0, mapper: Callable | None = None) -> TopicModel:
    """Fit on every analysed comment and article (on a sample above topics.FIT_SAMPLE), store the
    topics and each text's weights (an article's under comment_id ''); return the model. Counts
    and typical texts are of comments. mapper(function, chunks) applies the model to chunks of
    documents (the Dask engine's runs them on the cluster; default: here, in order)."""
    comments = reads.lemma_documents(connection, noise=NOISE_LEMMAS)
    if comments.empty:
        raise UsageError("topics: no analysed comment; run `python -m analytics analyze` first")
    articles = reads.lemma_documents(connection, "article", NOISE_LEMMAS)
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
    article_ids = np.concatenate([comments["article_id"].to_numpy(dtype=object),
                                  articles["article_id"].to_numpy(dtype=object)])
    comment_ids = np.concatenate([comments["comment_id"].to_numpy(dtype=object),
                                  np.full(len(articles), "", dtype=object)])
    documents, kept = np.nonzero(all_weights >= WEIGHT_FLOOR)
    weight_rows = pd.DataFrame({"article_id": article_ids[documents], "comment_id": comment_ids[documents],
                                "topic_id": kept.astype(np.int32),
                                "weight": np.round(all_weights[documents, kept], 4)})
    store.write_topics(connection, topics, weight_rows, _drift(connection, comments, weights, articles,
                                                               all_weights[len(comments):]))
    return model


def _drift(connection: duckdb.DuckDBPyConnection, documents, weights: np.ndarray, articles,
           body_weights: np.ndarray) -> pd.DataFrame:
    """1 − cosine between each comment's topic weights and its article's (the body's topics, else the
    mean of its top-level comments'); None when either has no weight."""
    n_topics = weights.shape[1]
    top_level = reads.top_level_comments(connection)
    flags = documents[["article_id", "comment_id"]].merge(top_level, how="left", on=["article_id", "comment_id"])
    is_top = flags["top"].notna().to_numpy()
    ids = documents["article_id"].to_numpy(dtype=object)
    codes, unique_ids = pd.factorize(ids)
    references = np.zeros((len(unique_ids), n_topics))
    body = dict(zip(articles["article_id"], body_weights))
    has_body = np.array([article_id in body and bool(body[article_id].any()) for article_id in unique_ids], dtype=bool)
    for position in np.flatnonzero(has_body):
        references[position] = body[unique_ids[position]]
    # no body (an export): the mean of its top-level comments' topics
    sums = np.zeros((len(unique_ids), n_topics))
    np.add.at(sums, codes[is_top], weights[is_top])
    counts = np.bincount(codes[is_top], minlength=len(unique_ids))
    fallback = ~has_body & (counts > 0)
    references[fallback] = sums[fallback] / counts[fallback, None]
    references = references[codes] if len(ids) else np.zeros((0, n_topics))
    norms = np.linalg.norm(weights, axis=1) * np.linalg.norm(references, axis=1)
    cosine = np.divide((weights * references).sum(axis=1), norms, out=np.zeros(len(ids)), where=norms > 0)
    drift = pd.Series(np.round(1 - cosine, 4)).where(norms > 0)
    return pd.DataFrame({"article_id": ids, "comment_id": documents["comment_id"].to_numpy(dtype=object),
                         "drift": drift})
