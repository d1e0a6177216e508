"""Against a real doccano 1.8.4: started once per session from .venv-doccano in a temporary home.

Run with: .venv/bin/python -m pytest tests/test_doccano_integration.py -q   (about a minute)
"""

import ipaddress
import socket
import time
from pathlib import Path

import pytest
import requests
from typer.testing import CliRunner

from zhibiao.annotations import make_record, read_records, write_jsonl
from zhibiao.cli import app
from zhibiao.doccano import (
    AuthenticationFailed,
    DoccanoSettings,
    InstallFailed,
    ServerUnreachable,
    WorkerTimeout,
    project_root,
    server,
)
from zhibiao.doccano.client import (
    connect,
    existing_keys,
    push,
    require_project,
    setup_project,
)
from zhibiao.doccano.lockdown import mode
from zhibiao.labels import RELATION_COLOR, SPAN_LABELS

pytestmark = pytest.mark.doccano

ROOT = project_root(Path(__file__).parent)
DATA = Path(__file__).parent / "data" / "doccano"
SENTENCES = read_records(DATA / "sentences.jsonl")
S0, S1, S2, S3 = (s["text"] for s in SENTENCES)
GUIDELINE = (ROOT / "ANNOTATION.md").read_text(encoding="utf-8")
DOC = "t-2025"

# Labels as (start, end, label) in UTF-16 units, as the browser sends them, and value_of as (value, indicator).
L0 = [(0, 6, "INDICATOR"), (8, 9, "VALUE"), (9, 10, "UNIT")], [(1, 0)]
L1 = [(2, 8, "INDICATOR"), (8, 11, "VALUE"), (11, 12, "UNIT")], [(1, 0)]
L1_WIDE = [(0, 8, "INDICATOR"), (8, 11, "VALUE"), (11, 12, "UNIT")], [(1, 0)]
L2 = [(2, 10, "PROJECT")], []  # 𠙶山路改造工程: code points 2-9
L3 = [(4, 10, "INDICATOR"), (10, 13, "VALUE"), (13, 15, "UNIT")], [(1, 0)]
L3_NARROW = [(6, 10, "INDICATOR"), (10, 13, "VALUE"), (13, 15, "UNIT")], [(1, 0)]


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def environment(settings: DoccanoSettings, **changes) -> dict:
    settings = settings.but(**changes)
    return {"ZHIBIAO_DOCCANO_URL": settings.url, "ZHIBIAO_DOCCANO_USER": settings.username,
            "ZHIBIAO_DOCCANO_PASSWORD": settings.password, "ZHIBIAO_DOCCANO_PROJECT": settings.project,
            "ZHIBIAO_DOCCANO_HOME": str(settings.home), "ZHIBIAO_DOCCANO_VENV": str(settings.venv),
            "ZHIBIAO_DOCCANO_TIMEOUT": str(settings.task_timeout)}


def run(settings: DoccanoSettings, *arguments, **changes):
    return CliRunner().invoke(app, list(arguments), env=environment(settings, **changes))


def one_error_line(result) -> str:
    assert result.exit_code == 1, result.output
    assert "Traceback" not in result.output
    lines = result.output.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("error: "), result.output
    return lines[0]


@pytest.fixture(scope="session")
def doccano(tmp_path_factory):
    settings = DoccanoSettings(
        url=f"http://127.0.0.1:{free_port()}", username="admin", password="admin-test-password",
        project="zhibiao-test", home=tmp_path_factory.mktemp("doccano-home"), venv=ROOT / ".venv-doccano",
        task_timeout=60,
    )
    try:
        server.ensure_installed(settings)
    except InstallFailed as err:
        pytest.skip(f"doccano's virtualenv {settings.venv} cannot be created: {err}")
    server.serve(settings, start_timeout=180)
    yield settings
    server.stop(settings)


@pytest.fixture(scope="session")
def admin(doccano):
    return connect(doccano)


@pytest.fixture(scope="session")
def project(doccano, admin):
    setup_project(admin, doccano.project, GUIDELINE)
    return require_project(admin, doccano.project)


def propose(text):
    """A stand-in pre-annotator in code points (the push converts to UTF-16)."""
    return {S0: [(0, 6, "INDICATOR"), (8, 9, "VALUE"), (9, 10, "UNIT")], S2: [(2, 9, "PROJECT")]}.get(text, [])


@pytest.fixture(scope="session")
def first_push(doccano, admin, project):
    return push(admin, project, SENTENCES, propose, timeout=doccano.task_timeout)


def examples_by_sentence(client, project_id):
    return {int(e.meta["sent_id"]): e for e in client.list_examples(project_id)}


def annotate(settings, project, username, labels_by_sentence, confirm):
    """Label and confirm examples through the API as the browser would, logged in as `username`."""
    client = connect(settings.but(username=username, password=f"{username}-password-1"))
    examples = examples_by_sentence(client, project.id)
    for sent_id, (spans, relations) in labels_by_sentence.items():
        example = examples[sent_id]
        made = [client.create_span(project.id, example.id, start, end, label) for start, end, label in spans]
        for value, indicator in relations:
            client.create_relation(project.id, example.id, made[value].id, made[indicator].id, "value_of")
        if sent_id in confirm:
            client.update_example_state(project.id, example.id)


@pytest.fixture(scope="session")
def annotated(doccano, admin, project, first_push):
    for name in ("alice", "bob"):
        admin.create_user(name, f"{name}-password-1")
        admin.add_member(project.id, name, "annotator")
    annotate(doccano, project, "alice", {0: L0, 1: L1, 2: L2, 3: L3}, confirm={0, 1, 2, 3})
    annotate(doccano, project, "bob", {0: L0, 1: L1_WIDE, 2: L2, 3: L3_NARROW}, confirm={0, 1, 2})
    return project


@pytest.fixture(scope="session")
def pulled(doccano, annotated, tmp_path_factory):
    folder = tmp_path_factory.mktemp("pull")
    gold = folder / "annotations"
    write_jsonl(gold / f"{DOC}.jsonl", [
        make_record(DOC, 0, S0, {"hand": True}, []),                                # empty: may be filled
        make_record(DOC, 3, S3, {"hand": True}, L3_NARROW[0], L3_NARROW[1]),         # hand labels differ
    ])
    arguments = ["doccano", "pull", "--only-approved", "--gold", str(gold), "--exports", str(folder / "exports"),
                 "--conflicts", str(gold / "conflicts.jsonl")]
    first = run(doccano, *arguments)
    second = run(doccano, *arguments)
    return folder, first, second


# ---------------------------------------------------------------- setup

def test_setup_twice_changes_nothing(doccano, admin):
    first = run(doccano, "doccano", "setup", "--guideline", str(ROOT / "ANNOTATION.md"), project="twice")
    assert first.exit_code == 0, first.output
    assert "created project 'twice'" in first.output
    second = run(doccano, "doccano", "setup", "--guideline", str(ROOT / "ANNOTATION.md"), project="twice")
    assert second.exit_code == 0, second.output
    assert second.output.strip() == "project 'twice': 0 change(s), already set up"
    assert [p.name for p in admin.list_projects()].count("twice") == 1
    project = require_project(admin, "twice")
    assert (project.project_type.value, project.use_relation, project.allow_overlapping) == ("SequenceLabeling", True, False)
    assert project.guideline == GUIDELINE.strip()
    spans = {t.text: t for t in admin.list_label_types(project.id, "span")}
    assert {name: (t.background_color.upper(), t.suffix_key) for name, t in spans.items()} == {
        label.name: (label.color.upper(), label.shortcut) for label in SPAN_LABELS}
    relations = admin.list_label_types(project.id, "relation")
    assert [(t.text, t.background_color.upper()) for t in relations] == [("value_of", RELATION_COLOR.upper())]


def test_setup_puts_back_a_changed_colour_and_shortcut(doccano, admin):
    setup_project(admin, "recolour", GUIDELINE)
    project = require_project(admin, "recolour")
    value = next(t for t in admin.list_label_types(project.id, "span") if t.text == "VALUE")
    admin.update_label_type(project.id, value.id, "span", suffix_key="x", color="#000000")
    assert setup_project(admin, "recolour", GUIDELINE) == ["updated colour/shortcut of VALUE"]
    assert setup_project(admin, "recolour", GUIDELINE) == []


# ---------------------------------------------------------------- push

def test_push_twice_adds_no_duplicates(doccano, admin, project, first_push):
    assert (first_push.pushed, first_push.already_there, first_push.spans) == (4, 0, 4)
    again = run(doccano, "doccano", "push", "--sentences", str(DATA / "sentences.jsonl"))
    assert again.exit_code == 0, again.output
    assert "pushed 0 in 0 batch(es)" in again.output and "4 already in the project" in again.output
    assert admin.count_examples(project.id) == 4
    assert existing_keys(admin, project.id) == {(DOC, n) for n in range(4)}
    assert existing_keys(admin, project.id, page_size=3) == {(DOC, n) for n in range(4)}  # follows `next`


def test_pushed_meta_and_utf16_offsets(admin, project, first_push):
    examples = examples_by_sentence(admin, project.id)
    assert examples[2].meta == {"doc_id": DOC, "sent_id": 2, "meta": SENTENCES[2]["meta"]}
    [span] = admin.list_spans(project.id, examples[2].id)
    assert (span.start_offset, span.end_offset) == (2, 10)  # 𠙶 counts two UTF-16 units
    assert len(admin.list_spans(project.id, examples[0].id)) == 3


def test_push_refuses_a_bad_span_naming_the_sentence(doccano, tmp_path):
    bad = tmp_path / "bad.jsonl"
    write_jsonl(bad, [make_record(DOC, 1, S1, {}, [(8, 40, "VALUE")])])
    run(doccano, "doccano", "setup", "--guideline", str(ROOT / "ANNOTATION.md"), project="bad-span")
    result = run(doccano, "doccano", "push", "--sentences", str(DATA / "sentences.jsonl"), "--from", str(bad),
                 project="bad-span")
    assert one_error_line(result) == "error: t-2025/1: VALUE span 8-40 is outside the text (length 13)"


# ---------------------------------------------------------------- pull, merge, agreement

def test_pull_merges_and_writes_conflicts(pulled):
    folder, first, second = pulled
    assert first.exit_code == 0, first.output
    assert "merged alice, bob" in first.output
    assert "added 1, updated 1, unchanged 0, conflicted 2, skipped 0" in first.output
    gold = {r["sent_id"]: r for r in read_records(folder / "annotations" / f"{DOC}.jsonl")}
    assert sorted(gold) == [0, 2, 3]
    assert [(e["start_offset"], e["end_offset"], e["label"]) for e in gold[0]["entities"]] == L0[0]
    assert gold[0]["meta"] == {"hand": True}
    assert len(gold[0]["relations"]) == 1
    project_span = gold[2]["entities"][0]
    assert (project_span["start_offset"], project_span["end_offset"]) == (2, 9)
    assert S2[2:9] == "𠙶山路改造工程"
    assert gold[3]["entities"][0]["start_offset"] == 6  # the hand label stays
    conflicts = read_records(folder / "annotations" / "conflicts.jsonl")
    assert [(c["sent_id"], c["reason"]) for c in conflicts] == [(1, "annotators disagree"), (3, "labels differ")]
    assert [v["source"] for v in conflicts[1]["versions"]] == ["gold", "alice"]


def test_pull_again_changes_nothing(pulled):
    _, _, second = pulled
    assert second.exit_code == 0, second.output
    assert "added 0, updated 0, unchanged 2, conflicted 2, skipped 0" in second.output
    assert "wrote 0 gold file(s)" in second.output


def test_exports_keep_each_annotator_including_the_pre_annotations(pulled):
    folder, _, _ = pulled
    exports = folder / "exports"
    assert sorted(p.stem for p in exports.glob("*.jsonl")) == ["admin", "alice", "bob"]
    assert [r["sent_id"] for r in read_records(exports / "bob.jsonl")] == [0, 1, 2]  # confirmed only
    assert read_records(exports / "admin.jsonl") == []  # admin confirmed nothing


def test_agreement_between_two_annotators(pulled, tmp_path):
    folder, _, _ = pulled
    result = CliRunner().invoke(app, ["agreement", str(folder / "exports"), "--exclude", "admin",
                                      "--jsonl", str(tmp_path / "disagreements.jsonl")])
    assert result.exit_code == 0, result.output
    assert result.output.startswith("alice vs bob: 3 sentences, kappa 0.")
    assert "INDICATOR  F1 0.500  (1 shared, 2 alice, 2 bob)" in result.output
    assert "PROJECT    F1 1.000  (1 shared, 1 alice, 1 bob)" in result.output
    assert "ALL        F1 0.857  (6 shared, 7 alice, 7 bob)" in result.output
    [item] = read_records(tmp_path / "disagreements.jsonl")
    assert item["sent_id"] == 1


# ---------------------------------------------------------------- errors

def test_server_down(doccano):
    dead = doccano.but(url=f"http://127.0.0.1:{free_port()}")
    with pytest.raises(ServerUnreachable, match="cannot reach doccano"):
        connect(dead)


def test_wrong_password(doccano):
    with pytest.raises(AuthenticationFailed, match="wrong user name or password"):
        connect(doccano.but(password="not-the-password"))
    line = one_error_line(run(doccano, "doccano", "pull", password="not-the-password"))
    assert line == (f"error: doccano at {doccano.url} rejected user 'admin': wrong user name or password "
                    "(ZHIBIAO_DOCCANO_USER / ZHIBIAO_DOCCANO_PASSWORD)")


def test_project_missing(doccano):
    line = one_error_line(run(doccano, "doccano", "push", "--sentences", str(DATA / "sentences.jsonl"),
                              project="no-such-project"))
    assert line == "error: doccano has no project named 'no-such-project': run `zhibiao doccano setup` first"


def test_label_mismatch(doccano, admin, tmp_path):
    other = admin.create_project("mismatch", "SequenceLabeling", "labels from elsewhere", use_relation=True)
    admin.create_label_type(other.id, "span", "ORG", color="#123456")
    line = one_error_line(run(doccano, "doccano", "push", "--sentences", str(DATA / "sentences.jsonl"),
                              project="mismatch"))
    assert line == ("error: the labels of doccano project 'mismatch' differ from zhibiao.labels: "
                    "missing span label(s) INDICATOR, PROJECT, UNIT, VALUE; unexpected span label(s) ORG; "
                    "missing relation label(s) value_of")
    line = one_error_line(run(doccano, "doccano", "pull", "--gold", str(tmp_path), project="mismatch"))
    assert line.startswith("error: the labels of doccano project 'mismatch' differ")
    line = one_error_line(run(doccano, "doccano", "setup", "--guideline", str(ROOT / "ANNOTATION.md"),
                              project="mismatch"))
    assert line == ("error: doccano project 'mismatch' has labels zhibiao.labels does not know: "
                    "unexpected span label(s) ORG; remove or rename them in doccano first")
    assert admin.count_examples(other.id) == 0


def test_project_of_another_kind(doccano, admin):
    admin.create_project("classify", "DocumentClassification", "not ours")
    line = one_error_line(run(doccano, "doccano", "push", "--sentences", str(DATA / "sentences.jsonl"),
                              project="classify"))
    assert line.startswith("error: doccano project 'classify' is not a SequenceLabeling project with relations")
    line = one_error_line(run(doccano, "doccano", "setup", "--guideline", str(ROOT / "ANNOTATION.md"),
                              project="classify"))
    assert line.startswith("error: doccano project 'classify' is a DocumentClassification project")


def test_worker_not_running_times_out(doccano, admin):
    setup_project(admin, "no-worker", GUIDELINE)
    target = require_project(admin, "no-worker")
    assert server.stop(doccano, ("task",)) == ["task"]
    try:
        started = time.monotonic()
        with pytest.raises(WorkerTimeout, match=r"did not finish the import of batch-0001.jsonl within 10 s: "
                                                r"is its worker \(`doccano task`\) running\?"):
            push(admin, target, SENTENCES[:1], timeout=10)
        assert time.monotonic() - started < 30
        line = one_error_line(run(doccano, "doccano", "pull", "--gold", str(doccano.home / "unused"),
                                  project="no-worker", task_timeout=3))
        assert line.startswith("error: doccano did not finish the export within 3 s")
    finally:
        server.start_process(doccano, "task")
    assert server.status(doccano)["task"] is not None


# ---------------------------------------------------------------- locked down

PUBLISHED_SECRET_KEY = "v8sk33sy82!uw3ty=!jjv5vp7=s2phrzw(m(hrn^f7e_#1h2al"  # doccano 1.8.4's settings/base.py


def listening_addresses(port: int) -> set[str]:
    """The local addresses of the TCP sockets listening on `port`, as the kernel lists them."""
    found = set()
    for table in (Path("/proc/net/tcp"), Path("/proc/net/tcp6")):
        for line in table.read_text().splitlines()[1:] if table.exists() else []:
            local, state = line.split()[1], line.split()[3]
            address, port_hex = local.rsplit(":", 1)
            if state == "0A" and int(port_hex, 16) == port:  # 0A: LISTEN
                raw = bytes.fromhex(address)  # each 32-bit word in host (little-endian) order
                words = b"".join(raw[i:i + 4][::-1] for i in range(0, len(raw), 4))
                found.add(str(ipaddress.ip_address(words)))
    return found


def process_group(leader: int) -> list[int]:
    members = []
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue  # ended while we looked
        if int(fields[2]) == leader:
            members.append(int(stat.parent.name))
    return members


@pytest.mark.skipif(not Path("/proc/net/tcp").exists(), reason="needs Linux's /proc")
def test_the_server_listens_on_loopback_only(doccano):
    assert listening_addresses(doccano.port) == {"127.0.0.1"}
    assert requests.get(f"{doccano.url}/", timeout=10).status_code == 200  # the annotators' pages are served


@pytest.mark.skipif(not Path("/proc/net/tcp").exists(), reason="needs Linux's /proc")
def test_no_process_argument_environment_or_log_holds_the_password(doccano):
    key = (doccano.home / "secret_key").read_text().strip()
    members = [pid for name in server.PROCESSES for pid in process_group(server.running_pid(doccano, name))]
    assert len(members) >= 4  # gunicorn's master and two workers, celery's worker and its child
    arguments = {pid: Path(f"/proc/{pid}/cmdline").read_bytes().split(b"\0") for pid in members}
    assert any(b"--bind" in argv and f"127.0.0.1:{doccano.port}".encode() in argv for argv in arguments.values())
    for pid in members:
        assert doccano.password.encode() not in b" ".join(arguments[pid])
        environment = Path(f"/proc/{pid}/environ").read_bytes().split(b"\0")
        assert not any(doccano.password.encode() in variable for variable in environment)
        assert f"SECRET_KEY={key}".encode() in environment
    for log in (doccano.home / "logs").iterdir():
        assert doccano.password not in log.read_text(encoding="utf-8", errors="replace"), log
    # The admin account was made from stdin all the same: the session logs in with that password.
    assert connect(doccano).list_projects


def test_home_database_and_key_are_private(doccano):
    assert mode(doccano.home) == 0o700
    assert mode(doccano.home / "logs") == 0o700
    assert mode(doccano.home / "db.sqlite3") == 0o600
    assert mode(doccano.home / "secret_key") == 0o600
    key = (doccano.home / "secret_key").read_text().strip()
    assert len(key) >= 50 and key != PUBLISHED_SECRET_KEY
    # Django chmods each upload it stores to 0644 (FILE_UPLOAD_PERMISSIONS), whatever the umask; what keeps them
    # private is that every folder on the way is 0700: the home, and those doccano made under umask 077.
    folders = [path for path in doccano.home.rglob("*") if path.is_dir()]
    assert {path.name for path in folders} >= {"logs", "media"}
    assert {str(path): oct(mode(path)) for path in folders if mode(path) != 0o700} == {}


@pytest.mark.skipif(not Path("/proc/net/tcp").exists(), reason="needs Linux's /proc")
def test_another_address_only_when_asked(doccano, tmp_path):
    # A web server of its own (home, port, PID file) so the session's server is untouched; no database is
    # needed to see where gunicorn binds, which it does before it loads doccano.
    everywhere = doccano.but(host="0.0.0.0", url=f"http://127.0.0.1:{free_port()}", home=tmp_path / "home")
    server.start_process(everywhere, "webserver", workers=1)
    try:
        server.wait_until_answering(everywhere, 120)
        assert listening_addresses(everywhere.port) == {"0.0.0.0"}
    finally:
        assert server.stop(everywhere, ("webserver",)) == ["webserver"]
    assert listening_addresses(everywhere.port) == set()


# ---------------------------------------------------------------- the gold changes only by a person's decision

def pull_into(settings, gold_records, folder, *options, **changes):
    gold = folder / "annotations"
    write_jsonl(gold / f"{DOC}.jsonl", gold_records)
    result = run(settings, "doccano", "pull", "--gold", str(gold), "--exports", str(folder / "exports"),
                 "--conflicts", str(folder / "conflicts.jsonl"), *options, **changes)
    return result, {r["sent_id"]: r for r in read_records(gold / f"{DOC}.jsonl")}


def labels_of(record):
    return [(e["start_offset"], e["end_offset"], e["label"]) for e in record["entities"]]


def test_independent_plain_pull_never_fills_a_gold_line(doccano, annotated, tmp_path):
    # Sentence 2 was read by hand and left empty; alice and bob both labelled it and marked it done.
    hand = [make_record(DOC, 2, S2, {"hand": True}, [])]
    result, gold = pull_into(doccano, hand, tmp_path)
    assert result.exit_code == 0, result.output
    assert "merged alice, bob" in result.output  # never admin, whose labels are the pushed proposals
    assert "held: 1 gold line(s) differ from doccano but are not marked done there" in result.output
    assert gold[2] == hand[0]
    assert labels_of(gold[0]) == L0[0]  # a sentence new to the gold, on which both agree, is added


def test_collaborative_pull_takes_only_what_a_person_marked_done(doccano, admin, tmp_path):
    setup = run(doccano, "doccano", "setup", "--collaborative", "--guideline", str(ROOT / "ANNOTATION.md"),
                project="together")
    assert setup.exit_code == 0, setup.output
    project = require_project(admin, "together")
    push(admin, project, SENTENCES, propose, timeout=doccano.task_timeout)  # the uploader's proposals on 0 and 2
    admin.create_user("carol", "carol-password-1")
    admin.add_member(project.id, "carol", "annotator")
    annotate(doccano, project, "carol", {0: ([], []), 3: L3}, confirm={0, 3})  # takes the proposal on 0 as it is
    hand = [make_record(DOC, n, SENTENCES[n]["text"], {"hand": True}, []) for n in (0, 2)]

    plain, gold = pull_into(doccano, hand, tmp_path / "plain", project="together")
    assert plain.exit_code == 0, plain.output
    assert ("not merged: all: a collaborative project's labels are merged only from examples marked done"
            in plain.output)
    assert "merged nobody" in plain.output
    assert list(gold.values()) == hand

    approved, gold = pull_into(doccano, hand, tmp_path / "approved", "--only-approved", project="together")
    assert approved.exit_code == 0, approved.output
    assert "added 1, updated 1, unchanged 0, conflicted 0, skipped 0, held 0" in approved.output
    assert labels_of(gold[0]) == L0[0]  # marked done by carol
    assert gold[2] == hand[1]  # nobody marked it done: the uploader's PROJECT span stays out
    assert labels_of(gold[3]) == L3[0]
