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
CHUNKS_AT_ONCE = 4  # chunks sent to the mapper together (the workers apply two at a time)
MAPPED_FROM = 20_000  # documents from which the mapper fits and applies the models (below: here, faster; at 10k
# comments, 0.5 s slower through the workers; at 100k, 3 s faster)
DRIFT_CHUNK = 50_000  # comments whose drift is computed together
WEIGHT_FLOOR = 0.05  # weights below this are not stored: a comment keeps its two or three topics
TYPICAL = 3
PHRASES = 6  # key phrases kept per topic (the label takes the first that is no insult)


def _apply(model: LanguageTopics, chunk: tuple[list[str], list]) -> np.ndarray:
    return model.transform(*chunk)


def stored_weights(weights: np.ndarray) -> np.ndarray:
    """The weights as topic_weights keeps them, in place (no copy of a corpus-sized matrix): rounded
    to 4 decimals, under WEIGHT_FLOOR dropped."""
    np.round(weights, 4, out=weights)
    weights[weights < WEIGHT_FLOOR] = 0.0
    return weights


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
    # one corpus-sized matrix at a time (a million documents: 0.36 GB in float32): the chunks go
    # into it as they come, drift and phrases read it, then it is rounded in place for storing
    weights = np.zeros((len(texts), model.n_topics_), dtype=np.float32)
    mapper = mapper or (lambda function, items: [function(item) for item in items])
    for first in range(0, len(chunks), CHUNKS_AT_ONCE):  # a few chunks at a time: their results are copies
        for number, part in enumerate(mapper(partial(_apply, model), chunks[first:first + CHUNKS_AT_ONCE]), first):
            weights[number * TRANSFORM_CHUNK:number * TRANSFORM_CHUNK + len(part)] = part
    drift = _drift(connection, comments, weights[:len(comments)], articles, weights[len(comments):])
    phrases = key_phrases(texts, weights, top=PHRASES)
    kept = stored_weights(weights)
    documents, topic_ids = np.nonzero(kept)
    values = np.round(kept[documents, topic_ids].astype(np.float64), 4)  # the weights exactly as stored
    del weights, kept
    settings = json.dumps({"method": method, "n_topics": n_topics, "random_state": random_state,
                           "documents": len(texts), "selection": model.selection_,
                           "unassigned": model.unassigned_})
    of_comments = documents < len(comments)
    topics, groups = _topic_rows(model, comments, (documents[of_comments], topic_ids[of_comments],
                                                   values[of_comments]), phrases,
                                 (method, settings, datetime.now(UTC).replace(tzinfo=None)))
    article_ids = np.concatenate([comments["article_id"].to_numpy(dtype=object),
                                  articles["article_id"].to_numpy(dtype=object)])
    comment_ids = np.concatenate([comments["comment_id"].to_numpy(dtype=object),
                                  np.full(len(articles), "", dtype=object)])
    weight_rows = pd.DataFrame({"article_id": article_ids[documents], "comment_id": comment_ids[documents],
                                "topic_id": topic_ids.astype(np.int32), "weight": values})
    store.write_topics(connection, topics, weight_rows, drift, groups)
    return model


def _topic_rows(model: LanguageTopics, comments: pd.DataFrame, stored: tuple[np.ndarray, np.ndarray, np.ndarray],
                phrases: list[list[str]], fit: tuple) -> tuple[list[tuple], dict]:
    """The topics table's rows and the hierarchy's (topic_groups, topic_members), labels all distinct.
    stored: the comments' weights as stored, (comment's row, topic, weight) for each weight kept."""
    documents, topic_ids, values = stored
    count = model.n_topics_
    vectors = model.term_vectors()
    merges = merge_tree(vectors, model.topic_lang_)
    node_leaves = members(merges, count)
    totals = np.bincount(topic_ids, weights=values, minlength=count)

    def members_of(leaves: list[int]) -> int:  # comments whose weights on these topics sum to MEMBERSHIP or more
        chosen = np.isin(topic_ids, leaves)
        summed = np.bincount(documents[chosen], weights=values[chosen], minlength=len(comments))
        return int((summed >= MEMBERSHIP).sum())
    sizes = {node: members_of(leaves) for node, leaves in node_leaves.items()}
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
        own = np.flatnonzero(topic_ids == topic)
        typical = documents[own[np.lexsort((documents[own], -values[own]))[:TYPICAL]]]  # heaviest, then first
        topics.append((topic, labels[topic], json.dumps(model.top_terms_[topic], ensure_ascii=False),
                       round(float(totals[topic]), 4), sizes[topic], round(model.coherence_[topic], 4),
                       json.dumps([[comments["article_id"].iat[i], comments["comment_id"].iat[i]] for i in typical]),
                       *fit, json.dumps(phrases[topic][:3], ensure_ascii=False), model.topic_lang_[topic]))
    groups = [(count + step, labels[count + step], left, right, distance, count - step - 1, sizes[count + step],
               round(float(totals[node_leaves[count + step]].sum()), 4),
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
    norms, cosine = np.zeros(len(ids)), np.zeros(len(ids))
    for start in range(0, len(ids), DRIFT_CHUNK):  # by chunk: no corpus-sized temporaries
        part, own = slice(start, start + DRIFT_CHUNK), weights[start:start + DRIFT_CHUNK].astype(np.float64)
        reference = references[codes[part]]
        norms[part] = np.linalg.norm(own, axis=1) * np.linalg.norm(reference, axis=1)
        cosine[part] = np.divide((own * reference).sum(axis=1), norms[part], out=np.zeros(len(own)),
                                 where=norms[part] > 0)
    drift = pd.Series(np.round(1 - cosine, 4)).where(norms > 0)
    return pd.DataFrame({"article_id": ids, "comment_id": documents["comment_id"].to_numpy(dtype=object),
                         "drift": drift})
