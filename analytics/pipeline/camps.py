"""Stance camps of the analysed corpus: commenters' stance profiles across its main targets,
clustered (enrich/stance/camps.py) and stored with each commenter's and each comment's camp."""
from __future__ import annotations

import json
from collections.abc import Callable
from datetime import UTC, datetime
from functools import partial
from typing import Any

import duckdb
import numpy as np

from analytics import store
from analytics.enrich.stance.camps import STANCE_VALUES, describe, find_camps
from analytics.pipeline.processes import one_thread
from analytics.store import reads

MAX_TARGETS = 12  # the targets most commenters took a stance on form the profile
MIN_COMMENTERS = 2
TYPICAL = 3


def fit_camps(connection: duckdb.DuckDBPyConnection, random_state: int = 0) -> dict:
    """Cluster, store and return {camps, targets, selection}; no camps when no target is shared."""
    return start_camps(connection, random_state)()


def start_camps(connection: duckdb.DuckDBPyConnection, random_state: int = 0,
                submit: Callable[[Callable, Any], Any] | None = None) -> Callable[[], dict]:
    """Read the commenters' profiles and start clustering them: in a worker process when submit
    (processes.Processes.submit) is given, so that `analyze` fits topics meanwhile, else here. Returns
    the function that waits for the clusters, stores the camps and returns fit_camps's dict. The
    clustering runs on one BLAS thread wherever it runs, so it finds the same camps."""
    stances = reads.comment_target_stances(connection)
    reach = stances.groupby("target")["commenter"].nunique().sort_values(ascending=False, kind="stable")
    targets = sorted(reach[reach >= MIN_COMMENTERS].index[:MAX_TARGETS])
    if not targets:
        def nothing() -> dict:
            store.write_camps(connection, [], [], [])
            return {"camps": 0, "targets": [], "selection": []}
        return nothing
    kept = stances[stances["target"].isin(targets)].copy()
    kept["value"] = kept["stance"].map(STANCE_VALUES).fillna(0.0)
    commenter_profiles = kept.pivot_table(index="commenter", columns="target", values="value",
                                          aggfunc="mean", fill_value=0.0).reindex(columns=targets, fill_value=0.0)
    comment_profiles = kept.pivot_table(index=["article_id", "comment_id"], columns="target", values="value",
                                        aggfunc="mean", fill_value=0.0).reindex(columns=targets, fill_value=0.0)
    cluster, profiles = partial(find_camps, random_state=random_state), commenter_profiles.to_numpy()
    pending = submit(cluster, profiles) if submit is not None else None

    def finish() -> dict:
        try:
            found = pending.result() if pending is not None else None
        except Exception:  # the worker died (a broken pool): cluster here, as without workers
            found = None
        found = found if found is not None else one_thread(cluster, profiles)
        return _stored(connection, targets, commenter_profiles, comment_profiles, found, random_state)

    return finish


def _stored(connection, targets: list[str], commenter_profiles, comment_profiles, camps, random_state: int) -> dict:
    """Store the camps found for these profiles; fit_camps's dict."""
    commenter_distance = np.linalg.norm(commenter_profiles.to_numpy() - camps.centroids[camps.labels], axis=1)
    distances = np.linalg.norm(comment_profiles.to_numpy()[:, None, :] - camps.centroids[None, :, :], axis=2)
    comment_camp = distances.argmin(axis=1)
    mentioned = (comment_profiles.to_numpy() != 0).sum(axis=1)
    fitted_at = datetime.now(UTC).replace(tzinfo=None)
    criterion = json.dumps({"method": "k-means on commenters' stance profiles, k by silhouette",
                            "random_state": random_state, "selection": camps.selection}, ensure_ascii=False)
    rows = []
    for camp in range(camps.count):
        members = np.flatnonzero(comment_camp == camp)
        typical = sorted(members, key=lambda i: (distances[i, camp], -mentioned[i]))[:TYPICAL]
        description = describe(camps.centroids[camp], targets)
        rows.append((camp, f"Camp {camp + 1}: {description}", description,
                     int((camps.labels == camp).sum()), len(members),
                     json.dumps({name: round(float(value), 3) for name, value in zip(targets, camps.centroids[camp])},
                                ensure_ascii=False),
                     json.dumps([list(comment_profiles.index[i]) for i in typical]), criterion, fitted_at))
    commenters = [(name, int(camp), round(float(distance), 4)) for name, camp, distance
                  in zip(commenter_profiles.index, camps.labels, commenter_distance)]
    comments = [(article_id, comment_id, int(camp))
                for (article_id, comment_id), camp in zip(comment_profiles.index, comment_camp)]
    store.write_camps(connection, rows, commenters, comments)
    return {"camps": camps.count, "targets": targets, "selection": camps.selection}
