"""`evaluate topics`: Palabre's default topic model beside plain scikit-learn LDA and NMF, at the same
numbers of topics, on two corpora assembled from `../shared/data`.

- English reply trees: the Reddit and TikTok comments of reddit_threads_en (every split) and every
  post of rumoureval2017_threads_en (train+dev; the sources and their replies).
- French: DEFT 2017 (train + val), MLMA French and ftr_racism_fr tweets.

Each text is lemmatised as `analyze --mode fast` does (content lemmas: alphabetic, not stop words,
3+ letters, no link or mention debris); texts left without a lemma are dropped. For each k of
CURVE and Palabre's own default k, each system is fitted with random_state 0, and scored by the
mean NPMI of its topics' top 10 terms, over boolean document co-occurrence in the corpus itself
(one shared matrix: every word seen in 2 documents or more), and by the share of documents in no
topic: no topic weighs MEMBERSHIP (0.3) or more among its normalised weights (the dashboard's
definition of a topic's comments). The baselines are scikit-learn's defaults over their usual
vectorisers (LDA: word counts; NMF: TF-IDF; both words in 2 documents or more).
"""
from __future__ import annotations

import csv
import json
import time
from pathlib import Path

import numpy as np

from analytics.datasets.shared import default_data_dir
from analytics.enrich.sentiment.training import read_deft, read_reddit
from analytics.enrich.targets.training import read_ftr
from analytics.enrich.topics.labels import topic_labels
from analytics.enrich.topics.model import (
    MEMBERSHIP,
    NOISE_LEMMAS,
    TopicModel,
    default_topics,
    key_phrases,
    npmi_coherence,
)
from analytics.errors import InputError
from analytics.text import tokens

CURVE = (5, 10, 20, 30, 40)
TOP_N = 10
PALABRE = "Palabre (default)"
SYSTEMS = (PALABRE, "scikit-learn LDA", "scikit-learn NMF")


def lemmatised(texts: list[str], lang: str) -> list[str]:
    """Each text's content lemmas as `analyze --mode fast` reads them (texts without any dropped)."""
    documents = []
    for analysed in tokens.analyse(texts, lang, "fast"):
        lemmas = [t.lemma.lower() for t in analysed.tokens if t.is_alpha and not t.is_stop and len(t.lemma) >= 3
                  and t.lemma.lower() not in NOISE_LEMMAS]
        if lemmas:
            documents.append(" ".join(lemmas))
    return documents


def english_texts(data_dir: Path) -> list[str]:
    """The Reddit and TikTok comments (every split) and every RumourEval 2017 post (train+dev)."""
    texts = read_reddit(data_dir, ("train", "val", "test"))[0]
    path = data_dir / "rumoureval2017_threads_en" / "traindev__posts.json"
    if not path.exists():
        raise InputError(str(path), None, "the RumourEval 2017 posts", "no such file")
    posts = json.loads(path.read_text(encoding="utf-8"))
    return texts + [post["text"] for _, post in sorted(posts.items()) if post.get("text")]


def french_texts(data_dir: Path) -> list[str]:
    """DEFT 2017 (train + val), MLMA French and ftr_racism_fr tweets."""
    texts = read_deft(data_dir, "train")[0] + read_deft(data_dir, "val")[0]
    path = data_dir / "mlma_hate_speech" / "fr_dataset.csv"
    if not path.exists():
        raise InputError(str(path), None, "the MLMA French tweets", "no such file")
    with path.open(encoding="utf-8", newline="") as handle:
        texts += [row["tweet"] for row in csv.DictReader(handle) if row.get("tweet")]
    return texts + [tweet for tweet, _ in read_ftr(data_dir)]


def _baseline(documents: list[str], system: str, k: int) -> tuple[list[list[str]], np.ndarray]:
    from sklearn.decomposition import NMF, LatentDirichletAllocation
    from sklearn.feature_extraction.text import CountVectorizer, TfidfVectorizer

    if system == "scikit-learn LDA":
        vectorizer, model = CountVectorizer(token_pattern=r"\S+", min_df=2), LatentDirichletAllocation(k, random_state=0)
    else:
        vectorizer, model = TfidfVectorizer(token_pattern=r"\S+", min_df=2), NMF(k, random_state=0, max_iter=400)
    weights = model.fit_transform(vectorizer.fit_transform(documents))
    terms = vectorizer.get_feature_names_out()
    return [[str(terms[i]) for i in np.argsort(row)[::-1][:TOP_N]] for row in model.components_], weights


def _fit(documents: list[str], system: str, k: int) -> tuple[list[list[str]], np.ndarray, TopicModel | None]:
    if system != PALABRE:
        return (*_baseline(documents, system, k), None)
    model = TopicModel(n_topics=k, random_state=0).fit(documents)
    return [[term for term, _ in terms] for terms in model.top_terms_], model.transform(documents), model


def no_topic_share(weights: np.ndarray) -> float:
    """The share of documents with no topic weighing MEMBERSHIP or more of their (normalised) weights."""
    totals = weights.sum(axis=1, keepdims=True)
    normalised = np.divide(weights, totals, out=np.zeros_like(weights, dtype=float), where=totals > 0)
    return float((normalised.max(axis=1) < MEMBERSHIP).mean())


def _labels(documents: list[str], model: TopicModel, weights: np.ndarray) -> list[str]:
    return topic_labels(key_phrases(documents, weights, top=6), [[t for t, _ in terms] for terms in model.top_terms_])


def evaluate_corpus(name: str, documents: list[str], curve: tuple[int, ...] = CURVE) -> dict:
    """NPMI and share in no topic of each system at each k of the curve and at Palabre's default k."""
    from sklearn.feature_extraction.text import CountVectorizer

    shared = CountVectorizer(token_pattern=r"\S+", min_df=2, binary=True)
    presence = shared.fit_transform(documents).astype(np.float32).tocsc()
    vocabulary = shared.vocabulary_
    palabre_vocabulary = len(TopicModel()._vectorizer().fit(documents).vocabulary_)
    chosen = default_topics(len(documents), palabre_vocabulary)
    rows, labels = [], []
    for k in sorted({*curve, chosen}):
        for system in SYSTEMS:
            started = time.perf_counter()
            top, weights, model = _fit(documents, system, k)
            seconds = time.perf_counter() - started
            coherence = npmi_coherence([[vocabulary[t] for t in topic if t in vocabulary] for topic in top], presence)
            rows.append({"k": k, "default_k": k == chosen, "system": system,
                         "mean_npmi": round(float(np.mean(coherence)), 4),
                         "no_topic_share": round(no_topic_share(weights), 4), "fit_seconds": round(seconds, 1)})
            if model is not None and k == chosen:
                labels = _labels(documents, model, weights)
    return {"corpus": name, "documents": len(documents), "default_k": chosen, "rows": rows,
            "labels": labels, "distinct_labels": len(set(labels)) == len(labels)}


def evaluate_topics(data_dir: Path | None = None) -> list[dict]:
    """Both corpora, every system, measured in this run."""
    data_dir = data_dir or default_data_dir()
    return [evaluate_corpus("English reply trees (reddit_threads_en + rumoureval2017_threads_en)",
                            lemmatised(english_texts(data_dir), "en")),
            evaluate_corpus("French (DEFT 2017, MLMA fr, ftr_racism_fr)", lemmatised(french_texts(data_dir), "fr"))]


def as_markdown(results: list[dict]) -> str:
    """Per corpus: the NPMI-by-k curve of each system (share of documents in no topic in brackets)."""
    lines = []
    for corpus in results:
        lines += [f"### {corpus['corpus']}: {corpus['documents']:,} documents, default k = {corpus['default_k']}",
                  "", "| k | " + " | ".join(SYSTEMS) + " |", "|---" * (len(SYSTEMS) + 1) + "|"]
        for k in sorted({row["k"] for row in corpus["rows"]}):
            cells = {row["system"]: f"{row['mean_npmi']:+.3f} ({row['no_topic_share']:.0%})"
                     for row in corpus["rows"] if row["k"] == k}
            mark = " (default)" if k == corpus["default_k"] else ""
            lines.append(f"| {k}{mark} | " + " | ".join(cells[system] for system in SYSTEMS) + " |")
        lines += ["", f"Labels at the default k ({'all distinct' if corpus['distinct_labels'] else 'NOT distinct'}): "
                  + "; ".join(corpus["labels"]), ""]
    return "\n".join(lines)
