"""`analyze` never lets one item block the rest: a text longer than spaCy's limit is analysed in
pieces, an item whose analysis raises is skipped and reported while the others (and the corpus-wide
models) go on, a worker process that dies costs only the item that killed it, and a run whose
process died shows as interrupted."""
from __future__ import annotations

import os
import socket
import subprocess
import sys
from datetime import UTC, datetime, timedelta

import pytest

from analytics.cli.main import main
from analytics.corpus.model import Article, Comment, Corpus
from analytics.enrich.stance import model as stance_model
from analytics.enrich.targets import long_texts
from analytics.enrich.targets.model import analyse_targets
from analytics.pipeline import batches
from analytics.pipeline.analyze import analyze
from analytics.pipeline.batch_rows import job_tables
from analytics.pipeline.options import AnalysisOptions
from analytics.store import connect, ingest_corpus
from analytics.store.schema import SCHEMA_VERSION
from analytics.text import tokens
from analytics.views.reports import validation_report

TOPICS = [
    "Le budget de l'État et les impôts des ménages augmentent encore, la dette publique explose.",
    "Les impôts sur le revenu et la dette de l'État pèsent sur le budget des familles.",
    "Le match de football de samedi : le PSG a gagné grâce à un but magnifique de Mbappé.",
    "Quel match de football ! L'équipe a marqué trois buts, les supporters étaient ravis.",
    "La guerre en Ukraine continue, les soldats russes bombardent encore les villes du front.",
    "Les négociations de paix sur l'Ukraine échouent, la guerre et les bombardements continuent.",
]


def long_text(characters: int) -> str:
    """A French text of about that many characters, in paragraphs of a few sentences."""
    sentences = [sentence.rstrip(".") + suffix for sentence in TOPICS for suffix in (".", " !", " ?")]
    paragraphs, size, number = [], 0, 0
    while size < characters:
        paragraph = " ".join(sentences[(number + k) % len(sentences)] for k in range(4))
        paragraphs.append(paragraph)
        size += len(paragraph) + 2
        number += 1
    return "\n\n".join(paragraphs)


def store_corpus(connection, texts: dict[str, str]) -> None:
    """One article and its top-level comments (comment id -> text), as a file's ingest stores them."""
    article = Article("x", native_id="x", title="Le débat du jour", body="Budget, football et guerre : vos avis.",
                      source_file="avis.csv")
    comments = [Comment(comment_id, "x", None, text, source_file="avis.csv", position=f"line {number + 2}")
                for number, (comment_id, text) in enumerate(texts.items())]
    ingest_corpus(connection, Corpus("avis.csv", "csv", [article], comments), "digest")


def rows(connection, sql: str, parameters=()) -> list[tuple]:
    return connection.execute(sql, list(parameters)).fetchall()


def test_pieces_cut_at_paragraphs_and_cover_the_text():
    text = long_text(5_000)
    spans = tokens.pieces(text, 1_000)
    assert len(spans) > 5 and spans[0][0] == 0 and spans[-1][1] == len(text)
    assert all(end == following for (_, end), (following, _) in zip(spans, spans[1:]))
    assert all(0 < end - start <= 1_000 for start, end in spans)
    assert all(text[end:end + 2] == "\n\n" for _, end in spans[:-1])
    assert tokens.pieces("court", 1_000) == [(0, 5)] and tokens.pieces("", 1_000) == [(0, 0)]
    assert tokens.pieces("a" * 2_500, 1_000) == [(0, 1_000), (1_000, 2_000), (2_000, 2_500)]


@pytest.mark.parametrize("mode", ["fast", "accurate"])
def test_a_text_analysed_in_pieces_has_the_sentences_and_tokens_of_the_whole(monkeypatch, mode):
    text = long_text(3_000)
    [whole], whole_split = tokens.analyse([text], "fr", mode), tokens.split_sentences([text], ["fr"])
    monkeypatch.setattr(tokens, "CHUNK_CHARS", 400)
    [cut] = tokens.analyse([text], "fr", mode)
    assert len(tokens.pieces(text)) > 5
    assert [(t.start, t.text) for t in cut.tokens] == [(t.start, t.text) for t in whole.tokens]
    assert all(text[t.start:t.start + len(t.text)] == t.text for t in cut.tokens)
    assert [t.sentence for t in cut.tokens] == sorted(t.sentence for t in cut.tokens)
    assert all(end <= following for (_, end), (following, _) in zip(cut.sentences, cut.sentences[1:]))
    assert tokens.split_sentences([text], ["fr"]) == whole_split
    if mode == "fast":  # rules: the same sentences and lemmas (the accurate model's senter may see one more
        # boundary where a piece ends, at a paragraph's end)
        assert cut.sentences == whole.sentences
        assert [(t.lemma, t.sentence) for t in cut.tokens] == [(t.lemma, t.sentence) for t in whole.tokens]


def test_targets_of_a_long_text_are_joined_from_its_pieces(monkeypatch):
    text = "Poutine ment. " * 20 + "\n\n" + "Les supporters du PSG sont ravis. " * 10 + "\n\n" + "Poutine ment. " * 20
    monkeypatch.setattr(long_texts, "PIECE_CHARS", 300)
    [found] = analyse_targets([text], "fr", mode="fast")
    putin = next(target for target in found if target.name == "Vladimir Putin")
    assert len(putin.mentions) == 40
    assert all(text[m.start:m.end] == "Poutine" for m in putin.mentions)
    assert putin.mentions[-1].start > len(text) - 300


def test_a_comment_over_a_million_characters_is_analysed_beside_the_others(store_dir):
    book = long_text(1_200_000)
    connection = connect(store_dir)
    store_corpus(connection, {"a": TOPICS[0], "book": book, "c": TOPICS[2]})
    connection.close()
    assert main(["analyze", "--store", str(store_dir), "--mode", "fast"]) == 0
    connection = connect(store_dir)
    analysed = dict(rows(connection, "SELECT comment_id, sentiment_label FROM text_analysis WHERE item_kind = 'comment'"))
    assert set(analysed) == {"a", "book", "c"} and analysed["book"] in {"negative", "neutral", "positive"}
    [(count, last_start, last_token)] = rows(connection, """SELECT count(*), max(start_char), arg_max(token, start_char)
                                                             FROM tokens WHERE comment_id = 'book'""")
    assert count > 150_000 and book[last_start:last_start + len(last_token)] == last_token
    assert last_start > len(book) - 10
    for start, token in rows(connection, "SELECT start_char, token FROM tokens WHERE comment_id = 'book' "
                                         "USING SAMPLE 2000 ROWS"):
        assert book[start:start + len(token)] == token
    sentences = rows(connection, "SELECT sentence_index, start_char, end_char FROM sentences "
                                 "WHERE comment_id = 'book' ORDER BY sentence_index")
    assert [number for number, _, _ in sentences] == list(range(len(sentences))) and len(sentences) > 10_000
    assert sentences[-1][2] == len(book) and all(s < e <= following for (_, s, e), (_, following, _)
                                                  in zip(sentences, sentences[1:]))
    assert rows(connection, "SELECT status FROM analysis_runs") == [("finished",)]
    connection.close()


def failing_for(marker: str, real):
    """stance.predict raising for any batch holding a text with marker."""
    def predict(texts, *args, **kwargs):
        if any(marker in text for text in texts):
            raise ValueError(f"cannot read a text with {marker}")
        return real(texts, *args, **kwargs)
    return predict


def test_an_item_whose_analysis_raises_is_reported_and_the_rest_analysed(connection, monkeypatch):
    texts = {f"c{number:02d}": f"{TOPICS[number % len(TOPICS)]} Avis numéro {number}." for number in range(30)}
    texts["c07"] = "Ce commentaire EXPLOSE l'analyse, hélas."
    store_corpus(connection, texts)
    monkeypatch.setattr(stance_model, "predict", failing_for("EXPLOSE", stance_model.predict))
    result = analyze(connection, AnalysisOptions(mode="fast", workers=1))
    assert (result.articles, result.comments, result.failed) == (1, 29, 1)
    assert any("1 item(s) could not be analysed" in note for note in result.notes)
    analysed = {comment_id for (comment_id,) in rows(connection, "SELECT comment_id FROM text_analysis "
                                                                  "WHERE item_kind = 'comment'")}
    assert analysed == set(texts) - {"c07"}
    assert rows(connection, "SELECT count(*) FROM tokens WHERE comment_id = 'c07'") == [(0,)]
    report = validation_report(connection)
    [entry] = report[report["kind"] == "analysis_failed"].to_dict("records")
    assert entry["location"] == "comment c07 of article x" and entry["source_file"] == "avis.csv"
    assert "ValueError: cannot read a text with EXPLOSE" in entry["message"] and entry["severity"] == "error"
    assert result.topics and rows(connection, "SELECT count(*) FROM topics") == [(result.topics,)]
    assert rows(connection, "SELECT count(*) FROM comment_facts WHERE sentiment_label IS NOT NULL") == [(29,)]
    assert rows(connection, "SELECT status, items FROM analysis_runs") == [("finished", 30)]

    again = analyze(connection, AnalysisOptions(mode="fast", workers=1))  # tried again, reported once
    assert (again.comments, again.failed) == (0, 1)
    assert rows(connection, "SELECT count(*) FROM validation WHERE kind = 'analysis_failed'") == [(1,)]
    monkeypatch.undo()
    assert analyze(connection, AnalysisOptions(mode="fast", workers=1)).comments == 1
    assert rows(connection, "SELECT count(*) FROM validation WHERE kind = 'analysis_failed'") == [(0,)]


def dying_job_tables(job, context, article_texts):
    """job_tables in a worker process that dies outright on a text with KILL."""
    if any("KILL" in (item.text or "") for item in job.batch):
        os._exit(3)
    return job_tables(job, context, article_texts)


def test_a_worker_that_dies_costs_only_the_item_that_killed_it(connection, monkeypatch):
    texts = {f"c{number}": TOPICS[number] for number in range(6)}
    texts["c3"] = "Ce commentaire KILL le processus."
    store_corpus(connection, texts)
    monkeypatch.setattr(batches, "job_tables", dying_job_tables)
    result = analyze(connection, AnalysisOptions(mode="fast", workers=2, batch_size=2))
    assert (result.comments, result.failed) == (5, 1)
    analysed = {comment_id for (comment_id,) in rows(connection, "SELECT comment_id FROM text_analysis "
                                                                  "WHERE item_kind = 'comment'")}
    assert analysed == set(texts) - {"c3"}
    [(location, message)] = rows(connection, "SELECT location, message FROM validation WHERE kind = 'analysis_failed'")
    assert location == "comment c3 of article x" and "BrokenProcessPool" in message


def dead_pid() -> int:
    """The pid of a process that has ended."""
    process = subprocess.Popen([sys.executable, "-c", "pass"])
    process.wait()
    return process.pid


def add_run(connection, run_id: int, pid: int | None, started_at: datetime, host: str | None = None) -> None:
    connection.execute("""INSERT INTO analysis_runs (run_id, started_at, mode, items, status, pid, host)
                          VALUES (?, ?, 'fast', 0, 'running', ?, ?)""",
                       [run_id, started_at.replace(tzinfo=None), pid, host or socket.gethostname()])


def test_a_run_whose_process_died_shows_as_interrupted_after_the_next_analyze(connection):
    store_corpus(connection, {"a": TOPICS[0]})
    now = datetime.now(UTC)
    add_run(connection, 1, dead_pid(), now)
    add_run(connection, 2, os.getpid(), now)  # this process: alive, started before the run
    add_run(connection, 3, os.getpid(), now - timedelta(days=400))  # the pid is reused by a later process
    add_run(connection, 4, None, now)  # recorded before runs had a pid
    add_run(connection, 5, 1, now, host="another-host")  # cannot be seen from here
    run = analyze(connection, AnalysisOptions(mode="fast", workers=1)).run_id
    statuses = dict(rows(connection, "SELECT run_id, status FROM analysis_runs"))
    assert statuses == {1: "interrupted", 2: "running", 3: "interrupted", 4: "interrupted", 5: "running",
                        run: "finished"}
    [(pid, host)] = rows(connection, "SELECT pid, host FROM analysis_runs WHERE run_id = ?", [run])
    assert (pid, host) == (os.getpid(), socket.gethostname())


def test_opening_the_store_marks_dead_runs_and_upgrades_a_version_4_store(store_dir):
    connection = connect(store_dir)
    connection.execute("ALTER TABLE analysis_runs DROP COLUMN pid")
    connection.execute("ALTER TABLE analysis_runs DROP COLUMN host")
    connection.execute("UPDATE meta SET value = '4' WHERE key = 'schema_version'")
    connection.execute("INSERT INTO analysis_runs (run_id, started_at, mode, items, status) "
                       "VALUES (1, now(), 'fast', 0, 'running')")
    connection.close()
    connection = connect(store_dir)
    assert rows(connection, "SELECT value FROM meta WHERE key = 'schema_version'") == [(str(SCHEMA_VERSION),)]
    assert rows(connection, "SELECT run_id, status, pid FROM analysis_runs") == [(1, "interrupted", None)]
    add_run(connection, 2, dead_pid(), datetime.now(UTC))
    connection.close()
    connection = connect(store_dir)
    assert rows(connection, "SELECT status FROM analysis_runs WHERE run_id = 2") == [("interrupted",)]
    connection.close()


def test_the_corpus_page_shows_a_dead_run_as_interrupted_before_any_writer_marks_it(tmp_path):
    """A reader (the dashboard) never writes: it shows a run whose process is gone as interrupted."""
    from analytics.store import close_store, connect, open_reader
    from analytics.views.reports import analysis_runs

    connection = connect(tmp_path / "store")
    connection.execute("INSERT INTO analysis_runs (run_id, started_at, status, pid, host) "
                       "VALUES (7, now(), 'running', 2147483646, ?)", [__import__("socket").gethostname()])
    close_store(connection)
    reader = open_reader(tmp_path / "store")
    try:
        assert analysis_runs(reader).set_index("run_id").loc[7, "status"] == "interrupted"
        assert reader.execute("SELECT status FROM analysis_runs").fetchone()[0] == "running"  # nothing written
    finally:
        reader.close()
