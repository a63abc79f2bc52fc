"""Embeddings kept beside the store: a rerun reads the vectors a run encoded (exactly the same
numbers), never another engine's, and the worker processes' shards merge into one."""
from __future__ import annotations

import numpy as np

from analytics.enrich import embedding_store, embeddings
from analytics.enrich.embedding_store import VectorStore
from tests.test_embeddings import counting_encoder

MODEL = {"model": "test", "dimensions": 3}


def rows(*values: float) -> np.ndarray:
    return np.array([[value, value / 3, -value] for value in values], dtype=np.float32)


def test_vectors_written_by_one_process_are_read_by_the_next_exactly(tmp_path):
    written = VectorStore(tmp_path / "embeddings", MODEL)
    written.add(["un", "deux"], rows(0.123456789, 2.5))
    assert written.get(["un"])["un"].tolist() == rows(0.123456789)[0].tolist()  # before any flush
    written.flush()
    read = VectorStore(tmp_path / "embeddings", MODEL)
    found = read.get(["un", "deux", "trois"])
    assert sorted(found) == ["deux", "un"]
    assert found["un"].dtype == np.float32 and found["un"].tolist() == rows(0.123456789)[0].tolist()
    assert not list((tmp_path / "embeddings").glob("*.partial"))


def test_another_engines_vectors_are_never_read(tmp_path):
    old = VectorStore(tmp_path / "embeddings", MODEL)
    old.add(["un"], rows(1.0))
    old.flush()
    other = VectorStore(tmp_path / "embeddings", {**MODEL, "model": "other"})
    assert other.get(["un"]) == {}
    assert not list((tmp_path / "embeddings").glob("*.npy"))  # emptied: they can never be read again
    other.add(["un"], rows(5.0))
    other.flush()
    assert VectorStore(tmp_path / "embeddings", {**MODEL, "model": "other"}).get(["un"])["un"][0] == 5.0
    assert VectorStore(tmp_path / "embeddings", MODEL).get(["un"]) == {}


def test_a_digest_ending_in_zero_bytes_is_found_again(tmp_path, monkeypatch):
    """numpy's bytes type drops trailing zero bytes: keys are stored as uint8 rows."""
    monkeypatch.setattr(embedding_store, "key", lambda text: text.encode().ljust(16, b"\x00"))
    written = VectorStore(tmp_path / "embeddings", MODEL)
    written.add(["a", "b"], rows(1.0, 2.0))
    written.flush()
    embedding_store.compact(tmp_path / "embeddings")
    assert sorted(VectorStore(tmp_path / "embeddings", MODEL).get(["a", "b"])) == ["a", "b"]


def test_shards_of_several_processes_merge_into_one_with_each_text_once(tmp_path):
    folder = tmp_path / "embeddings"
    for texts, values in ((["a", "b"], (1.0, 2.0)), (["b", "c"], (2.0, 3.0)), (["d"], (4.0,))):
        shard = VectorStore(folder, MODEL)
        shard.add(texts, rows(*values))
        shard.flush()
    assert len(list(folder.glob("*.keys.npy"))) == 3
    assert embedding_store.compact(folder) == 4
    assert len(list(folder.glob("*.keys.npy"))) == 1 and len(list(folder.glob("*.vectors.npy"))) == 1
    found = VectorStore(folder, MODEL).get(["a", "b", "c", "d"])
    assert {text: vector[0] for text, vector in found.items()} == {"a": 1.0, "b": 2.0, "c": 3.0, "d": 4.0}
    assert embedding_store.compact(folder) == 4 and embedding_store.compact(tmp_path / "none") == 0


def test_embed_encodes_only_what_no_run_has_stored(tmp_path, monkeypatch):
    encoded = []
    monkeypatch.setattr(embeddings, "encode", counting_encoder(encoded))
    embeddings.forget()
    embeddings.use_store(str(tmp_path / "embeddings"))
    try:
        embeddings.embed(["un", "deux"])
        embeddings.flush()
        embeddings.forget()  # a new process: nothing in memory
        again = embeddings.embed(["deux", "trois", "un"])
    finally:
        embeddings.use_store(None)
        embeddings.forget()
    assert encoded == ["un", "deux", "trois"]
    assert again[:, 0].tolist() == [4.0, 5.0, 2.0]


def test_an_accurate_rerun_encodes_nothing_and_gives_the_same_results(tmp_path, monkeypatch):
    from analytics.modes import Mode
    from analytics.pipeline.analyze import analyze
    from analytics.pipeline.ingest import ingest_paths
    from analytics.pipeline.options import AnalysisOptions
    from analytics.store import connect
    from tests.conftest import SAMPLE

    connection = connect(tmp_path / "store")
    ingest_paths(connection, [SAMPLE])
    embeddings.forget()
    analyze(connection, AnalysisOptions(mode=Mode.ACCURATE))
    first = connection.execute("SELECT comment_id, sentiment_label, sentiment_score FROM text_analysis "
                               "ORDER BY item_kind, article_id, comment_id").fetchall()
    assert list((tmp_path / "store" / "embeddings").glob("*.keys.npy"))
    encoded = []
    real = embeddings.encode
    monkeypatch.setattr(embeddings, "encode", lambda texts: encoded.extend(texts) or real(texts))
    embeddings.forget()  # as a new process
    analyze(connection, AnalysisOptions(mode=Mode.ACCURATE, redo=True))
    again = connection.execute("SELECT comment_id, sentiment_label, sentiment_score FROM text_analysis "
                               "ORDER BY item_kind, article_id, comment_id").fetchall()
    connection.close()
    embeddings.use_store(None)
    assert encoded == [] and again == first


def test_worker_processes_keep_their_vectors_for_the_next_run(tmp_path, monkeypatch):
    """With worker processes each writes shards of its own; the run merges them into one, and the
    next run, in this process, encodes nothing."""
    from analytics.modes import Mode
    from analytics.pipeline.analyze import analyze
    from analytics.pipeline.ingest import ingest_paths
    from analytics.pipeline.options import AnalysisOptions
    from analytics.store import connect
    from tests.conftest import SAMPLE

    connection = connect(tmp_path / "store")
    ingest_paths(connection, [SAMPLE])
    result = analyze(connection, AnalysisOptions(mode=Mode.ACCURATE, workers=2))
    assert result.workers == 2
    folder = tmp_path / "store" / "embeddings"
    assert len(list(folder.glob("*.keys.npy"))) == 1 and not list(folder.glob("*.partial"))
    encoded = []
    real = embeddings.encode
    monkeypatch.setattr(embeddings, "encode", lambda texts: encoded.extend(texts) or real(texts))
    embeddings.forget()
    analyze(connection, AnalysisOptions(mode=Mode.ACCURATE, redo=True, workers=1))
    connection.close()
    embeddings.use_store(None)
    assert encoded == []
