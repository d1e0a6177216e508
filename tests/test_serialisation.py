"""value_of travels with Docs: bytes, DocBin, pickling and nlp.pipe(n_process=2), in a fresh process."""

import json
import subprocess
import sys

from conftest import RULES

from zhibiao.ruler import rules_pipeline

TEXTS = [
    "地区生产总值增长6%左右,新增规上工业企业102家。",
    "城乡居民人均可支配收入分别增长5.5%和8%。",
    "推动中集科创金融中心建成投用。",
    "国家级博士后科研工作站、省级博士后创新实践基地各2家。",
]

CHECK = r"""
import json, pickle, sys
import spacy
from spacy.tokens import Doc, DocBin

nlp = spacy.load(sys.argv[1])
texts = json.loads(sys.argv[2])
docs = list(nlp.pipe(texts))
one = [doc._.value_of for doc in docs]
two = [doc._.value_of for doc in nlp.pipe(texts, n_process=2, batch_size=1)]
from_bytes = [Doc(nlp.vocab).from_bytes(doc.to_bytes())._.value_of for doc in docs]
docbin = DocBin(store_user_data=True, docs=docs)
from_docbin = [doc._.value_of for doc in DocBin().from_bytes(docbin.to_bytes()).get_docs(nlp.vocab)]
pickled = [pickle.loads(pickle.dumps(doc))._.value_of for doc in docs]
norm = lambda found: [[list(r) for r in rels] for rels in found]
print(json.dumps({"one": norm(one), "two": norm(two), "bytes": norm(from_bytes), "docbin": norm(from_docbin),
                  "pickle": norm(pickled)}))
"""


def test_value_of_survives_every_way_a_doc_travels(tmp_path):
    rules_pipeline(RULES).to_disk(tmp_path / "pipeline")
    done = subprocess.run([sys.executable, "-c", CHECK, str(tmp_path / "pipeline"), json.dumps(TEXTS)],
                          capture_output=True, text=True, check=True)
    found = json.loads(done.stdout.strip().splitlines()[-1])
    assert found["one"][0] == [[8, 9, 0, 6], [21, 24, 15, 21]]  # 6 → 地区生产总值, 102 → 规上工业企业
    assert len(found["one"][1]) == 2 and found["one"][2] == []
    for way in ("two", "bytes", "docbin", "pickle"):
        assert found[way] == found["one"], way
