"""`evaluate topics`: Palabre's topic model beside plain scikit-learn LDA on the same real corpus.

Corpus: the French tweets of `../shared/data` (DEFT 2017 train + val, MLMA French), lemmatised as
`analyze --mode fast` does (content lemmas: alphabetic, not stop words, 3+ letters).
For each system: the number of topics (Palabre chooses it; plain LDA is given the same number),
the mean NPMI coherence of the top 10 terms, measured on one shared document-term matrix of the
corpus so the systems are comparable, the stability across seeds (mean Jaccard overlap of top
terms between the runs with seeds 0…4, topics matched one to one), the same across resamples
(each seed also draws its own 90% of the documents: NMF's deterministic start makes it
seed-proof, so this is the harder test), and the time of one fit.
"""
from __future__ import annotations

import time
from itertools import combinations
from pathlib import Path

import numpy as np

from analytics.datasets.shared import default_data_dir
from analytics.enrich.sentiment.training import read_deft
from analytics.enrich.topics.model import (
    NOISE_LEMMAS,
    TopicModel,
    npmi_coherence,
    stability,
)
from analytics.errors import InputError
from analytics.text import tokens

SEEDS = (0, 1, 2, 3, 4)
TOP_N = 10


def french_corpus(data_dir: Path) -> list[str]:
    """The French tweets' content lemmas, one document per tweet (empty documents dropped)."""
    import csv

    texts = read_deft(data_dir, "train")[0] + read_deft(data_dir, "val")[0]
    path = data_dir / "mlma_hate_speech" / "fr_dataset.csv"
    if not path.exists():
        raise InputError(str(path), None, "the MLMA French tweets", "no such file")
    with path.open(encoding="utf-8", newline="") as handle:
        texts += [row["tweet"] for row in csv.DictReader(handle) if row.get("tweet")]
    documents = []
    for analysed in tokens.analyse(texts, "fr", "fast"):
        lemmas = [t.lemma.lower() for t in analysed.tokens if t.is_alpha and not t.is_stop and len(t.lemma) >= 3
                  and t.lemma.lower() not in NOISE_LEMMAS]
        if lemmas:
            documents.append(" ".join(lemmas))
    return documents


def _plain_lda(documents: list[str], k: int, seed: int):
    from sklearn.decomposition import LatentDirichletAllocation
    from sklearn.feature_extraction.text import CountVectorizer

    vectorizer = CountVectorizer(token_pattern=r"\S+", min_df=2)
    matrix = vectorizer.fit_transform(documents)
    model = LatentDirichletAllocation(n_components=k, random_state=seed).fit(matrix)
    terms = vectorizer.get_feature_names_out()
    return [[str(terms[i]) for i in np.argsort(row)[::-1][:TOP_N]] for row in model.components_]


def _palabre(documents: list[str], method: str, k: int | None, seed: int):
    model = TopicModel(method=method, n_topics=k, random_state=seed).fit(documents)
    return [[term for term, _ in terms] for terms in model.top_terms_], model.n_topics_


def _agreement(runs: list[list[list[str]]]) -> float:
    index = {term: i for i, term in enumerate(sorted({t for run in runs for topic in run for t in topic}))}
    as_ids = [[[index[t] for t in topic] for topic in run] for run in runs]
    return round(float(np.mean([stability(a, b) for a, b in combinations(as_ids, 2)])), 4)


def _resample(documents: list[str], seed: int) -> list[str]:
    rows = np.sort(np.random.default_rng(seed).permutation(len(documents))[:int(0.9 * len(documents))])
    return [documents[i] for i in rows]


def _measure(name: str, fit, documents: list[str], presence, vocabulary: dict[str, int]) -> dict:
    """fit(documents, seed, k or None) -> (top terms per topic, k)."""
    started = time.perf_counter()
    first, k = fit(documents, SEEDS[0], None)
    elapsed = time.perf_counter() - started
    seeded = [first] + [fit(documents, seed, k)[0] for seed in SEEDS[1:]]
    resampled = [fit(_resample(documents, seed), seed, k)[0] for seed in SEEDS]
    coherence = npmi_coherence([[vocabulary[t] for t in topic if t in vocabulary] for topic in first], presence)
    return {"system": name, "documents": len(documents), "topics": k,
            "mean_npmi": round(float(np.mean(coherence)), 4), "stability": _agreement(seeded),
            "resample_stability": _agreement(resampled), "fit_seconds": round(elapsed, 1),
            "top_terms": [" ".join(topic[:6]) for topic in first]}


def evaluate_topics(data_dir: Path | None = None) -> list[dict]:
    """Palabre NMF (default), LDA and embedding clusters, and plain scikit-learn LDA, measured in this run."""
    from sklearn.feature_extraction.text import CountVectorizer

    documents = french_corpus(data_dir or default_data_dir())
    shared = CountVectorizer(token_pattern=r"\S+", min_df=2, binary=True)
    presence = shared.fit_transform(documents).astype(np.float32).tocsc()
    vocabulary = shared.vocabulary_
    rows = [_measure("Palabre NMF (default; k by coherence + stability)",
                     lambda docs, seed, k: _palabre(docs, "nmf", k, seed), documents, presence, vocabulary),
            _measure("Palabre LDA (k by coherence + stability)",
                     lambda docs, seed, k: _palabre(docs, "lda", k, seed), documents, presence, vocabulary),
            _measure("Palabre embeddings (e5 + k-means; k by coherence + stability)",
                     lambda docs, seed, k: _palabre(docs, "embeddings", k, seed), documents, presence, vocabulary)]
    k = rows[0]["topics"]
    rows.append(_measure(f"plain scikit-learn LDA (k = {k}, defaults)",
                         lambda docs, seed, _: (_plain_lda(docs, k, seed), k), documents, presence, vocabulary))
    return rows


def as_markdown(rows: list[dict]) -> str:
    """The rows as docs/evaluation.md's table, then each system's topics."""
    lines = ["| system | documents | topics | mean NPMI | stability across seeds | across 90% resamples | fit (s) |",
             "|---|---|---|---|---|---|---|"]
    lines += [f"| {r['system']} | {r['documents']:,} | {r['topics']} | {r['mean_npmi']:+.3f} | "
              f"{r['stability']:.3f} | {r['resample_stability']:.3f} | {r['fit_seconds']} |" for r in rows]
    for row in rows:
        lines += ["", f"{row['system']}:"] + [f"  {n}. {terms}" for n, terms in enumerate(row["top_terms"])]
    return "\n".join(lines)
