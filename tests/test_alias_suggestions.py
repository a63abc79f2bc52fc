"""Alias suggestions with their evidence, accepted into the table or rejected, never applied silently;
per-target aggregates."""
from __future__ import annotations

import json

import pandas as pd
import pytest

from analytics.cli.main import main
from analytics.enrich.targets.aliases import DEFAULT_ALIASES, read_aliases

COMMENTS = pd.DataFrame({
    "article_id": ["a1", "a1", "a1", "a2", "a2"],
    "comment_id": ["1", "2", "3", "4", "5"],
    "parent_id": ["", "1", "", "", "4"],
    "author": ["ana", "bob", "cy", "dan", "eve"],
    "posted_at": ["2025-10-17 10:00", "2025-10-17 11:00", "2025-10-18 09:00", "2025-10-18 10:00", "2025-10-19 08:00"],
    "text": ["Le clown de Kiev a encore menti, Zelensky ne changera jamais.",
             "Oui, le clown de Kiev et ses amis. Reznikov aussi.",
             "Le ministre Oleksii Reznikov était là. Reznikov a parlé avec Zelensky.",
             "Reznikov et Zelensky encore ensemble.",
             "Leyen a parlé, Zelensky aussi."],
})


@pytest.fixture
def analysed(tmp_path, capsys):
    source = tmp_path / "thread.csv"
    COMMENTS.to_csv(source, index=False)
    table = tmp_path / "aliases.csv"
    table.write_text(DEFAULT_ALIASES.read_text(encoding="utf-8"), encoding="utf-8")
    store = str(tmp_path / "s")
    assert main(["ingest", str(source), "--store", store]) == 0
    assert main(["analyze", "--store", store, "--mode", "accurate", "--aliases", str(table)]) == 0
    capsys.readouterr()
    return store, table


def suggestions(store, table, capsys) -> dict[str, dict]:
    assert main(["aliases", "suggest", "--store", store, "--aliases", str(table)]) == 0
    capsys.readouterr()
    from analytics.store import connect
    from analytics.views.reports import suggestions as read

    connection = connect(store, read_only=True)
    frame = read(connection)
    connection.close()
    return {row["alias"]: row for row in frame.to_dict("records")}


def test_epithets_surnames_and_co_occurring_names_are_suggested_with_evidence(analysed, capsys):
    found = suggestions(*analysed, capsys)
    assert found["clown de kiev"]["canonical"] == "Volodymyr Zelensky"
    assert found["clown de kiev"]["kind"] == "epithet"
    assert sorted(json.loads(found["clown de kiev"]["evidence"])) == ["1", "2"]
    assert found["Leyen"]["canonical"] == "Ursula von der Leyen" and found["Leyen"]["kind"] == "surname"
    assert found["Reznikov"]["kind"] == "co-occurrence"
    assert {row["status"] for row in found.values()} == {"pending"}


def test_suggestions_change_nothing_until_accepted(analysed, capsys):
    store, table = analysed
    before = table.read_text(encoding="utf-8")
    suggestions(store, table, capsys)
    assert table.read_text(encoding="utf-8") == before


def test_accept_appends_to_the_table_and_the_next_analysis_uses_it(analysed, capsys):
    store, table = analysed
    found = suggestions(store, table, capsys)
    assert main(["aliases", "accept", str(found["clown de kiev"]["suggestion_id"]), "--store", store,
                 "--aliases", str(table)]) == 0
    assert ("Volodymyr Zelensky", "clown de kiev", "epithet") in {
        (a.canonical, a.alias, a.kind) for a in read_aliases(table)}
    assert main(["analyze", "--store", store, "--mode", "fast", "--redo", "--aliases", str(table)]) == 0
    out = table.parent / "targets.csv"
    main(["export", "--store", store, "--table", "targets", "--out", str(out)])
    frame = pd.read_csv(out)
    first = frame[(frame["comment_id"] == 1) & (frame["target"] == "Volodymyr Zelensky")].iloc[0]
    assert first["mention_count"] == 2 and first["attack"]


def test_rejected_suggestions_do_not_come_back(analysed, capsys):
    store, table = analysed
    found = suggestions(store, table, capsys)
    leyen = found["Leyen"]["suggestion_id"]
    assert main(["aliases", "reject", str(leyen), "--store", store, "--aliases", str(table)]) == 0
    again = suggestions(store, table, capsys)
    assert again["Leyen"]["status"] == "rejected"
    assert sum(1 for row in again.values() if row["alias"] == "Leyen") == 1
    assert again["clown de kiev"]["suggestion_id"] != found["clown de kiev"]["suggestion_id"]  # ids never reused


def test_accepting_an_unknown_id_is_a_usage_error(analysed, capsys):
    store, table = analysed
    assert main(["aliases", "accept", "999", "--store", store, "--aliases", str(table)]) == 2
    assert "expected the id of a pending suggestion" in capsys.readouterr().err


def test_targets_aggregates_per_target_and_depth(analysed, capsys):
    store, _ = analysed
    assert main(["targets", "--store", store, "--json"]) == 0
    rows = {row["target"]: row for row in json.loads(capsys.readouterr().out)}
    zelensky = rows["Volodymyr Zelensky"]
    assert (zelensky["comments"], zelensky["commenters"], zelensky["mentions"]) == (4, 4, 4)
    assert rows["Ukrainian government"]["attack_rate"] == 1  # "clown de Kiev" is not in the table yet
    assert rows["Ukrainian government"]["attacked_with"].startswith("clown (")  # what its attacks use
    assert all(row["attacked_with"] is None for row in rows.values() if not row["attack_rate"])
    assert main(["targets", "--store", store, "--by", "depth", "--json"]) == 0
    by_depth = [row for row in json.loads(capsys.readouterr().out) if row["target"] == "Volodymyr Zelensky"]
    assert {row["depth"]: row["comments"] for row in by_depth} == {0: 3, 1: 1}
    assert main(["targets", "--store", store, "--by", "day", "--json"]) == 0
    by_day = [row for row in json.loads(capsys.readouterr().out) if row["target"] == "Volodymyr Zelensky"]
    assert [row["comments"] for row in by_day] == [1, 2, 1]
