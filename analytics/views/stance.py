"""The Stance page's reads of stance toward the article: how the selected top-level comments stand
toward their article's main claim (favour, against, neutral), article by article."""
from __future__ import annotations

import duckdb
import pandas as pd

from analytics.views.selection import run_selected
from analytics.views.state import ViewState

ARTICLE_STANCES = ("favour", "against", "neutral")


def article_stances(connection: duckdb.DuckDBPyConnection, state: ViewState, limit: int = 50) -> pd.DataFrame:
    """Per article (the most commented first): its selected top-level comments judged toward its main
    claim, how many are favour, against and neutral, and the shares of favour and against."""
    return run_selected(connection, state, """
        SELECT f.article_id, coalesce(nullif(trim(a.title), ''), f.article_id) AS article,
               count(*) AS comments, count(*) FILTER (WHERE f.stance = 'favour') AS favour,
               count(*) FILTER (WHERE f.stance = 'against') AS against,
               count(*) FILTER (WHERE f.stance = 'neutral') AS neutral,
               round(avg(CAST(f.stance = 'favour' AS INTEGER)), 3) AS favour_share,
               round(avg(CAST(f.stance = 'against' AS INTEGER)), 3) AS against_share
        FROM comment_facts f JOIN articles a USING (article_id)
        WHERE f.depth = 0 AND list_contains(?, f.stance) AND {where}
        GROUP BY ALL ORDER BY comments DESC, article, f.article_id LIMIT ?""",
                        [limit], before=[list(ARTICLE_STANCES)])
