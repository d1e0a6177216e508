"""zhibiao.dictionary_words must cut exactly as jieba.posseg.cut(text, HMM=False) does, and hmm_words as
jieba.posseg.cut(text) does: the rules were written and scored against jieba's words, so one word or tag apart would
move a span."""

import json
import random
from pathlib import Path

import jieba.posseg
import pytest

from zhibiao.dictionary_words import dictionary_words, hmm_words

ROOT = Path(__file__).resolve().parent.parent


def jieba_words(text: str, hmm: bool = False) -> list[tuple[str, str]]:
    return [(pair.word, pair.flag) for pair in jieba.posseg.cut(text, HMM=hmm)]


def project_sentences() -> list[str]:
    texts = []
    for folder in ("corpus/annotations", "corpus/synthetic"):
        for path in sorted((ROOT / folder).glob("*.jsonl")):
            texts += [json.loads(line)["text"] for line in path.read_text(encoding="utf-8").splitlines() if line]
    return texts


def test_every_project_sentence_and_its_pieces_cut_as_jieba_cuts_them():
    sentences = project_sentences()
    assert len(sentences) > 1000
    rng = random.Random(0)
    # pieces cut at arbitrary places start and end inside words, where the route differs most from a whole sentence
    pieces = []
    for text in rng.sample(sentences, 500):
        start = rng.randrange(len(text))
        pieces.append(text[start:start + rng.randrange(1, 40)])
    differing = [text for text in sentences + pieces if dictionary_words(text) != jieba_words(text)]
    assert differing == []
    differing = [text for text in sentences + pieces if hmm_words(text) != jieba_words(text, hmm=True)]
    assert differing == []


@pytest.mark.parametrize("text", [
    "",
    " ",
    "\r\n\t",
    "地区生产总值增长6%左右",
    "完成投资3.5亿元,同比增长12.3%",
    "GDP增长5.2%,CPI上涨2%",  # latin letters join into one `eng` word
    "a1b2c3",
    "5G基站1200个",
    "C++与C#",  # jieba's run characters include + and #
    "www.gov.cn",
    "鎮(zhèn)江市",  # traditional with a pinyin gloss: é is outside jieba's runs
    "1.2.3",
    "①②③",
    "😀新增就业",
    "新增  就业\u3000人数",  # spaces and an ideographic space
    "AB-12型",  # a latin piece outside a run: every character tagged as the piece is
])
def test_edge_cases_cut_as_jieba_cuts_them(text):
    assert dictionary_words(text) == jieba_words(text)
    assert hmm_words(text) == jieba_words(text, hmm=True)


@pytest.mark.parametrize("text, joined", [
    ("澄新汽车零部件", "澄新"),  # an unknown name the HMM joins
    ("恒岳稻业和澄新", "恒岳"),  # unknown runs at the start, inside and at the end
    ("x澄新y5G", "澄新"),  # latin letters and digits around a run of single characters
    ("现代稻业", "稻业"),
])
def test_unknown_runs_read_as_jieba_reads_them_with_its_hmm(text, joined):
    assert hmm_words(text) == jieba_words(text, hmm=True)
    assert joined in [word for word, _ in hmm_words(text)]
    assert joined not in [word for word, _ in dictionary_words(text)]


def test_words_cover_the_text_in_order():
    text = "华能金坛储能二期项目开工,新增规上工业企业102家"
    assert "".join(word for word, _ in dictionary_words(text)) == text
