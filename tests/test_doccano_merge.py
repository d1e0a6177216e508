"""The pure merge of pulled labels into the gold: counts, conflicts, nothing overwritten silently."""

from zhibiao.annotations import make_record
from zhibiao.doccano.merge import label_signature, merge

DOC = "t-2025"
S0 = "地区生产总值增长6%以上。"
S1 = "新增规上工业企业102家。"
S2 = "推进𠙶山路改造工程建设。"
S3 = "全年完成固定资产投资300亿元。"
S4 = "新建公园3个。"
S5 = "全面推进各项工作。"
S6 = "实现工业开票销售600亿元。"
GOLD_META = {"source": "gold"}

L0 = ([(0, 6, "INDICATOR"), (8, 9, "VALUE"), (9, 10, "UNIT")], [(1, 0)])
L1 = ([(2, 8, "INDICATOR"), (8, 11, "VALUE"), (11, 12, "UNIT")], [(1, 0)])
L1_WIDE = ([(0, 8, "INDICATOR"), (8, 11, "VALUE"), (11, 12, "UNIT")], [(1, 0)])
L3 = ([(4, 10, "INDICATOR"), (10, 13, "VALUE"), (13, 15, "UNIT")], [(1, 0)])
L3_NARROW = ([(6, 10, "INDICATOR"), (10, 13, "VALUE"), (13, 15, "UNIT")], [(1, 0)])
L4 = ([(2, 4, "INDICATOR"), (4, 5, "VALUE"), (5, 6, "UNIT")], [(1, 0)])
L6 = ([(2, 8, "INDICATOR"), (8, 11, "VALUE"), (11, 13, "UNIT")], [(1, 0)])
L6_OTHER = ([(4, 8, "INDICATOR"), (8, 11, "VALUE"), (11, 13, "UNIT")], [(1, 0)])
NONE = ([], [])


def record(sent_id, text, labels, meta=None):
    return make_record(DOC, sent_id, text, meta or {"source": "doccano"}, *labels)


def reversed_ids(rec):
    """The same labels with other ids and order, as doccano would number them."""
    new_id = {e["id"]: 100 + e["id"] for e in rec["entities"]}
    return {**rec,
            "entities": [{**e, "id": new_id[e["id"]]} for e in reversed(rec["entities"])],
            "relations": [{**r, "id": 7, "from_id": new_id[r["from_id"]], "to_id": new_id[r["to_id"]]} for r in rec["relations"]]}


def gold():
    return {DOC: [
        record(0, S0, NONE, GOLD_META),         # no labels yet: may be filled in
        record(1, S1, L1, GOLD_META),           # hand labels, doccano agrees
        record(3, S3, L3, GOLD_META),           # hand labels, doccano differs
        record(5, S5, NONE, GOLD_META),
        record(7, "旧文本。", NONE, GOLD_META),  # text changed upstream
    ]}


def incoming():
    return {
        "alice": [
            record(0, S0, L0), reversed_ids(record(1, S1, L1)), record(2, S2, NONE), record(3, S3, L3_NARROW),
            record(4, S4, L4), record(5, S5, NONE), record(6, S6, L6), record(7, "新文本。", NONE),
        ],
        "bob": [record(4, S4, L4), record(6, S6, L6_OTHER), record(2, S2, NONE)],
    }


def test_label_signature_ignores_ids_and_order():
    rec = record(1, S1, L1)
    assert label_signature(rec) == label_signature(reversed_ids(rec))
    assert label_signature(rec) != label_signature(record(1, S1, L1_WIDE))


def test_plain_pull_counts():
    result = merge(gold(), incoming())
    # 0 held (gold empty, not marked done); 1 unchanged; 2, 5 and 7 empty everywhere: skipped; 3 labels differ;
    # 4 added (alice and bob agree); 6 annotators disagree.
    assert result.counts() == {"added": 1, "updated": 0, "unchanged": 1, "conflicted": 2, "skipped": 3, "held": 1}
    reasons = {(c["sent_id"], c["reason"]) for c in result.conflicts}
    assert reasons == {(3, "labels differ"), (6, "annotators disagree")}


def test_conflict_lines_hold_every_version():
    result = merge(gold(), incoming())
    by_sentence = {c["sent_id"]: c for c in result.conflicts}
    differ = by_sentence[3]
    assert [v["source"] for v in differ["versions"]] == ["gold", "alice"]
    assert differ["versions"][0]["entities"][0]["start_offset"] == 4
    assert differ["versions"][1]["entities"][0]["start_offset"] == 6
    disagree = by_sentence[6]
    assert sorted(v["source"] for v in disagree["versions"]) == ["alice", "bob"]
    assert disagree["text"] == S6


def test_gold_labels_are_never_overwritten():
    result = merge(gold(), incoming())
    merged = {r["sent_id"]: r for r in result.changed[DOC]}
    assert label_signature(merged[3]) == label_signature(record(3, S3, L3))
    assert label_signature(merged[1]) == label_signature(record(1, S1, L1))


def test_plain_pull_never_fills_an_empty_gold_line():
    result = merge(gold(), incoming())
    merged = {r["sent_id"]: r for r in result.changed[DOC]}
    assert merged[0] == gold()[DOC][0]  # "read, nothing to label" stays until the example is marked done
    assert result.held == 1


def test_update_fills_an_empty_gold_line_when_confirmed_and_keeps_its_meta():
    result = merge(gold(), incoming(), confirmed=True)
    merged = {r["sent_id"]: r for r in result.changed[DOC]}
    assert label_signature(merged[0]) == label_signature(record(0, S0, L0))
    assert merged[0]["meta"] == GOLD_META
    assert [r["sent_id"] for r in result.changed[DOC]] == [0, 1, 2, 3, 4, 5, 7]
    assert set(merged[4]) == {"text", "doc_id", "sent_id", "meta", "entities", "relations"}


def test_inputs_are_not_changed():
    before_gold, before_incoming = gold(), incoming()
    merge(before_gold, before_incoming)
    assert before_gold == gold()
    assert before_incoming == incoming()


def test_confirmed_empty_versions_count_as_decisions():
    result = merge(gold(), incoming(), confirmed=True)
    # 2 is new and empty: added; 5 empty = empty: unchanged; 7 text differs: conflict.
    assert result.counts() == {"added": 2, "updated": 1, "unchanged": 2, "conflicted": 3, "skipped": 0, "held": 0}
    assert {c["reason"] for c in result.conflicts if c["sent_id"] == 7} == {"text differs"}


def test_confirmed_empty_version_against_hand_labels_is_a_conflict():
    result = merge({DOC: [record(1, S1, L1, GOLD_META)]}, {"alice": [record(1, S1, NONE)]}, confirmed=True)
    assert result.counts()["conflicted"] == 1
    assert result.changed == {}


def test_nothing_changes_when_everything_is_in_the_gold():
    first = merge(gold(), incoming())
    again = merge(first.changed, incoming())
    assert again.changed == {}
    assert again.counts() == {"added": 0, "updated": 0, "unchanged": 2, "conflicted": 2, "skipped": 3, "held": 1}


def test_new_report_gets_its_own_file():
    result = merge({}, {"alice": [make_record("new-2024", 0, S4, {}, *L4)]})
    assert list(result.changed) == ["new-2024"]
    assert result.added == 1


def test_an_update_keeps_the_gold_lines_own_fields():
    # an empty gold line with a field of its own (an annotator's comment) keeps it when its labels are filled in
    noted = {**record(0, S0, NONE, GOLD_META), "comment": "待核对"}
    result = merge({DOC: [noted]}, {"alice": [record(0, S0, L0)]}, confirmed=True)
    merged = result.changed[DOC][0]
    assert merged["comment"] == "待核对"
    assert label_signature(merged) == label_signature(record(0, S0, L0))
