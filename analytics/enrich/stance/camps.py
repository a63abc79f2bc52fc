"""Stance camps: commenters grouped by their stance profile across the corpus's main targets.

A profile is one value per target: the mean of the commenter's stances toward it (favour +1,
neutral 0, against −1), 0 when never mentioned. k-means (seeded, 10 starts) is fitted for
k = 2 … max_camps (on a seeded sample of FIT_SAMPLE commenters when there are more; everyone is
then assigned to the nearest centroid). The smallest k whose silhouette is within PARSIMONY of the best wins (a few
near-duplicate profiles should not split a camp), provided it reaches MIN_SILHOUETTE. Below it
the profiles show no separate groups and everyone is in one camp. Each
camp is described by its centroid: the targets it is on average against or favourable to
(|mean| ≥ DESCRIBE_AT), the strongest first.
"""
from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

import numpy as np

STANCE_VALUES = {"favour": 1.0, "neutral": 0.0, "against": -1.0}
MAX_CAMPS = 6
MIN_SILHOUETTE = 0.25
PARSIMONY = 0.05
DESCRIBE_AT = 0.3
SILHOUETTE_SAMPLE = 5000
FIT_SAMPLE = 50_000  # more commenters than this: k-means is fitted on a seeded sample, then everyone assigned


@dataclass
class Camps:
    """The chosen number of camps, each profile's camp, the centroids and how k was chosen."""

    labels: np.ndarray
    centroids: np.ndarray
    selection: list[dict] = field(default_factory=list)

    @property
    def count(self) -> int:
        return len(self.centroids)


def find_camps(profiles: np.ndarray, max_camps: int = MAX_CAMPS, random_state: int = 0) -> Camps:
    """Cluster profiles (rows) into camps, k chosen by silhouette (see the module's docstring)."""
    from sklearn.cluster import KMeans
    from sklearn.metrics import silhouette_score

    profiles = np.asarray(profiles, dtype=np.float64)
    one = Camps(np.zeros(len(profiles), dtype=int), profiles.mean(axis=0, keepdims=True) if len(profiles)
                else np.zeros((1, profiles.shape[1] if profiles.ndim == 2 else 0)))
    distinct = len(np.unique(profiles, axis=0)) if len(profiles) else 0
    if distinct < 3:
        one.selection = [{"camps": 1, "silhouette": None, "note": "fewer than 3 distinct profiles"}]
        return one
    fitted: list[tuple[float, Camps]] = []
    selection = []
    sample = profiles
    if len(profiles) > FIT_SAMPLE:
        sample = profiles[np.sort(np.random.default_rng(random_state).permutation(len(profiles))[:FIT_SAMPLE])]
    for k in range(2, min(max_camps, distinct - 1) + 1):
        model = KMeans(n_clusters=k, n_init=10, random_state=random_state).fit(sample)
        score = float(silhouette_score(sample, model.labels_, sample_size=min(SILHOUETTE_SAMPLE, len(sample)),
                                       random_state=random_state))
        selection.append({"camps": k, "silhouette": round(score, 4)})
        fitted.append((score, Camps(model.predict(profiles).astype(int), model.cluster_centers_)))
    top = max((score for score, _ in fitted), default=None)
    best = next(((score, camps) for score, camps in fitted if score >= top - PARSIMONY), None) if fitted else None
    if best is None or best[0] < MIN_SILHOUETTE:
        one.selection = selection + [{"camps": 1, "silhouette": None,
                                      "note": f"no k reached a silhouette of {MIN_SILHOUETTE}"}]
        return one
    chosen = best[1]
    chosen.labels, chosen.centroids = _ordered(chosen.labels, chosen.centroids)
    chosen.selection = selection
    return chosen


def _ordered(labels: np.ndarray, centroids: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Camps renumbered largest first (ties: by centroid), so ids do not depend on k-means' order."""
    sizes = np.bincount(labels, minlength=len(centroids))
    order = sorted(range(len(centroids)), key=lambda c: (-sizes[c], tuple(np.round(centroids[c], 6))))
    remap = np.empty(len(order), dtype=int)
    remap[order] = np.arange(len(order))
    return remap[labels], centroids[order]


def describe(centroid: Sequence[float], targets: Sequence[str]) -> str:
    """The camp in words: "against the EU and Zelensky, favourable to Putin"."""
    against = sorted((value, name) for value, name in zip(centroid, targets) if value <= -DESCRIBE_AT)
    favour = sorted(((-value, name) for value, name in zip(centroid, targets) if value >= DESCRIBE_AT))
    parts = []
    if against:
        parts.append("against " + _join([name for _, name in against]))
    if favour:
        parts.append("favourable to " + _join([name for _, name in favour]))
    return ", ".join(parts) if parts else "no marked stance toward the main targets"


def _join(names: list[str]) -> str:
    return names[0] if len(names) == 1 else ", ".join(names[:-1]) + " and " + names[-1]
