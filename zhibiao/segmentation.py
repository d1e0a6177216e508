"""Word segmentation for the pkuseg variant of the NER pipeline (configs/ner_pkuseg.cfg, docs/pkuseg.md).

spacy-pkuseg ships no model and the project downloads none, so it trains its own from the gold of
the TRAINING reports only (never dev or test: that would leak the evaluation text into the tokenizer).
There is no word-segmented corpus, so the segmentation is derived, deterministically:

* every gold span is one word, so VALUE and UNIT are separate words (`6` `%`, `1300` `亿元`);
* the text between spans is cut by `gap_words`: whitespace separates, a run of digits or latin
  letters (with decimals: `4.0`, `2025`) is one word, a word of the lexicon is one word (forward
  maximum matching; "lexicon" mode) and every other character is a word by itself.

The lexicon (`build_lexicon`) is the gold span surfaces of the training reports with two or more
characters and no digit or latin letter (`地区生产总值`, `亿元`, `华能金坛储能二期项目`): it makes the
segmentation consistent, `地区生产总值` is one word in every sentence, not only where the annotation
rules made it an INDICATOR. "char" mode leaves the gaps as single characters.

pkuseg's CRF cannot split `1100万人次` or `6亿元` by itself: its features replace every character of
`0-9 . 十 千 万 亿 …` by one class, so it sees a run of five identical "numbers" and has no evidence
where the VALUE ends. The user dictionary (`build_user_dict`) closes that gap: the training UNITs
that start with such a character (`万人次`, `亿元`) and those characters alone (`万`, `亿`) are forced
words, cut out by pkuseg's pre-processor before the CRF runs. The CRF's training lines are cut the
same way (`crf_fragments`), so the CRF learns exactly the text it will see.

Imports are absolute: `spacy train --code zhibiao/segmentation.py` loads this file as a loose module.

pkuseg's post-processor (on whenever spaCy passes any user dictionary) re-joins adjacent words that
form a word of its bundled 390k-word general dictionary (`55%`, `0.4亿`): it would glue VALUE and
UNIT back together, so the registered `zhibiao.pkuseg_no_postprocess.v1` callback switches it off.

Pure functions build the lines; `write_training_data` and `train_model` do the I/O.
"""

from __future__ import annotations

import contextlib
import io
import re
from collections import Counter
from pathlib import Path
from typing import Any, Callable, Iterable, NamedTuple, Sequence

from spacy.language import Language
from spacy.util import registry

from zhibiao.annotations import spans

GAP_MODES = ("lexicon", "char")
USER_DICT_FILE = "user_dict.txt"
# The characters pkuseg's features map to one "number" class (spacy_pkuseg FeatureExtractor.num).
PKUSEG_NUM_CHARS = frozenset("0123456789." "几二三四五六七八九十千万亿兆零" "１２３４５６７８９０％")
# A run of ASCII or full-width digits and letters, with decimal parts (`4.0`, `６．５`).
_ALNUM = r"[0-9A-Za-z\uFF10-\uFF19\uFF21-\uFF3A\uFF41-\uFF5A]"
_DIGIT = r"[0-9\uFF10-\uFF19]"
ALNUM_RUN = re.compile(rf"{_ALNUM}+(?:[.．]{_DIGIT}+)*")
SPACE_RUN = re.compile(r"\s+")
HAS_ALNUM = re.compile(_ALNUM)


# ---------------------------------------------------------------- gold → words

def gap_words(text: str, lexicon: frozenset[str] = frozenset(), max_len: int | None = None) -> list[str]:
    """Words of text outside gold spans; their concatenation is `text` (whitespace runs are words too).

    At each position, in this order: a whitespace run, a digit/latin run, the longest lexicon word
    starting there (forward maximum matching), else the single character.
    """
    if max_len is None:
        max_len = max(map(len, lexicon), default=0)
    words: list[str] = []
    i = 0
    while i < len(text):
        match = SPACE_RUN.match(text, i) or ALNUM_RUN.match(text, i)
        if match:
            words.append(match.group())
            i = match.end()
            continue
        for length in range(min(max_len, len(text) - i), 1, -1):
            if text[i:i + length] in lexicon:
                words.append(text[i:i + length])
                i += length
                break
        else:
            words.append(text[i])
            i += 1
    return words


def record_words(record: dict, lexicon: frozenset[str] = frozenset()) -> list[str]:
    """Words of one gold sentence: each gold span one word (cut only at whitespace inside it), gaps by `gap_words`.

    `"".join(record_words(r)) == r["text"]` always, and no word crosses a span edge.
    """
    text = record["text"]
    max_len = max(map(len, lexicon), default=0)
    words: list[str] = []
    cursor = 0
    for start, end, _label in spans(record):
        if start < cursor:
            raise ValueError(f"{record.get('doc_id')}#{record.get('sent_id')}: overlapping spans at {start}")
        words.extend(gap_words(text[cursor:start], lexicon, max_len))
        words.extend(w for w in re.split(r"(\s+)", text[start:end]) if w)
        cursor = end
    words.extend(gap_words(text[cursor:], lexicon, max_len))
    return words


def training_line(words: Sequence[str]) -> str:
    """One pkuseg training line: the words separated by single spaces, whitespace words dropped."""
    return " ".join(w for w in words if w and not w.isspace())


def _surfaces(records: Iterable[dict], labels: set[str] | None = None) -> Counter:
    return Counter(
        record["text"][start:end]
        for record in records
        for start, end, label in spans(record)
        if labels is None or label in labels
    )


def build_lexicon(records: Iterable[dict], min_count: int = 1) -> frozenset[str]:
    """Gold span surfaces (any label) seen at least min_count times, 2+ characters, no digit, letter or space."""
    return frozenset(
        word for word, n in _surfaces(records).items()
        if n >= min_count and len(word) >= 2 and not HAS_ALNUM.search(word) and not SPACE_RUN.search(word)
    )


def build_user_dict(records: Iterable[dict]) -> frozenset[str]:
    """The forced words: gold UNITs whose first character pkuseg's CRF cannot tell from a digit (`万人次`, `亿元`),
    and that first character alone (`万`, `亿`), so that a unit never seen in training (`万平米`) still comes
    apart from its number (`100` `万` `平米`)."""
    units = {
        word for word in _surfaces(records, {"UNIT"})
        if word[0] in PKUSEG_NUM_CHARS and not HAS_ALNUM.search(word) and not SPACE_RUN.search(word)
    }
    return frozenset(units | {word[0] for word in units})


# ---------------------------------------------------------------- what the CRF sees

def crf_fragments(text: str, user_dict: Iterable[str]) -> list[tuple[int, int]]:
    """Character ranges of `text` that reach pkuseg's CRF, exactly as `spacy_pkuseg.pkuseg.cut` makes them.

    cut() splits at whitespace, then its pre-processor takes every user-dictionary word out (longest
    match, left to right) and runs the CRF on each piece in between.
    """
    from spacy_pkuseg import Preprocesser

    preprocesser = Preprocesser(sorted(user_dict))
    fragments: list[tuple[int, int]] = []
    for piece in re.finditer(r"\S+", text):
        offset = piece.start()
        for segment, forced, _tag in zip(*preprocesser.solve(piece.group())):
            if not forced:
                fragments.append((offset, offset + len(segment)))
            offset += len(segment)
    return fragments


def fragment_lines(words: Sequence[str], fragments: Sequence[tuple[int, int]]) -> list[str]:
    """The training lines of one sentence: its words clipped to each CRF fragment."""
    lines = []
    for start, end in fragments:
        clipped, i = [], 0
        for word in words:
            a, b = max(i, start), min(i + len(word), end)
            if a < b:
                clipped.append(word[a - i:b - i])
            i += len(word)
        line = training_line(clipped)
        if line:
            lines.append(line)
    return lines


def training_records(records: Iterable[dict], train_reports: Iterable[str]) -> list[dict]:
    """Only the sentences of the training reports: the segmenter must never see dev or test text."""
    chosen = set(train_reports)
    return [r for r in records if r["doc_id"] in chosen]


def holdout(items: Sequence, every: int = 10) -> tuple[list, list]:
    """(train, held out): every `every`-th item is held out to score the segmenter on text it did not see."""
    if every < 2:
        return list(items), []
    return ([x for i, x in enumerate(items) if i % every != every - 1],
            [x for i, x in enumerate(items) if i % every == every - 1])


class SegmentationData(NamedTuple):  # not a dataclass: `spacy train --code` imports this file outside sys.modules
    train_lines: list[str]  # CRF fragments of the training sentences: pkuseg's training file
    heldout_lines: list[str]  # CRF fragments of the held-out sentences: pkuseg's own test file
    heldout_sentences: list[str]  # whole held-out sentences, words space-separated: the end-to-end score
    lexicon: frozenset[str]
    user_dict: frozenset[str]


def segmentation_data(records: Sequence[dict], gap: str = "lexicon", every: int = 10,
                      min_count: int = 1) -> SegmentationData:
    """Everything pkuseg trains on, from training-report records; lexicon and user dict from the non-held-out part."""
    if gap not in GAP_MODES:
        raise ValueError(f"gap mode {gap!r} is not one of {', '.join(GAP_MODES)}")
    train, held = holdout(records, every)
    lexicon = build_lexicon(train, min_count) if gap == "lexicon" else frozenset()
    user_dict = build_user_dict(train)

    def lines(chosen: Sequence[dict]) -> list[str]:
        return [line for r in chosen
                for line in fragment_lines(record_words(r, lexicon), crf_fragments(r["text"], user_dict))]

    return SegmentationData(
        train_lines=lines(train),
        heldout_lines=lines(held),
        heldout_sentences=[line for r in held if (line := training_line(record_words(r, lexicon)))],
        lexicon=lexicon,
        user_dict=user_dict,
    )


def boundary_scores(gold: Iterable[Sequence[str]], pred: Iterable[Sequence[str]]) -> dict:
    """Word P/R/F1 (a word is right when both its edges are) over aligned sentences of the same text."""
    tp = n_gold = n_pred = 0
    for gold_words, pred_words in zip(gold, pred, strict=True):
        g, p = _word_offsets(gold_words), _word_offsets(pred_words)
        tp += len(g & p)
        n_gold += len(g)
        n_pred += len(p)
    precision = tp / n_pred if n_pred else 0.0
    recall = tp / n_gold if n_gold else 0.0
    f = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return {"p": round(precision, 4), "r": round(recall, 4), "f": round(f, 4), "words": n_gold}


def _word_offsets(words: Sequence[str]) -> set[tuple[int, int]]:
    offsets, i = set(), 0
    for word in words:
        word = word.strip()
        if word:
            offsets.add((i, i + len(word)))
            i += len(word)
    return offsets


# ---------------------------------------------------------------- the tokenizer in spaCy

@registry.callbacks("zhibiao.pkuseg_no_postprocess.v1")
def make_pkuseg_no_postprocess() -> Callable[[Language], Language]:
    """[initialize.after_init] callback: switch off pkuseg's general-dictionary post-processor (see module doc)."""

    def switch_off(nlp: Language) -> Language:
        segmenter = getattr(nlp.tokenizer, "pkuseg_seg", None)
        if segmenter is not None:
            segmenter.postprocesser.do_process = False
        return nlp

    return switch_off


def pkuseg_nlp(model_dir: Path, postprocess: bool = False) -> Language:
    """A blank zh pipeline with the tokenizer configs/ner_pkuseg.cfg builds: this pkuseg model, its user dict."""
    import spacy

    nlp = spacy.blank("zh", config={"nlp": {"tokenizer": {"segmenter": "pkuseg"}}})
    tokenizer: Any = nlp.tokenizer  # spaCy's ChineseTokenizer, which has initialize
    tokenizer.initialize(pkuseg_model=str(model_dir), pkuseg_user_dict=str(Path(model_dir) / USER_DICT_FILE))
    return nlp if postprocess else make_pkuseg_no_postprocess()(nlp)


# ---------------------------------------------------------------- I/O at the edge

def write_training_data(records: Sequence[dict], train_reports: Iterable[str], out_dir: Path, gap: str = "lexicon",
                        every: int = 10, min_count: int = 1) -> dict:
    """Write pkuseg's training files, the lexicon and the user dict to out_dir; return what went in."""
    train_reports = sorted(set(train_reports))
    chosen = training_records(records, train_reports)
    if not chosen:
        raise ValueError(f"no gold sentences in the training reports {', '.join(train_reports)}")
    data = segmentation_data(chosen, gap, every, min_count)
    out_dir.mkdir(parents=True, exist_ok=True)
    files = {
        "pkuseg_train.txt": data.train_lines,
        "pkuseg_heldout.txt": data.heldout_lines or data.train_lines,  # pkuseg.train insists on a test file
        "heldout_sentences.txt": data.heldout_sentences,
        "lexicon.txt": sorted(data.lexicon),
        USER_DICT_FILE: sorted(data.user_dict),
    }
    for name, lines in files.items():
        (out_dir / name).write_text("".join(f"{line}\n" for line in lines), encoding="utf-8")
    return {"train_reports": train_reports, "gap": gap, "min_count": min_count, "holdout_every": every,
            "sentences": len(chosen), "heldout_sentences": len(data.heldout_sentences),
            "train_lines": len(data.train_lines), "lexicon": len(data.lexicon), "user_dict": sorted(data.user_dict)}


def train_model(train_file: Path, test_file: Path, model_dir: Path, iterations: int = 20, quiet: bool = True) -> Path:
    """Train a pkuseg model from scratch (init_model=None) into model_dir: features.msgpack and weights.npz.

    spacy_pkuseg.train keeps its scratch files in a temporary folder and prints a log line per
    iteration (silenced when quiet).
    """
    import spacy_pkuseg

    model_dir.mkdir(parents=True, exist_ok=True)
    with contextlib.redirect_stdout(io.StringIO()) if quiet else contextlib.nullcontext():
        spacy_pkuseg.train(str(train_file), str(test_file), str(model_dir), train_iter=iterations, init_model=None)
    return model_dir


def heldout_scores(model_dir: Path, sentences_file: Path) -> dict:
    """Word P/R/F1 of the trained tokenizer (through spaCy, user dict on) on whole held-out sentences."""
    gold = [line.split() for line in sentences_file.read_text(encoding="utf-8").splitlines() if line.strip()]
    if not gold:
        return {}
    nlp = pkuseg_nlp(model_dir)
    return boundary_scores(gold, [[t.text for t in nlp.make_doc("".join(words))] for words in gold])
