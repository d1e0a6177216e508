"""The evaluation report of a trained pipeline: scores beside the rule baseline, errors, displacy page."""

from __future__ import annotations

import html
from pathlib import Path

from .evaluate import evaluate_records, group_errors, markdown_table, model_predictor, rule_predictor
from .labels import SPAN_LABELS


def compare(gold_records: list[dict], nlp, patterns) -> dict:
    """Model and rule baseline scored on the same sentences, with the model's errors and predictions."""
    model = evaluate_records(gold_records, model_predictor(nlp))
    rules = evaluate_records(gold_records, rule_predictor(patterns))
    return {"model": model["scores"], "rules": rules["scores"], "errors": model["errors"], "predicted": model["predicted"]}


def delta_table(model: dict, rules: dict) -> str:
    lines = ["| label | model F1 | rules F1 | model − rules |", "|---|---|---|---|"]
    for label in [*model["exact"]["per_label"], "micro"]:
        m = model["exact"]["micro" if label == "micro" else "per_label"]
        r = rules["exact"]["micro" if label == "micro" else "per_label"]
        mf = (m if label == "micro" else m[label])["f"]
        rf = (r if label == "micro" else r[label])["f"]
        lines.append(f"| {label} | {mf:.3f} | {rf:.3f} | {mf - rf:+.3f} |")
    return "\n".join(lines) + "\n"


def error_markdown(errors: list[dict], limit_per_group: int = 15) -> str:
    lines = []
    for label, by_type in group_errors(errors).items():
        lines.append(f"### {label}")
        for kind, rows in sorted(by_type.items()):
            lines.append(f"- **{kind}** ({len(rows)})")
            for row in rows[:limit_per_group]:
                near = row["nearest_gold"]
                gold = f" — gold: {near['label']} `{near['span']}`" if near and row["side"] == "fp" else ""
                lines.append(f"  - `{row['span']}`{gold} — {row['doc_id']}#{row['sent_id']}: {row['sentence'][:80]}")
            if len(rows) > limit_per_group:
                lines.append(f"  - … {len(rows) - limit_per_group} more in metrics.json")
    return "\n".join(lines) + "\n"


def render_markdown(result: dict, title: str) -> str:
    parts = [
        f"# {title}",
        "",
        markdown_table(result["model"], "Model (exact match; overlap in its own column)"),
        markdown_table(result["rules"], "Rule baseline on the same sentences"),
        "### Model against rules (exact-match F1)",
        "",
        delta_table(result["model"], result["rules"]),
        "## Errors of the model, by label and type",
        "",
        error_markdown(result["errors"]),
    ]
    return "\n".join(parts)


def displacy_page(gold_records: list[dict], predictions: list[list]) -> str:
    """Each sentence twice, gold above prediction; sentences with a mismatch are marked."""
    from spacy import displacy

    colors = {label.name: label.color for label in SPAN_LABELS}
    blocks = []
    mismatches = 0
    for record, predicted in zip(gold_records, predictions, strict=True):
        predicted = sorted(predicted)
        gold = sorted((e["start_offset"], e["end_offset"], e["label"]) for e in record["entities"])
        differs = predicted != gold
        mismatches += differs

        def render(spans, name):
            data = {"text": record["text"], "ents": [{"start": s, "end": e, "label": label} for s, e, label in spans],
                    "title": name}
            return displacy.render(data, style="ent", manual=True, page=False, options={"colors": colors})

        mark = "❌ mismatch" if differs else "✔ same"
        blocks.append(
            f'<section class="{"mismatch" if differs else "match"}"><h3>{html.escape(record["doc_id"])}'
            f'#{record["sent_id"]} — {mark}</h3>{render(gold, "gold")}{render(predicted, "prediction")}</section>'
        )
    style = "<style>section{border-bottom:1px solid #ccc;padding:6px}.mismatch h3{color:#c0392b}</style>"
    head = f"<h1>Gold (upper) and prediction (lower): {mismatches} of {len(gold_records)} sentences differ</h1>"
    return f"<!DOCTYPE html><html><head><meta charset='utf-8'>{style}</head><body>{head}{''.join(blocks)}</body></html>"


def write_report(result: dict, gold_records: list[dict], out_dir: Path, title: str) -> None:
    import srsly

    out_dir.mkdir(parents=True, exist_ok=True)
    srsly.write_json(out_dir / "metrics.json", {
        "model": result["model"], "rules": result["rules"], "errors": group_errors(result["errors"]),
    })
    (out_dir / "report.md").write_text(render_markdown(result, title), encoding="utf-8")
    (out_dir / "errors.html").write_text(displacy_page(gold_records, result["predicted"]), encoding="utf-8")
