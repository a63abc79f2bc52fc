"""What makes `analyze` start quickly keeps working: the fork server's warm-up analyses its texts
without a failure, workers start from it, and a small corpus is analysed in this process alone."""
from __future__ import annotations

import multiprocessing
import os

from analytics.pipeline import analyze as analyze_module
from analytics.pipeline.processes import worker_start


def test_the_warm_up_analyses_its_texts_without_a_failure():
    from analytics.pipeline import warm

    assert warm.warm() is True


def test_workers_start_from_a_fork_server_that_loaded_everything():
    context = worker_start()
    if "forkserver" in multiprocessing.get_all_start_methods():
        assert context.get_start_method() == "forkserver"
        from multiprocessing import forkserver

        assert "analytics.pipeline.warm" in forkserver._forkserver._preload_modules
    else:
        assert context.get_start_method() == "spawn"


def test_a_small_corpus_is_analysed_without_worker_processes(connection, monkeypatch):
    """Below SMALL_CORPUS pending items the default is this process alone (no pool is made)."""
    from analytics.pipeline import batches
    from analytics.pipeline.ingest import ingest_paths
    from analytics.pipeline.options import AnalysisOptions
    from tests.conftest import SAMPLE

    ingest_paths(connection, [SAMPLE])

    def no_pool(*args, **kwargs):
        raise AssertionError("a worker pool was started for six items")
    monkeypatch.setattr(batches.Workers, "submit", no_pool)
    assert analyze_module.SMALL_CORPUS > 6
    assert analyze_module.analyze(connection, AnalysisOptions(mode="fast")).comments == 5


def test_the_language_identifier_reads_an_uncompressed_copy_and_answers_as_py3langid(tmp_path, monkeypatch):
    from py3langid.langid import MODEL_FILE, LanguageIdentifier

    from analytics.text import language

    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    language._identifier.cache_clear()
    older, newer = tmp_path / "palabre" / "langid-1-1.npz", tmp_path / "palabre" / "langid-1-2.npz"
    older.parent.mkdir()
    for age, stale in enumerate((older, newer)):  # copies of earlier installs of py3langid
        stale.write_bytes(b"old")
        os.utime(stale, (1_000_000 + age, 1_000_000 + age))
    try:
        ours = language._identifier()
        assert len(list((tmp_path / "palabre").glob("langid-*.npz"))) == 2, "the copy was not written"
        assert newer.exists() and not older.exists(), "only the newest earlier copy is kept"
        theirs = LanguageIdentifier.from_model_file(MODEL_FILE, norm_probs=True)
        theirs.set_languages(language.CANDIDATES)
        for text in ("Les eurocrates nous méprisent, dit-il.", "Boris Johnson is a clown, they say.",
                     "Die Regierung hat heute entschieden.", "Nul."):
            assert ours.classify(text) == theirs.classify(text)
        newer.unlink()
        (next((tmp_path / "palabre").glob("langid-*.npz"))).write_bytes(b"not a model")
        language._identifier.cache_clear()
        assert language._identifier().classify("Bonjour à tous") == theirs.classify("Bonjour à tous")
        assert not list((tmp_path / "palabre").glob("langid-*.npz")), "an unreadable copy is removed"
    finally:
        language._identifier.cache_clear()


def test_analyze_imports_neither_pandas_nor_plotly_before_its_first_batch():
    """pandas alone took 0.3 s of start-up; it is imported by the steps that build frames."""
    import subprocess
    import sys

    code = ("import sys, analytics.cli.main, analytics.pipeline.analyze, analytics.pipeline.batch_rows; "
            "print(sorted(m for m in ('pandas', 'plotly') if m in sys.modules))")
    assert subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout.strip() == "[]"


def test_a_new_cache_copy_keeps_one_earlier_copy_of_its_kind_and_nothing_else_is_touched(tmp_path):
    from analytics.paths import prune_cache_copies

    names = ("lookup-words-1.0-fr.txt", "lookup-words-1.1-fr.txt", "lookup-words-1.2-fr.txt", "regex-x.json")
    for age, name in enumerate(names):
        (tmp_path / name).write_text("x")
        os.utime(tmp_path / name, (1_000_000 + age, 1_000_000 + age))
    written = tmp_path / "lookup-words-1.3-fr.txt"
    written.write_text("new")
    prune_cache_copies(written, "lookup-words-*.txt")
    assert sorted(path.name for path in tmp_path.iterdir()) == [
        "lookup-words-1.2-fr.txt", "lookup-words-1.3-fr.txt", "regex-x.json"]


def test_the_lexicons_are_read_from_the_cache_as_built_and_rebuilt_when_an_input_changes(tmp_path, monkeypatch):
    """load_lexicons keeps its build (0.8 s of every start) in the per-user cache; the cached lexicons
    equal the built ones, an edited additions file gives a new build, and a damaged file is rebuilt."""
    from analytics.text import lexicon

    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    additions = tmp_path / "additions.csv"
    additions.write_bytes(lexicon.COMMENT_SECTION_LEXICON.read_bytes())
    fields = ("valence", "kind", "conjugated", "max_phrase", "phrase_starts")

    def loaded() -> dict:
        lexicon.load_lexicons.cache_clear()
        try:
            return lexicon.load_lexicons(additions)
        finally:
            lexicon.load_lexicons.cache_clear()

    built = lexicon.built_lexicons(additions)
    first = loaded()
    cached = list((tmp_path / "palabre").glob("lexicons-*.json"))
    assert len(cached) == 1, "the build was not stored"
    second = loaded()
    for lang in ("fr", "en"):
        for name in fields:
            assert getattr(first[lang], name) == getattr(built[lang], name) == getattr(second[lang], name), (lang, name)
    assert second["fr"].lookup("tuerai") == built["fr"].lookup("tuerai")

    with additions.open("a", encoding="utf-8") as handle:
        handle.write("zorglubesque,fr,-2.5,insult\n")
    assert loaded()["fr"].valence.get("zorglubesque") == -2.5, "an edited additions file was not read"
    assert len(list((tmp_path / "palabre").glob("lexicons-*.json"))) == 2

    for path in (tmp_path / "palabre").glob("lexicons-*.json"):
        path.write_text('{"fr": {"valence": []}}', encoding="utf-8")
    assert loaded()["fr"].valence.get("zorglubesque") == -2.5, "a damaged cache file was not rebuilt"
