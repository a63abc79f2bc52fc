"""Real Reddit and TikTok reply trees (../shared/data/reddit_threads_en): every parent id kept,
depths computed."""
from __future__ import annotations

import csv

import pytest

from analytics.pipeline.ingest import ingest_paths
from analytics.views.reports import summary
from tests.conftest import shared_dataset


def _expected(rows: list[dict]) -> dict[str, tuple[str | None, int]]:
    """{comment_id: (declared parent, depth)} computed independently: walk up until a missing parent."""
    parents = {row["comment_id"]: row["parent_comment_id"] or None for row in rows}

    def depth(comment_id: str) -> int:
        parent = parents[comment_id]
        return 0 if parent is None or parent not in parents else 1 + depth(parent)

    return {comment_id: (parent, depth(comment_id)) for comment_id, parent in parents.items()}


@pytest.mark.parametrize("platform", ["Reddit", "Tiktok"])
def test_all_splits_of_a_platform_rebuild_its_reply_trees(connection, platform):
    folder = shared_dataset("reddit_threads_en")
    files = sorted(folder.glob(f"{platform}-Trump__comments_*.csv"))
    rows = [row for path in files for row in csv.DictReader(path.open(encoding="utf-8"))]
    ingest_paths(connection, files, default_article=f"{platform.lower()}-trump")
    stored = {comment_id: (declared, depth) for comment_id, declared, depth in connection.execute(
        "SELECT comment_id, declared_parent_id, depth FROM comments").fetchall()}
    with_id = [row for row in rows if row["comment_id"]]
    synthesized = {cid: value for cid, value in stored.items() if cid not in {r["comment_id"] for r in with_id}}
    assert {cid: value for cid, value in stored.items() if cid not in synthesized} == _expected(with_id)
    assert len(stored) == len(rows)
    missing = connection.execute("SELECT location FROM validation WHERE kind = 'missing_id'").fetchall()
    assert len(missing) == len(synthesized) == len(rows) - len(with_id)
    orphans = connection.execute("SELECT count(*) FROM comments WHERE thread_flag = 'orphan'").fetchone()[0]
    reported = connection.execute("SELECT count(*) FILTER (kind = 'orphan') - count(*) FILTER (kind = 'relinked') "
                                  "FROM validation").fetchone()[0]
    expected_orphans = sum(1 for r in with_id if r["parent_comment_id"] and r["parent_comment_id"] not in stored)
    assert orphans == reported == expected_orphans > 0
    result = summary(connection)
    assert result["max_depth"] == max(depth for _, depth in stored.values()) >= 3
    assert sum(result["depth_histogram"].values()) == len(rows)


def test_each_split_alone_is_its_own_article(connection):
    folder = shared_dataset("reddit_threads_en")
    files = sorted(folder.glob("Reddit-Trump__comments_*.csv"))
    ingest_paths(connection, files)
    assert sorted(r[0] for r in connection.execute("SELECT article_id FROM articles").fetchall()) == [
        "Reddit-Trump__comments_test", "Reddit-Trump__comments_train", "Reddit-Trump__comments_val"]
