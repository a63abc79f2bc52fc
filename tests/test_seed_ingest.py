"""The user's seed page and dated article become one article with its exact five comments."""
from __future__ import annotations

import pytest

from analytics.pipeline.ingest import ingest_paths
from analytics.views.reports import summary
from tests.conftest import SAMPLE_DATED, SAMPLE_PAGE

TITLE = "Poutine : Trump annonce une nouvelle rencontre d'ici deux semaines"
BODY_START = "Donald Trump a annoncé qu’il retrouvera Vladimir Poutine pour un nouveau sommet à Budapest"
BODY_END = "pour mesurer les possibilités d’un apaisement progressif."
NBSP = "\u00a0"
COMMENT_1 = (
    "L’UE est folle de rage parce que c’est Orban accueille la réunion.\n"
    "Un vrai panier de crabes ces eurocrates.\n\n"
    "Une preuve parmie tant d’autres, Boris Johnson impliqué dans un scandale : un pot-de-vin de 1 million "
    "versé par un magnat de l’armement. Moyennant cette modique obole, Bojo a fait pression sur le nain de "
    "Kiev pour faire capoter les négos et pour l’inciter à continuer la guerre.\n\n"
    "Des centaines de milliers de morts sur la conscience de ce porc britiche … s’il en avait une.")
REPLY_1 = ("C’est vrai que Bojo est aussi répugnant physiquement que moralement mais les Allemands et les "
           "Français ne sont pas beaucoup mieux")
REPLY_2 = (
    "Les citoyens de l’UE ne sont pas physiquement impliqués dans la guerre mais l’UE se considère comme "
    "étant en guerre. (Viktor Orban)\n\n"
    "Les eurocrates sont des schizos. Ils croient qu’il sont en guerre alors qu’il ne le sont pas ! Le jour "
    "où il se prendront des missiles et des FAB-3000 sur la tronche, il comprendront ce qu’est VRAIMENT la "
    "guerre et ce qu’endurent les soldats ukros A CAUSE de la maladie mentale de ces bouffons bruxellois")
REPLY_3 = (
    f"«{NBSP}L’UE est folle de rage parce que c’est Orban accueille la réunion.{NBSP}»\n\n"
    f"Je confirme, l’Allemagne vient d’annoncer que la Hongrie avait «{NBSP}l’obligation d’arrêter "
    f"Poutine{NBSP}» en raison de l’arrêt de la CPI pour «{NBSP}enlèvements d’enfants{NBSP}» (accusation "
    "reconnue comme non fondée mais l’acte d’accusation n’a pas été retiré ;-). )\n\n"
    "On touche le fond du ridicule")
COMMENT_2 = (
    "Ca devient intéressant.\n"
    f"Trump veut «{NBSP}rassurer{NBSP}» le nain de Kiev qu’il méprise et parle avec Putin qu’il respecte.\n\n"
    "Pour l’Ukraine, la meilleure solution, c’est :\n"
    "– limoger le nain barbu qui est le principal obstacle à la paix\n"
    "– capitulation de l’Ukraine aux conditions russes (4 oblasts deviennent russes + neutralité du reste "
    "de l’Ukraine)\n\n"
    "Ca évitera beaucoup de morts ukros (le ratio RUS-UKR ets de 1 mort russe pour 20 morts ukros) et ça "
    "permettra à l’Ukraine de garder Odessa.")


def _tree(connection) -> list[tuple]:
    rows = connection.execute("""
        SELECT c.text, c.depth, p.text FROM comments c
        LEFT JOIN comments p ON p.article_id = c.article_id AND p.comment_id = c.parent_id
        ORDER BY c.ordinal""").fetchall()
    return rows


EXPECTED_TREE = [
    (COMMENT_1, 0, None),
    (REPLY_1, 1, COMMENT_1),
    (REPLY_2, 1, COMMENT_1),
    (REPLY_3, 1, COMMENT_1),
    (COMMENT_2, 0, None),
]


@pytest.mark.parametrize("order", [[SAMPLE_PAGE, SAMPLE_DATED], [SAMPLE_DATED, SAMPLE_PAGE]],
                         ids=["page-then-dated", "dated-then-page"])
def test_both_seeds_in_either_order_make_one_article_with_five_comments(connection, order):
    ingest_paths(connection, order)
    articles = connection.execute("SELECT title, published_at, body FROM articles").fetchall()
    assert len(articles) == 1
    title, published_at, body = articles[0]
    assert title == TITLE
    assert published_at.isoformat() == "2025-10-17T00:00:00"
    assert body.startswith(BODY_START) and body.endswith(BODY_END)
    assert "\n\nLes préparatifs avant Budapest\n\n" in body
    assert "réflexions" not in body
    assert _tree(connection) == EXPECTED_TREE
    assert connection.execute("SELECT count(*) FROM validation").fetchone()[0] == 0


def test_both_orders_give_identical_ids(tmp_path):
    from analytics.store import connect

    stores = []
    for name, order in (("a", [SAMPLE_PAGE, SAMPLE_DATED]), ("b", [SAMPLE_DATED, SAMPLE_PAGE])):
        con = connect(tmp_path / name)
        ingest_paths(con, order)
        stores.append(con.execute("SELECT article_id, comment_id, parent_id FROM comments ORDER BY 2").fetchall())
        con.close()
    assert stores[0] == stores[1]


def test_page_alone_has_title_and_comments_but_no_date(connection):
    ingest_paths(connection, [SAMPLE_PAGE])
    assert connection.execute("SELECT title, published_at FROM articles").fetchall() == [(TITLE, None)]
    assert _tree(connection) == EXPECTED_TREE


def test_dated_text_alone_has_date_and_body_but_no_comments(connection):
    ingest_paths(connection, [SAMPLE_DATED])
    (title, published_at, body), = connection.execute("SELECT title, published_at, body FROM articles").fetchall()
    assert title is None and published_at.date().isoformat() == "2025-10-17"
    assert body.startswith(BODY_START)
    assert summary(connection)["comments"] == 0


def test_reingesting_the_seeds_changes_nothing(connection):
    from tests.conftest import snapshot

    ingest_paths(connection, [SAMPLE_PAGE, SAMPLE_DATED])
    before = snapshot(connection)
    outcomes = ingest_paths(connection, [SAMPLE_DATED, SAMPLE_PAGE])
    assert all(outcome.skipped for outcome in outcomes)
    assert snapshot(connection) == before


def test_summary_reports_depths_and_the_article(connection):
    ingest_paths(connection, [SAMPLE_PAGE, SAMPLE_DATED])
    result = summary(connection)
    assert result["articles"] == 1 and result["comments"] == 5
    assert result["max_depth"] == 1
    assert result["depth_histogram"] == {"0": 2, "1": 3}
    assert result["per_article"][0]["title"] == TITLE
    assert result["per_article"][0]["published"] == "2025-10-17"
    assert result["per_article"][0]["comments"] == 5
