"""`topics` (and the end of `analyze`): fit topics over the analysed articles' and comments'
lemmas, one model per language (enrich/topics/languages.py), and store the topics (label, key
phrases, top terms, typical comments, language), their merge hierarchy, each text's weights and
each comment's drift from its article's topics.

A topic's comment count, wherever it is shown, is the number of comments weighing at least
MEMBERSHIP (0.3) on it, counted on the weights as stored (rounded to 4 decimals, those under
WEIGHT_FLOOR dropped); a merged topic's weight is the sum of its topics'. A comment can count in
up to three topics.
"""
from __future__ import annotations

import json
from collections.abc import Callable
from datetime import UTC, datetime
from functools import partial

import duckdb
import numpy as np
import pandas as pd

from analytics import store
from analytics.enrich.topics.hierarchy import members, merge_tree, node_terms
from analytics.enrich.topics.labels import topic_labels
from analytics.enrich.topics.languages import LanguageTopics
from analytics.enrich.topics.model import MEMBERSHIP, NOISE_LEMMAS, key_phrases
from analytics.errors import UsageError
from analytics.store import reads

TRANSFORM_CHUNK = 20_000  # documents per chunk the fitted model is applied to
MAPPED_FROM = 20_000  # documents from which the mapper fits and applies the models (below: here, faster; at 10k
# comments, 0.5 s slower through the workers; at 100k, 3 s faster)
WEIGHT_FLOOR = 0.05  # weights below this are not stored: a comment keeps its two or three topics
TYPICAL = 3
PHRASES = 6  # key phrases kept per topic (the label takes the first that is no insult)


def _apply(model: LanguageTopics, chunk: tuple[list[str], list]) -> np.ndarray:
    return model.transform(*chunk)


def stored_weights(weights: np.ndarray) -> np.ndarray:
    """The weights as topic_weights keeps them: rounded to 4 decimals, under WEIGHT_FLOOR dropped."""
    kept = np.round(weights, 4)
    kept[kept < WEIGHT_FLOOR] = 0.0
    return kept


def fit_topics(connection: duckdb.DuckDBPyConnection, method: str = "nmf", n_topics: int | None = None,
               random_state: int = 0, mapper: Callable | None = None) -> LanguageTopics:
    """Fit on every analysed comment and article (on a sample above topics.FIT_SAMPLE), one model
    per language, store the topics, their merge hierarchy and each text's weights (an article's
    under comment_id ''); return the model. Counts and typical texts are of comments.
    mapper(function, items) fits the languages' models and applies the model to chunks of documents
    (the analysis's worker processes or the Dask cluster run them, from MAPPED_FROM documents;
    default: here, in order)."""
    comments = reads.lemma_documents(connection, noise=NOISE_LEMMAS)
    if comments.empty:
        raise UsageError("topics: no analysed comment; run `python -m analytics analyze` first")
    articles = reads.lemma_documents(connection, "article", NOISE_LEMMAS)
    texts = list(comments["lemmas"]) + list(articles["lemmas"])
    langs = [lang if isinstance(lang, str) else None for lang in [*comments["lang"], *articles["lang"]]]
    if len(texts) < MAPPED_FROM:
        mapper = None  # sending the work and the models over costs more than it saves
    model = LanguageTopics(method=method, n_topics=n_topics, random_state=random_state).fit(texts, langs, mapper)
    chunks = [(texts[start:start + TRANSFORM_CHUNK], langs[start:start + TRANSFORM_CHUNK])
              for start in range(0, len(texts), TRANSFORM_CHUNK)]
    parts = (mapper or (lambda function, items: [function(item) for item in items]))(partial(_apply, model), chunks)
    all_weights = np.vstack(parts) if parts else np.zeros((0, model.n_topics_))
    kept = stored_weights(all_weights)
    phrases = key_phrases(texts, all_weights, top=PHRASES)
    settings = json.dumps({"method": method, "n_topics": n_topics, "random_state": random_state,
                           "documents": len(texts), "selection": model.selection_,
                           "unassigned": model.unassigned_})
    topics, groups = _topic_rows(model, comments, kept[:len(comments)], phrases,
                                 (method, settings, datetime.now(UTC).replace(tzinfo=None)))
    article_ids = np.concatenate([comments["article_id"].to_numpy(dtype=object),
                                  articles["article_id"].to_numpy(dtype=object)])
    comment_ids = np.concatenate([comments["comment_id"].to_numpy(dtype=object),
                                  np.full(len(articles), "", dtype=object)])
    documents, topic_ids = np.nonzero(kept)
    weight_rows = pd.DataFrame({"article_id": article_ids[documents], "comment_id": comment_ids[documents],
                                "topic_id": topic_ids.astype(np.int32), "weight": kept[documents, topic_ids]})
    store.write_topics(connection, topics, weight_rows,
                       _drift(connection, comments, all_weights[:len(comments)], articles,
                              all_weights[len(comments):]), groups)
    return model


def _topic_rows(model: LanguageTopics, comments: pd.DataFrame, weights: np.ndarray,
                phrases: list[list[str]], fit: tuple) -> tuple[list[tuple], dict]:
    """The topics table's rows and the hierarchy's (topic_groups, topic_members), labels all distinct."""
    count = model.n_topics_
    vectors = model.term_vectors()
    merges = merge_tree(vectors, model.topic_lang_)
    node_leaves = members(merges, count)
    sizes = {node: int((weights[:, leaves].sum(axis=1) >= MEMBERSHIP).sum()) for node, leaves in node_leaves.items()}
    merged_terms = node_terms(vectors, merges)
    labels = topic_labels(phrases, [[term for term, _ in terms] for terms in model.top_terms_])
    # a merged topic: the first part of its largest topics' labels, then its own top terms
    merged_parts = [list(dict.fromkeys(labels[leaf].split(" · ")[0] for leaf in sorted(
                        node_leaves[count + step], key=lambda t: (-sizes[t], t)))) for step in range(len(merges))]
    labels += topic_labels([[] for _ in merges],
                           [parts + [term for term, _ in terms if term not in " ".join(parts).split()]
                            for parts, terms in zip(merged_parts, merged_terms)],
                           taken=labels, first=count)
    topics = []
    for topic in range(count):
        typical = [i for i in np.argsort(-weights[:, topic], kind="stable")[:TYPICAL] if weights[i, topic] > 0]
        topics.append((topic, labels[topic], json.dumps(model.top_terms_[topic], ensure_ascii=False),
                       round(float(weights[:, topic].sum()), 4), sizes[topic], round(model.coherence_[topic], 4),
                       json.dumps([[comments["article_id"].iat[i], comments["comment_id"].iat[i]] for i in typical]),
                       *fit, json.dumps(phrases[topic][:3], ensure_ascii=False), model.topic_lang_[topic]))
    groups = [(count + step, labels[count + step], left, right, distance, count - step - 1, sizes[count + step],
               round(float(weights[:, node_leaves[count + step]].sum()), 4),
               json.dumps(merged_terms[step], ensure_ascii=False))
              for step, (left, right, distance) in enumerate(merges)]
    memberships = [(node, leaf) for node, leaves in node_leaves.items() for leaf in leaves]
    return topics, {"groups": groups, "members": memberships}


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
