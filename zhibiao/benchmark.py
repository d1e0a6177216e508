"""Speed and memory of extraction beside the blank tokenizer and the rule pre-annotator.

Characters per second over the same cleaned reports, best of `repeat` runs, so the numbers say how
much the trained pipeline and the linker cost over merely splitting the text into characters.
"""

from __future__ import annotations

import os
import platform
import resource
import time
import tracemalloc
from pathlib import Path
from typing import Callable

from .sentences import split_offsets


def load_reports(docs: Path | None = None, raw: list[Path] | None = None) -> tuple[list[dict], list[str]]:
    """Cleaned reports from a `docs.jsonl`, or cleaned here from raw files; and the errors of those that failed.
    A docs.jsonl line that is not a cleaned report raises CorpusError (file:line)."""
    from .preprocess import DOC_FIELDS, preprocess, read_corpus_file

    if docs is not None and Path(docs).exists():
        return read_corpus_file(Path(docs), DOC_FIELDS), []

    result = preprocess(list(raw or []))
    return result.docs, result.errors


def directory_size(path: Path) -> int:
    path = Path(path)
    if path.is_file():
        return path.stat().st_size
    return sum(p.stat().st_size for p in path.rglob("*") if p.is_file())


def clear_text_caches() -> None:
    """Forget what the rules cached by text: a sentence's numbers, a text's and a clause's words, the HMM's reading of
    an unknown run. A report the pipeline reads for the first time has none of them (a warm cache would time the
    same text read again)."""
    from .boundaries import _clause_words, tagged
    from .dictionary_words import _hmm_run
    from .quantities import find_values

    for cache in (tagged, _clause_words, _hmm_run, find_values):
        cache.cache_clear()


def best_time(run: Callable[[], object], repeat: int) -> float:
    """The fastest of `repeat` runs, each from cold text caches (clear_text_caches)."""
    times = []
    for _ in range(max(1, repeat)):
        clear_text_caches()
        started = time.perf_counter()
        run()
        times.append(time.perf_counter() - started)
    return min(times)


def _row(name: str, seconds: float, chars: int, note: str = "") -> dict:
    return {"name": name, "seconds": round(seconds, 4), "chars_per_second": round(chars / seconds) if seconds else None,
            "note": note}


def _max_rss_mb(who: int) -> float:
    # Linux reports kilobytes, macOS bytes.
    scale = 1 if platform.system() == "Darwin" else 1024
    return round(resource.getrusage(who).ru_maxrss * scale / 2**20, 1)


def run_benchmark(reports: list[dict], model: str, patterns: Path, repeat: int = 3, n_process: int = 2) -> dict:
    import spacy

    from .extraction import extract_reports, model_location, with_linker
    from .ruler import rules_pipeline

    location = model_location(model)
    sentences = [report["text"][s:e] for report in reports for s, e in split_offsets(report["text"])]
    chars = sum(len(report["text"]) for report in reports)

    started = time.perf_counter()
    nlp = with_linker(spacy.load(location))
    load_seconds = time.perf_counter() - started

    blank = spacy.blank("zh")
    rule_nlp = rules_pipeline(patterns, linker=False)

    rows = [
        _row("blank zh tokenizer", best_time(lambda: [blank.make_doc(s) for s in sentences], repeat), chars),
        _row("rule pre-annotator (zhibiao_rules)", best_time(lambda: list(rule_nlp.pipe(sentences)), repeat), chars),
        _row("extract (pipeline + linker + records), 1 process",
             best_time(lambda: list(extract_reports(reports, nlp)), repeat), chars),
        _row(f"extract, n_process={n_process}",
             best_time(lambda: list(extract_reports(reports, nlp, n_process=n_process)), repeat), chars,
             "includes starting the worker processes (spaCy's nlp.pipe)"),
    ]

    # A separate, untimed pass: tracemalloc slows Python down.
    tracemalloc.start()
    list(extract_reports(reports, nlp))
    _, traced_peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()

    return {
        "reports": [report["doc_id"] for report in reports],
        "characters": chars,
        "sentences": len(sentences),
        "model": location,
        "pipeline": nlp.pipe_names,
        "pipeline_size_bytes": directory_size(Path(location)) if Path(location).exists() else None,
        "load_seconds": round(load_seconds, 3),
        "repeat": repeat,
        "runs": rows,
        "memory": {
            "max_rss_mb_main_process": _max_rss_mb(resource.RUSAGE_SELF),
            "max_rss_mb_largest_worker": _max_rss_mb(resource.RUSAGE_CHILDREN),
            "tracemalloc_peak_mb_extract_1_process": round(traced_peak / 2**20, 1),
        },
        "machine": {"python": platform.python_version(), "cpus": os.cpu_count(), "platform": platform.platform()},
    }


def markdown(result: dict) -> str:
    lines = ["| run | seconds | characters/s |", "|---|---|---|"]
    for row in result["runs"]:
        lines.append(f"| {row['name']} | {row['seconds']:.3f} | {row['chars_per_second']:,} |")
    memory = result["memory"]
    size = result["pipeline_size_bytes"]
    size_text = f"{size / 2**20:.1f} MB on disk" if size else "installed package"
    lines += [
        "",
        f"{result['characters']:,} characters in {len(result['reports'])} reports ({result['sentences']} sentences); "
        f"best of {result['repeat']} runs; pipeline {result['pipeline']} ({size_text}, loads in "
        f"{result['load_seconds']:.2f} s).",
        f"Peak memory: main process {memory['max_rss_mb_main_process']} MB RSS, largest worker "
        f"{memory['max_rss_mb_largest_worker']} MB RSS, Python allocations during extract "
        f"{memory['tracemalloc_peak_mb_extract_1_process']} MB (tracemalloc).",
    ]
    return "\n".join(lines) + "\n"
