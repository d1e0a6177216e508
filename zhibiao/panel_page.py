"""A self-contained HTML page of a panel: per canonical indicator and measure, targets against results
across reports (Plotly, with plotly.js inlined once: nothing is fetched when the page is viewed), and
the rows with their source sentences."""

from __future__ import annotations

import html
import json

PAGE_COLUMNS = ("doc_id", "place", "year", "ref_year", "kind", "indicator", "measure", "value", "unit",
                "qualifier", "value_stretch", "sentence")
MARKERS = {"target": "circle-open", "actual": "circle"}
COLORS = {"target": "#1f77b4", "actual": "#d62728"}


def chart_data(rows: list[dict]) -> dict[tuple[str, str, str], dict[str, dict[str, list]]]:
    """{(indicator, measure, base unit): {"target"/"actual": {"x": ref years, "y": values, "text": places}}}:
    values in the base unit put 6070万美元 and 1.2亿美元 on one axis; 元 and 美元 get their own charts."""
    charts: dict[tuple[str, str, str], dict[str, dict[str, list]]] = {}
    for row in sorted(rows, key=lambda r: (r["indicator"], r["measure"], r["ref_year"] or 0, r["place"] or "")):
        if row["value_base"] is None or row["ref_year"] is None:
            continue
        series = charts.setdefault((row["indicator"], row["measure"], row["base_unit"] or ""), {})
        points = series.setdefault(row["kind"], {"x": [], "y": [], "text": []})
        points["x"].append(row["ref_year"])
        points["y"].append(row["value_base"])
        points["text"].append(f"{row['place'] or row['doc_id']} ({row['doc_id']})")
    return charts


def figures(rows: list[dict]) -> list:
    import plotly.graph_objects as go

    found = []
    for (indicator, measure, unit), series in chart_data(rows).items():
        zh = next((r["indicator_zh"] for r in rows if r["indicator"] == indicator), indicator)
        figure = go.Figure()
        for kind in ("target", "actual"):
            if kind in series:
                points = series[kind]
                figure.add_trace(go.Scatter(x=points["x"], y=points["y"], text=points["text"], mode="markers",
                                            name=kind, showlegend=True,
                                            marker={"symbol": MARKERS[kind], "size": 11, "color": COLORS[kind]},
                                            hovertemplate="%{text}<br>%{x}: %{y}<extra>" + kind + "</extra>"))
        figure.update_layout(title=f"{zh} ({indicator}), {measure}", height=320, margin={"t": 50, "b": 40},
                             xaxis={"title": "ref_year", "dtick": 1}, yaxis={"title": unit})
        found.append(figure)
    return found


def page(rows: list[dict], title: str = "zhibiao panel") -> str:
    """The whole page as one HTML string."""
    charts = []
    for position, figure in enumerate(figures(rows)):
        charts.append(figure.to_html(full_html=False, include_plotlyjs=position == 0,
                                     div_id=f"chart-{position}", config={"displayModeBar": False}))
    header = "".join(f"<th>{column}</th>" for column in PAGE_COLUMNS)
    body = "".join(
        "<tr>" + "".join(f"<td>{html.escape(_cell(row.get(column)))}</td>" for column in PAGE_COLUMNS) + "</tr>"
        for row in rows
    )
    style = ("<style>body{font-family:sans-serif;margin:1.5em}.charts{display:grid;"
             "grid-template-columns:repeat(auto-fill,minmax(420px,1fr));gap:8px}table{border-collapse:collapse;"
             "font-size:85%}td,th{border:1px solid #ccc;padding:2px 6px;vertical-align:top}</style>")
    data = json.dumps(rows, ensure_ascii=False, default=str).replace("</", "<\\/")  # no `</script>` inside
    return (f"<!DOCTYPE html><html><head><meta charset='utf-8'><title>{html.escape(title)}</title>{style}</head><body>"
            f"<h1>{html.escape(title)}</h1><p>{len(rows)} rows. Open circles: targets; filled: results.</p>"
            f"<div class='charts'>{''.join(charts)}</div><h2>Rows</h2><table id='rows'><tr>{header}</tr>{body}</table>"
            f"<script type='application/json' id='panel-data'>{data}</script></body></html>")


def _cell(value) -> str:
    return "" if value is None else str(value)
