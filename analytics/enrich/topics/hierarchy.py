"""The merge hierarchy of a fit's topics, so one fit can be shown as 8, 15 or 30 topics.

Like BERTopic's `hierarchical_topics`: the topics' term vectors (each topic's heaviest terms,
scaled to unit length, over the terms of every model) are merged bottom-up by Ward linkage
(scipy; on unit vectors, Euclidean distance grows with cosine distance). Ward weighs a merge by
the sizes it joins, so topics with no word in common (at cosine distance 1 from every other) do
not pile up into one catch-all topic in whatever order they come. Topics of different languages
merge only once no two topics of one language are left: each vector also carries its language,
at LANGUAGE_DISTANCE from the others. Merge i joins two nodes into node n + i (n topics, numbered
0 … n − 1 as fitted); after i + 1 merges, n − i − 1 topics remain.
"""
from __future__ import annotations

from collections.abc import Mapping, Sequence

import numpy as np

LEVELS = (8, 15, 30)  # the numbers of topics offered besides the fit's own
LANGUAGE_DISTANCE = 100.0  # between two topics of different languages (unit term vectors are at most 2 apart)


def merge_tree(vectors: Sequence[Mapping[str, float]], langs: Sequence[str] | None = None) -> list[tuple[int, int, float]]:
    """(left node, right node, Ward distance) of each merge, in order; merge i makes node n + i.
    Topics of different `langs` merge last."""
    from scipy.cluster.hierarchy import linkage

    if len(vectors) < 2:
        return []
    langs = list(langs) if langs is not None else [""] * len(vectors)
    vocabulary = {term: column for column, term in enumerate(sorted({t for vector in vectors for t in vector}))}
    languages = {lang: column for column, lang in enumerate(sorted(set(langs)), start=len(vocabulary) + len(vectors))}
    matrix = np.zeros((len(vectors), len(vocabulary) + len(vectors) + len(languages)))
    for row, vector in enumerate(vectors):
        for term, weight in vector.items():
            matrix[row, vocabulary[term]] = weight
        if not matrix[row].any():
            matrix[row, len(vocabulary) + row] = 1.0  # a topic without terms stays apart from every other
        matrix[row, :len(vocabulary) + len(vectors)] /= np.linalg.norm(matrix[row, :len(vocabulary) + len(vectors)])
        matrix[row, languages[langs[row]]] = LANGUAGE_DISTANCE / np.sqrt(2)
    merges = linkage(matrix, method="ward")
    return [(int(left), int(right), round(float(distance), 4)) for left, right, distance, _ in merges]


def members(merges: Sequence[tuple[int, int, float]], topics: int) -> dict[int, list[int]]:
    """Every node's topics (a topic is its own only member), for the nodes 0 … topics + merges − 1."""
    found = {topic: [topic] for topic in range(topics)}
    for step, (left, right, _) in enumerate(merges):
        found[topics + step] = sorted(found[left] + found[right])
    return found


def level(merges: Sequence[tuple[int, int, float]], topics: int, count: int) -> list[int]:
    """The nodes shown when the topics are merged down to `count` (1 … topics), in node order."""
    if not 1 <= count <= topics:
        raise ValueError(f"expected a number of topics between 1 and {topics}; received {count}")
    shown = set(range(topics))
    for step, (left, right, _) in enumerate(merges[:topics - count]):
        shown -= {left, right}
        shown.add(topics + step)
    return sorted(shown)


def levels(topics: int) -> list[int]:
    """The numbers of topics offered for a fit of `topics`: LEVELS below it, then all of them."""
    return [count for count in LEVELS if count < topics] + [topics]


def node_terms(vectors: Sequence[Mapping[str, float]], merges: Sequence[tuple[int, int, float]],
               top: int = 10) -> list[list[tuple[str, float]]]:
    """Each merged node's `top` terms: the sum of its topics' term vectors, scaled to unit length."""
    found = []
    for node, leaves in sorted(members(merges, len(vectors)).items()):
        if node < len(vectors):
            continue
        summed: dict[str, float] = {}
        for leaf in leaves:
            for term, weight in vectors[leaf].items():
                summed[term] = summed.get(term, 0.0) + weight
        norm = float(np.linalg.norm(list(summed.values()))) or 1.0
        ranked = sorted(summed.items(), key=lambda item: (-item[1], item[0]))[:top]
        found.append([(term, round(weight / norm, 4)) for term, weight in ranked])
    return found
