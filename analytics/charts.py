"""Pure chart functions: DataFrame in, plotly Figure out."""
from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go


def depth_histogram(depths: pd.DataFrame, title: str = "Comments per reply depth") -> go.Figure:
    """Bar chart of comments per depth (0 = top-level) from a frame with `depth` and `comments`."""
    figure = go.Figure(go.Bar(
        x=depths["depth"], y=depths["comments"], marker_color="#3b6ea5",
        hovertemplate="depth %{x}: %{y} comments<extra></extra>"))
    figure.update_layout(
        title=title, xaxis_title="reply depth (0 = top-level comment)", yaxis_title="comments",
        xaxis={"dtick": 1}, bargap=0.15, margin={"l": 40, "r": 10, "t": 50, "b": 40}, height=340)
    return figure
