"""Plotly figures of the text section (returned as ``fig.to_dict()``)."""

from __future__ import annotations

from typing import Any

import pandas as pd


def languages_figure(counts: dict[str, int]) -> dict[str, Any]:
    import plotly.graph_objects as go

    fig = go.Figure(go.Bar(x=list(counts), y=list(counts.values()), marker_color="#4c78a8"))
    fig.update_layout(title="Texts by language", xaxis_title="language", yaxis_title="texts")
    return dict(fig.to_dict())


def sentiment_by_segment_figure(rows: list[dict[str, Any]], by: str) -> dict[str, Any]:
    import plotly.graph_objects as go

    frame = pd.DataFrame(rows)
    fig = go.Figure()
    if not frame.empty:
        fig.add_trace(
            go.Bar(
                x=frame[by].astype(str),
                y=frame["mean_sentiment"],
                text=[f"n={n}" for n in frame["n"]],
                marker_color=["#e45756" if v < 0 else "#54a24b" for v in frame["mean_sentiment"]],
            )
        )
    fig.update_layout(
        title=f"Mean sentiment by {by}", yaxis_title="sentiment (−1…1)", yaxis_range=[-1, 1]
    )
    return dict(fig.to_dict())


def topics_figure(table: pd.DataFrame) -> dict[str, Any]:
    import plotly.graph_objects as go

    frame = table[table["volume"] > 0].sort_values("volume")
    names = frame["name"].where(frame["name"].notna(), frame["label"]).astype(str)
    sentiment = pd.to_numeric(frame["sentiment"], errors="coerce").fillna(0.0)
    fig = go.Figure(
        go.Bar(
            x=frame["volume"],
            y=[f"{t} {n}" for t, n in zip(frame["topic_id"], names, strict=True)],
            orientation="h",
            marker={"color": sentiment, "colorscale": "RdYlGn", "cmin": -1, "cmax": 1},
        )
    )
    fig.update_layout(
        title="Topics by volume (colour: sentiment)",
        xaxis_title="texts",
        height=max(300, 24 * len(frame)),
    )
    return dict(fig.to_dict())


def emerging_figure(items: list[dict[str, Any]], top: int = 5) -> dict[str, Any]:
    import plotly.graph_objects as go

    fig = go.Figure()
    for item in items[:top]:
        weekly = item.get("weekly") or {}
        fig.add_trace(
            go.Scatter(
                x=list(weekly), y=list(weekly.values()), mode="lines+markers", name=item["item"]
            )
        )
        fig.add_vline(x=item["start_week"], line_dash="dot", line_color="grey")
    fig.update_layout(title="Emerging topics and terms (weekly mentions)", yaxis_title="texts")
    return dict(fig.to_dict())
