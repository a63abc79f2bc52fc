"""The view state in the URL: exact round trips, bad values falling back with a warning, values
bound as SQL parameters; CSV exports that no spreadsheet runs; stable pseudonyms."""
from __future__ import annotations

from datetime import date

import pandas as pd
import pytest

from analytics.pipeline.ingest import ingest_paths
from analytics.views import filters, selection, targets
from analytics.views.exports import csv_bytes, pseudonym, pseudonymise, spreadsheet_safe
from analytics.views.state import (
    DEFAULT,
    PARAM_NAMES,
    Known,
    ViewState,
    comment_key,
    parse,
    to_params,
)

FULL = ViewState(page="targets", articles=("a1", "a/2"), date_from=date(2025, 1, 2), date_to=date(2025, 2, 3),
                 lang="fr", depth_min=1, depth_max=4, sentiment="negative", stance="disagree",
                 target="Volodymyr Zelensky", target_stance="against", attack_kinds=("threat", "slur"), topic=3,
                 camp=0, search="nain de Kiev", sort="most_negative", comment=comment_key("a1", "c::9"),
                 tree="a/2", shown=30)


def test_a_full_state_round_trips_exactly():
    params = to_params(FULL)
    assert params["article"] == ["a1", "a/2"] and params["date_from"] == "2025-01-02"
    assert params["attack_kind"] == "threat,slur"
    state, warnings = parse(params)
    assert state == FULL and warnings == []
    assert to_params(state) == params


def test_a_bad_number_of_topics_shown_falls_back_with_a_warning():
    state, warnings = parse({"page": "topics", "shown": "lots"})
    assert state.shown is None and len(warnings) == 1 and "shown" in warnings[0]


def test_defaults_are_left_out_of_the_link():
    assert to_params(DEFAULT) == {}
    assert to_params(ViewState(page="comments", search="x")) == {"page": "comments", "search": "x"}
    assert parse({}) == (DEFAULT, [])


def test_the_comment_key_keeps_ids_with_separators():
    assert FULL.selected_comment == ("a1", "c::9") or FULL.selected_comment == ("a1::c", "9")
    assert parse({"comment": comment_key("art", "c1")})[0].selected_comment == ("art", "c1")


@pytest.mark.parametrize("params, field", [
    ({"page": "nowhere"}, "page"), ({"sentiment": "angry"}, "sentiment"), ({"lang": "klingon"}, "lang"),
    ({"depth_min": "-1"}, "depth_min"), ({"depth_min": "two"}, "depth_min"), ({"depth_max": "1.5"}, "depth_max"),
    ({"date_from": "2025-13-01"}, "date_from"), ({"topic": "x"}, "topic"), ({"camp": "-2"}, "camp"),
    ({"sort": "random"}, "sort"), ({"stance": "maybe"}, "stance"), ({"search": "y" * 201}, "search"),
    ({"comment": "no-separator"}, "comment"), ({"target_stance": "hate"}, "target_stance"),
    ({"attack_kind": "hate"}, "attack_kinds"), ({"attack_kind": ""}, "attack_kinds"),
])
def test_a_bad_value_falls_back_to_its_default_with_a_warning(params, field):
    state, warnings = parse(params)
    assert getattr(state, field) == getattr(DEFAULT, field)
    assert len(warnings) == 1 and PARAM_NAMES[field] in warnings[0] and "default" in warnings[0]


def test_attack_kinds_are_read_in_one_order_and_an_unknown_one_is_left_out():
    state, warnings = parse({"attack_kind": "slur, threat,slur"})
    assert state.attack_kinds == ("threat", "slur") and warnings == []
    assert to_params(state) == {"attack_kind": "threat,slur"}
    assert parse({"attack_kind": ["contempt", "derogation"]})[0].attack_kinds == ("derogation", "contempt")
    state, warnings = parse({"attack_kind": "threat,insult"})
    assert state.attack_kinds == ("threat",)
    assert len(warnings) == 1 and "attack_kind='insult'" in warnings[0] and "dehumanisation" in warnings[0]


def test_the_attack_kind_filter_is_described_in_words():
    assert ViewState(attack_kinds=("threat", "slur")).describe() == ["attacking a target with a threat or a slur"]
    assert ViewState(target="European Union", attack_kinds=("contempt",)).describe() == [
        "target European Union", "attacking it with contempt"]


def test_values_unknown_to_the_store_fall_back():
    known = Known(articles=frozenset({"a1"}), targets=frozenset({"European Union"}), topics=frozenset({0, 1}),
                  camps=frozenset({0}))
    state, warnings = parse({"article": ["a1", "ghost"], "target": "Nobody", "topic": "7", "camp": "3",
                             "tree": "ghost"}, known)
    assert state.articles == ("a1",) and state.target is None and state.topic is None and state.camp is None
    assert state.tree is None and len(warnings) == 5


def test_inverted_ranges_and_unknown_parameters_are_reported():
    state, warnings = parse({"date_from": "2025-02-01", "date_to": "2025-01-01", "depth_min": "3",
                             "depth_max": "1", "utm_source": "mail"})
    assert state.date_from == date(2025, 2, 1) and state.date_to is None
    assert state.depth_min == 3 and state.depth_max is None
    assert len(warnings) == 3 and any("utm_source" in w for w in warnings)


def test_filter_values_reach_sql_only_as_parameters(connection, tmp_path):
    source = tmp_path / "c.csv"
    pd.DataFrame({"comment_id": ["a", "b"], "parent_id": ["", "a"], "article_id": ["x", "x"],
                  "text": ["hello '; DROP TABLE comments; --", "world"]}).to_csv(source, index=False)
    ingest_paths(connection, [source])
    hostile = "'; DROP TABLE comments; --"
    state = ViewState(search=hostile, target=hostile, articles=(hostile,))
    sql, params = filters.selection(state)
    assert hostile not in sql and hostile in params
    assert selection.count_selected(connection, ViewState(search=hostile)) == 1
    assert selection.count_selected(connection, state) == 0
    assert connection.execute("SELECT count(*) FROM comments").fetchone()[0] == 2


def attacked_store(connection, tmp_path):
    """Three comments naming Zelensky: a threat, a slur, none; one calling the EU names (contempt)."""
    from analytics.store import refresh_facts

    source = tmp_path / "attacks.csv"
    pd.DataFrame({"comment_id": ["a", "b", "c", "d"], "parent_id": ["", "a", "a", ""], "article_id": ["x"] * 4,
                  "text": ["Zelensky, on va te pendre.", "Zelensky le youpin.", "Bravo Zelensky.",
                           "L'UE, ces parasites."]}).to_csv(source, index=False)
    ingest_paths(connection, [source])
    rows = [("a", "Volodymyr Zelensky", True, "threat", 0.93, "[[10, 25]]"),
            ("b", "Volodymyr Zelensky", True, "slur", 0.81, "[[12, 18]]"),
            ("c", "Volodymyr Zelensky", False, None, 0.05, "[]"),
            ("d", "European Union", True, "contempt", 0.7, "[[10, 19]]")]
    connection.executemany("""INSERT INTO targets (item_kind, article_id, comment_id, target, type, mentions,
        mention_count, sentiment, attack, evidence, alias_table, stance, attack_kind, attack_score, evidence_spans)
        VALUES ('comment', 'x', ?, ?, 'person', '[]', 1, -0.5, ?, '', 1, 'against', ?, ?, ?)""", rows)
    refresh_facts(connection)


def test_the_attack_kind_filter_keeps_comments_attacking_with_those_kinds(connection, tmp_path):
    attacked_store(connection, tmp_path)
    sql, params = filters.selection(ViewState(attack_kinds=("threat", "contempt")))
    assert "threat" not in sql and ["threat", "contempt"] in params
    count = selection.count_selected
    assert count(connection, ViewState(attack_kinds=("threat", "contempt"))) == 2
    assert count(connection, ViewState(attack_kinds=("dehumanisation",))) == 0
    assert count(connection, ViewState(target="Volodymyr Zelensky", attack_kinds=("contempt",))) == 0  # the EU's
    assert count(connection, ViewState(target="European Union", attack_kinds=("contempt",))) == 1


def test_the_attacks_on_a_target_come_most_hostile_first_with_their_evidence(connection, tmp_path):
    attacked_store(connection, tmp_path)
    frame = targets.target_attacks(connection, ViewState(target="Volodymyr Zelensky"))
    assert frame["comment_id"].tolist() == ["a", "b"] and frame["attack_kind"].tolist() == ["threat", "slur"]
    assert frame["text"].iat[0][10:25] == "on va te pendre" and frame["evidence_spans"].iat[0] == "[[10, 25]]"
    slurs = targets.target_attacks(connection, ViewState(target="Volodymyr Zelensky", attack_kinds=("slur",)))
    assert slurs["comment_id"].tolist() == ["b"]
    assert len(targets.target_attacks(connection, ViewState(target="Volodymyr Zelensky"), 1)) == 1


def test_csv_exports_never_start_a_cell_with_a_formula():
    frame = pd.DataFrame({"text": ["=HYPERLINK(\"http://x\")", "+1", "-2+3", "@SUM(A1)", "\tx", "ok", None],
                          "score": [-1.0, 2.0, 3.0, 4.0, 5.0, 6.0, 7.0]})
    safe = spreadsheet_safe(frame)
    assert safe["text"].tolist()[:6] == ["'=HYPERLINK(\"http://x\")", "'+1", "'-2+3", "'@SUM(A1)", "'\tx", "ok"]
    assert safe["score"].tolist() == frame["score"].tolist()  # numbers stay numbers
    import csv
    import io

    rows = list(csv.reader(io.StringIO(csv_bytes(frame).decode("utf-8-sig"))))
    cells = [row[0] for row in rows[1:]]
    assert not [cell for cell in cells if cell[:1] in ("=", "+", "-", "@", "\t")]
    assert cells[0] == "'=HYPERLINK(\"http://x\")"


def test_pseudonyms_are_stable_per_store_and_hide_the_name():
    assert pseudonym("Jean Dupont", "s1") == pseudonym("Jean Dupont ", "s1")
    assert pseudonym("Jean Dupont", "s1") != pseudonym("Jean Dupont", "s2")
    assert pseudonym("Jean Dupont", "s1") != pseudonym("Marie Curie", "s1")
    assert "Jean" not in pseudonym("Jean Dupont", "s1") and pseudonym(None, "s1") is None
    frame = pseudonymise(pd.DataFrame({"author": ["Jean Dupont"], "text": ["Jean Dupont a raison"]}), "s1")
    assert frame["author"].iat[0].startswith("commenter-") and frame["text"].iat[0] == "Jean Dupont a raison"


def test_a_clicked_period_covers_its_whole_day_week_or_month():
    from analytics.dashboard.pages.topics import period_end

    assert period_end(date(2025, 2, 3), "day") == date(2025, 2, 3)
    assert period_end(date(2025, 2, 3), "week") == date(2025, 2, 9)
    assert period_end(date(2025, 2, 1), "month") == date(2025, 2, 28)
    assert period_end(date(2024, 12, 1), "month") == date(2024, 12, 31)


def test_every_filter_reads_back_the_state_its_widgets_show():
    """The sidebar is drawn from the filters' widget specs; reading the drawn values back gives the
    same filters, so a filter added to views/filters.py works in the sidebar with no other edit."""
    from analytics.views.filters import FILTERS

    options = {"articles": {"a1": "First", "a/2": "Second"}, "first_day": date(2025, 1, 1),
               "last_day": date(2025, 3, 1), "max_depth": 9, "targets": ["Volodymyr Zelensky"],
               "topics": {3: "war"}, "camps": {0: "camp 1"}}
    values, changes = {}, {}
    for one in FILTERS:
        for widget in one.widgets(FULL, options):
            assert widget.key not in values and widget.kind in {"select", "multiselect", "range", "dates", "text"}
            values[widget.key] = widget.value
    for one in FILTERS:
        changes |= one.read(values, FULL, options)
    assert FULL.filters().with_(**changes) == FULL.filters()
    assert set(changes) == {name for one in FILTERS for name in one.fields}


@pytest.mark.parametrize("params, field", [
    ({"date_to": "9999-12-31"}, "date_to"), ({"date_from": "0001-01-01"}, "date_from"),
    ({"depth_min": "99999999999999999999"}, "depth_min"), ({"topic": "99999999999999999999"}, "topic"),
])
def test_dates_and_numbers_out_of_any_store_s_range_fall_back(params, field, connection, tmp_path):
    from analytics.views.params import LAST_DAY, MAX_NUMBER

    state, warnings = parse(params)
    assert getattr(state, field) == getattr(DEFAULT, field) and len(warnings) == 1
    source = tmp_path / "c.csv"
    pd.DataFrame({"comment_id": ["a"], "article_id": ["x"], "text": ["hello"]}).to_csv(source, index=False)
    ingest_paths(connection, [source])
    at_the_limits = ViewState(date_from=LAST_DAY, date_to=LAST_DAY, depth_min=MAX_NUMBER, topic=MAX_NUMBER)
    assert selection.count_selected(connection, at_the_limits) == 0  # the largest values a link keeps run


def test_a_download_is_named_after_what_it_holds():
    from analytics.views.exports import file_name

    state = ViewState(sentiment="negative", target="Volodymyr Zelensky", search="nain de Kiev")
    name = file_name("comments", state.describe(), "csv")
    assert name.startswith("palabre-comments-") and name.endswith(".csv")
    assert "negative" in name and "volodymyr-zelensky" in name and "nain-de-kiev" in name
    assert file_name("comments", [], "csv") == "palabre-comments.csv"
    assert len(file_name("x", ["é" * 500, "a" * 500], "png")) < 140


def test_an_exported_chart_says_which_comments_it_shows():
    import html

    import plotly.graph_objects as go

    from analytics.dashboard.widgets import labelled

    figure = go.Figure(go.Bar(x=[1], y=[2])).update_layout(title="Comments per depth")
    exported = labelled(figure, ViewState(sentiment="negative", search="<b>x</b>").describe())
    assert "Comments per depth" in exported.layout.title.text and "sentiment negative" in exported.layout.title.text
    assert "<b>x</b>" not in exported.layout.title.text and figure.layout.title.text == "Comments per depth"
    sourced = labelled(figure, [], "Palabre 0.8.0 · store demo · exported 2026-12-05 · http://host/?page=overview")
    shown = html.unescape(sourced.layout.title.text)  # ':' is escaped so that no link is drawn
    assert shown.endswith("<sup>Palabre 0.8.0 · store demo · exported 2026-12-05 · http://host/?page=overview</sup>")


def test_a_large_corpus_lists_its_most_commented_articles_and_finds_the_others_by_title():
    """Thousands of articles in the sidebar's list were sent and drawn again on every rerun (143 kB
    and most of a filter change's drawing time at 6,498 articles): the list holds ARTICLE_CHOICES,
    most commented first (filter_options' order), the chosen ones always, the others found by title."""
    titles = {f"a{number}": f"Article {number}" + (" sur Kiev" if number % 100 == 7 else "") for number in range(2000)}
    state = ViewState(articles=("a1999",))
    search, pick = filters.Articles().widgets(state, {"articles": titles})
    assert search.kind == "text" and search.value == "" and "2,000 articles" in search.help
    assert len(pick.choices) == filters.ARTICLE_CHOICES + 1 and {"a0", "a299", "a1999"} <= set(pick.choices)
    assert "a300" not in pick.choices and pick.value == ["a1999"]
    assert list(pick.choices) == sorted(pick.choices, key=lambda a: titles[a])  # shown by title
    _, found = filters.Articles().widgets(state, {"articles": titles, filters.ARTICLE_SEARCH: " kiev"})
    assert set(found.choices) == {f"a{n}" for n in range(7, 2000, 100)} | {"a1999"} and "20 whose title" in found.help
    _, by_id = filters.Articles().widgets(state, {"articles": titles, filters.ARTICLE_SEARCH: "A150"})
    assert set(by_id.choices) == {"a150", *(f"a{n}" for n in range(1500, 1510)), "a1999"}  # ids are searched too
    assert filters.Articles().read({"f_articles": ["a7"], "f_article_search": "kiev"}, state, {}) == {"articles": ("a7",)}
    small = filters.Articles().widgets(state, {"articles": {"a1": "One", "a1999": "Two"}})
    assert [widget.key for widget in small] == ["f_articles"]  # a small corpus lists every article, no search


def test_the_sidebar_offers_the_most_commented_articles_first(connection, tmp_path):
    source = tmp_path / "c.csv"
    pd.DataFrame({"comment_id": ["a", "b", "c", "d"], "parent_id": [""] * 4, "article_id": ["x", "y", "y", "z"],
                  "text": ["un", "deux", "trois", "quatre"]}).to_csv(source, index=False)
    ingest_paths(connection, [source])
    assert list(selection.filter_options(connection)["articles"])[0] == "y"


def test_the_header_names_the_articles_and_the_topic_it_knows():
    """The header said "topic 2" and "1 article(s)"; given the store's names it says which."""
    names = {"articles": {"a1": "Poutine et Trump à Budapest", "a2": "x" * 90, "a3": "Other"},
             "topics": {2: "injury death · shop · blm"}, "camps": {0: "against the EU"}}
    assert ViewState(articles=("a1",), topic=2, camp=0).describe(names) == [
        "“Poutine et Trump à Budapest”", "topic 2 (injury death · shop · blm)", "camp 1 (against the EU)"]
    assert ViewState(articles=("a1", "a2")).describe(names) == [f"“Poutine et Trump à Budapest” and “{'x' * 59}…”"]
    assert ViewState(articles=("a1", "a2", "a3")).describe(names) == ["3 article(s)"]
    assert ViewState(articles=("a1",), topic=2).describe() == ["1 article(s)", "topic 2"]  # file names stay short
