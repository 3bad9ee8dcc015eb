"""Dateline's exports through the peer tools themselves: doccano 1.8.4 and Label Studio.

Run by hand, never in CI (it installs and starts servers): `bash bench/peers.sh` (which installs
the peers into their own venvs under a cache folder and then runs this with Dateline's Python).

For each peer: start its server bound to 127.0.0.1 only, create a project, upload Dateline's
export file exactly as Dateline wrote it, export the project back through the peer's own API,
import that export into a fresh Dateline project, and compare documents, spans (with calendar
values and notes), relations, events, pending suggestions, status and metadata with the project
that was exported, for what the peer keeps. Servers are stopped by the process group of the pid
this script started. Exit status 0 only when everything that should survive did.

The project: N short articles (bench/corpus.py's doccano generator, entities and relations by
rule) imported through Dateline's doccano import, then, by commands: calendar values on DATE
spans, notes, events of the schema on trigger words with arguments, scored pending suggestions,
custom metadata on 85% of documents (some numbers, some nested), and statuses (60% done, 10%
skipped, 10% in progress, the rest new).
"""

from __future__ import annotations

import argparse
import io
import json
import os
import re
import signal
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
import uuid
import zipfile
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from corpus import doccano_record

from annotation.commands import (
    AddArgument,
    AddEvent,
    AddSpan,
    CommandError,
    SetDocumentStatus,
    SetNote,
    SetValue,
)
from annotation.exporter import ExportOptions, export
from annotation.formats.labelstudio import label_config
from annotation.formats.records import ORIGIN_KEY
from annotation.importer import import_paths
from annotation.model import DocStatus, NewSpan, SpanStatus
from annotation.session import Session
from annotation.store import Store

ACCEPTED = (SpanStatus.ACCEPTED,)
WITH_SUGGESTIONS = (SpanStatus.ACCEPTED, SpanStatus.SUGGESTED)


# -- the project ---------------------------------------------------------------------------------


def build_project(path: Path, count: int, work: Path) -> Session:
    """A project of `count` articles with everything the exports carry (see the module)."""
    source = work / "corpus.doccano.jsonl"
    with source.open("w", encoding="utf-8") as handle:
        for number in range(count):
            record = doccano_record(number)
            record["title"] = f"Article {number}"
            record["source"] = "Wire" if number % 3 else "Desk"
            record["published"] = f"2025-11-{1 + number % 28:02d}"
            if number % 5 == 0:
                record["place"] = "Seoul"
            if number % 20 < 17:  # 170 of 200: the mix that made doccano refuse whole files
                record["desk"] = ["world", "asia", "science"][number % 3]
                if number % 4 == 0:
                    record["priority"] = number % 3  # a number: NaN where doccano lacks it
                if number % 6 == 0:
                    record["wire"] = {"agency": "IANS", "codes": [number, number + 1]}
            handle.write(json.dumps(record, ensure_ascii=False) + "\n")
    session = Session.open(path, annotator="peers")
    report = import_paths(session, [source], fmt="doccano")
    if not report.ok:
        raise SystemExit(f"building the project failed: {report.errors[:3]}")
    schema = session.schema
    triggers = {word: event.type for event in schema.events for word in event.triggers}
    trigger_pattern = re.compile(r"\b(" + "|".join(map(re.escape, triggers)) + r")\b")
    statuses = (
        [DocStatus.DONE] * 6 + [DocStatus.SKIPPED, DocStatus.IN_PROGRESS] + [DocStatus.NEW] * 2
    )
    for number, document_id in enumerate(session.store.document_ids()):
        text = session.store.document(document_id).text
        spans = session.store.spans(document_id, ACCEPTED)
        dates = [s for s in spans if s.label == "DATE"]
        if dates:
            session.execute(SetValue(dates[0].id, f"2025-11-{1 + number % 28:02d}"))
        if number % 7 == 0 and spans:
            session.execute(SetNote(spans[-1].id, f"checked against the wire, item {number}"))
        match = trigger_pattern.search(text) if number % 3 != 2 else None
        if match is not None:
            _add_event(session, document_id, triggers[match.group(1)], match.span(), spans)
        if number % 3 == 0:
            _add_suggestion(session, document_id, text, number)
        session.execute(SetDocumentStatus(document_id, statuses[number % 10]))
    return session


def _add_event(
    session: Session, document_id: int, kind: str, where: tuple[int, int], spans: list[Any]
) -> None:
    schema_event = session.schema.event(kind)
    assert schema_event is not None
    try:
        change = session.execute(AddEvent(kind, document=document_id, trigger_span=where))
    except CommandError:
        return
    (event_id,) = change.events
    used: set[int] = set()
    for role in schema_event.roles:
        for span in sorted(spans, key=lambda s: abs(s.start - where[0])):
            if span.id not in used and role.labels and role.accepts(span.label):
                try:
                    session.execute(AddArgument(event_id, role.name, span.id))
                except CommandError:
                    continue
                used.add(span.id)
                break


def _add_suggestion(session: Session, document_id: int, text: str, number: int) -> None:
    taken = [(s.start, s.end) for s in session.store.spans(document_id, WITH_SUGGESTIONS)]
    for match in re.finditer(r"\b[A-Z][a-z]{3,}\b", text):
        start, end = match.span()
        if all(end <= a or b <= start for a, b in taken):
            span = NewSpan(
                start,
                end,
                "ORG",
                SpanStatus.SUGGESTED,
                "model:en_core_web_sm@3.8.0",
                round(0.5 + (number % 5) / 10, 2),
            )
            session.execute(AddSpan(document_id, span))
            return


# -- comparing -----------------------------------------------------------------------------------


def snapshot(store: Store, statuses: tuple[SpanStatus, ...]) -> dict[str, dict[str, Any]]:
    """Per text: fields, metadata (without where it came from), status, spans with values,
    notes and (suggestions) origin and score, relations and events, keyed by offsets."""
    result = {}
    for document_id in store.document_ids():
        doc = store.document(document_id)
        spans = store.spans(document_id, statuses)
        key = {s.id: (s.start, s.end, s.label) for s in spans}
        arguments = store.document_arguments(document_id)
        events = sorted(
            (
                e.type,
                key[e.trigger],
                sorted((a.role, key[a.span]) for a in arguments if a.event_id == e.id),
                sorted(e.attributes.items()),
            )
            for e in store.events(document_id)
            if e.trigger in key
        )
        meta = {k: v for k, v in doc.meta.items() if k != ORIGIN_KEY}
        result[doc.text] = {
            "fields": (doc.title, doc.source, doc.url, doc.published, doc.place, doc.language),
            "meta": meta,
            "status": doc.status.value,
            "spans": sorted(
                (
                    s.start,
                    s.end,
                    s.label,
                    s.status.value,
                    s.value,
                    s.note,
                    s.origin if s.status is SpanStatus.SUGGESTED else None,
                    s.score if s.status is SpanStatus.SUGGESTED else None,
                )
                for s in spans
            ),
            "relations": sorted(
                (key[r.head], key[r.child], r.label)
                for r in store.relations(document_id)
                if r.head in key and r.child in key
            ),
            "events": events,
        }
    return result


def counts(snap: dict[str, dict[str, Any]]) -> dict[str, int]:
    spans = [s for d in snap.values() for s in d["spans"]]
    return {
        "documents": len(snap),
        "spans": sum(1 for s in spans if s[3] == "accepted"),
        "suggestions": sum(1 for s in spans if s[3] == "suggested"),
        "values": sum(1 for s in spans if s[4] is not None),
        "notes": sum(1 for s in spans if s[5] is not None),
        "relations": sum(len(d["relations"]) for d in snap.values()),
        "events": sum(len(d["events"]) for d in snap.values()),
        "with metadata": sum(1 for d in snap.values() if d["meta"]),
    }


def compare(
    name: str,
    before: dict[str, dict[str, Any]],
    after: dict[str, dict[str, Any]],
    drop: Callable[[dict[str, Any]], None] = lambda document: None,
) -> bool:
    """Print the counts each side holds and every difference; True when they are the same."""
    for document in before.values():
        drop(document)
    same = before == after
    print(f"  {name}: Dateline sent {counts(before)}")
    print(f"  {name}: back from the peer {counts(after)}")
    if not same:
        missing = [t[:40] for t in before if t not in after]
        print(f"  {name}: DIFFERENT; {len(missing)} documents missing, first {missing[:3]}")
        for text in before:
            if text in after and before[text] != after[text]:
                for field in before[text]:
                    if before[text][field] != after[text][field]:
                        print(f"    {text[:40]!r} {field}:")
                        print(f"      sent {before[text][field]}")
                        print(f"      back {after[text][field]}")
                break
    else:
        print(f"  {name}: every one survived")
    return same


def reimport(path: Path, work: Path, name: str, fmt: str | None) -> Session:
    fresh = Session.open(work / f"{name}.db", annotator="peers")
    report = import_paths(fresh, [path], fmt=fmt)
    if not report.ok:
        raise SystemExit(f"{name}: Dateline could not import the peer's export: {report.errors}")
    return fresh


# -- servers and HTTP ----------------------------------------------------------------------------


@contextmanager
def server(
    command: list[str], env: dict[str, str], log: Path, ready: Callable[[], bool]
) -> Iterator[int]:
    """Start a server in its own process group; stop that group (by the pid started) at the end."""
    with log.open("ab") as out:
        process = subprocess.Popen(
            command, env=env, stdout=out, stderr=subprocess.STDOUT, start_new_session=True
        )
    try:
        deadline = time.monotonic() + 600
        while not ready():
            if process.poll() is not None:
                raise SystemExit(f"{command[0]} exited ({process.returncode}); see {log}")
            if time.monotonic() > deadline:
                raise SystemExit(f"{command[0]} was not ready in 10 minutes; see {log}")
            time.sleep(2)
        yield process.pid
    finally:
        if process.poll() is None:
            os.killpg(process.pid, signal.SIGTERM)
            try:
                process.wait(30)
            except subprocess.TimeoutExpired:
                os.killpg(process.pid, signal.SIGKILL)
                process.wait()


def http(
    method: str,
    url: str,
    token: str,
    body: Any = None,
    files: dict[str, tuple[str, bytes]] | None = None,
    scheme: str = "Token",
) -> bytes:
    headers = {"Authorization": f"{scheme} {token}"} if token else {}
    data = None
    if files is not None:
        boundary = uuid.uuid4().hex
        parts = io.BytesIO()
        for field, (filename, content) in files.items():
            parts.write(f"--{boundary}\r\n".encode())
            parts.write(
                f'Content-Disposition: form-data; name="{field}"; filename="{filename}"\r\n'
                "Content-Type: application/octet-stream\r\n\r\n".encode()
            )
            parts.write(content + b"\r\n")
        parts.write(f"--{boundary}--\r\n".encode())
        data = parts.getvalue()
        headers["Content-Type"] = f"multipart/form-data; boundary={boundary}"
    elif body is not None:
        data = json.dumps(body).encode()
        headers["Content-Type"] = "application/json"
    request = urllib.request.Request(url, data=data, method=method, headers=headers)
    try:
        with urllib.request.urlopen(request, timeout=600) as response:
            return bytes(response.read())
    except urllib.error.HTTPError as exc:
        raise SystemExit(f"{method} {url}: {exc.code} {exc.read()[:800]!r}") from exc


def up(url: str) -> Callable[[], bool]:
    def check() -> bool:
        try:
            with urllib.request.urlopen(url, timeout=5) as response:
                return bool(response.status < 500)
        except urllib.error.HTTPError as exc:
            return exc.code < 500
        except OSError:
            return False

    return check


# -- doccano ---------------------------------------------------------------------------------------


def doccano(cache: Path, port: int, work: Path, session: Session) -> bool:
    venv = cache / "doccano"
    backend = next((venv / "lib").glob("python3*/site-packages/backend"))
    home = work / "doccano-home"
    env = {
        **os.environ,
        "DOCCANO_HOME": str(home),
        "DJANGO_SETTINGS_MODULE": "config.settings.production",
        "DATABASE_URL": f"sqlite:///{home / 'db.sqlite3'}",
        "MEDIA_ROOT": str(home / "media"),
        "STANDALONE": "True",
        "DEBUG": "False",
        "PYTHONPATH": str(backend),
    }
    python = str(venv / "bin" / "python")
    log = work / "doccano.log"
    with log.open("ab") as out:
        for args in (["init"], ["createuser", "--username", "admin", "--password", "peers-only"]):
            subprocess.run(
                [str(venv / "bin" / "doccano"), *args], env=env, check=True, stdout=out, stderr=out
            )
        made = subprocess.run(
            [python, str(backend / "manage.py"), "drf_create_token", "admin"],
            env=env,
            check=True,
            capture_output=True,
            text=True,
        )
    token = made.stdout.split()[2]
    base = f"http://127.0.0.1:{port}"
    web = [python, "-m", "waitress", f"--listen=127.0.0.1:{port}", "config.wsgi:application"]
    worker = [python, "-m", "celery", "--app=config", f"--workdir={backend}", "worker"]
    worker += ["--pool=solo", "--loglevel=warning"]
    ok = True
    # The worker first: doccano's health check answers only once its task queue does.
    with (
        server(worker, env, log, lambda: True),
        server(web, env, log, up(f"{base}/v1/health/")),
    ):
        for shape, task in (("entities", "RelationExtraction"), ("label", "SequenceLabeling")):
            out = work / f"dateline.doccano-{shape}.jsonl"
            export(
                session.store, session.schema, out, "doccano", ExportOptions(doccano_shape=shape)
            )
            project = json.loads(
                http(
                    "POST",
                    f"{base}/v1/projects",
                    token,
                    {
                        "name": f"dateline-{shape}",
                        "description": "Dateline's export, as written",
                        "project_type": "SequenceLabeling",
                        "resourcetype": "SequenceLabelingProject",
                        "use_relation": shape == "entities",
                        "allow_overlapping": True,
                        "collaborative_annotation": True,
                        "guideline": "",
                    },
                )
            )["id"]
            upload = http(
                "POST",
                f"{base}/v1/fp/process/",
                token,
                files={"filepond": (out.name, out.read_bytes())},
            ).decode()
            started = json.loads(
                http(
                    "POST",
                    f"{base}/v1/projects/{project}/upload",
                    token,
                    {
                        "uploadIds": [upload],
                        "format": "JSONL",
                        "task": task,
                        "column_data": "text",
                        "column_label": "label",
                        "delimiter": ",",
                        "encoding": "utf_8",
                    },
                )
            )["task_id"]
            result = _wait(f"{base}/v1/tasks/status/{started}", token)
            examples = json.loads(
                http("GET", f"{base}/v1/projects/{project}/examples?limit=1", token)
            )
            print(f"doccano ({shape}): uploaded {out.name}; doccano holds {examples['count']}")
            if result.get("error") or (result.get("result") or {}).get("error"):
                print(f"  doccano reported: {str(result)[:600]}")
            started = json.loads(
                http(
                    "POST",
                    f"{base}/v1/projects/{project}/download",
                    token,
                    {"format": "JSONL", "exportApproved": False},
                )
            )["task_id"]
            archive = _download(f"{base}/v1/projects/{project}/download?taskId={started}", token)
            back = work / f"doccano-{shape}-export.jsonl"
            with zipfile.ZipFile(io.BytesIO(archive)) as zipped:
                (member,) = zipped.namelist()
                back.write_bytes(zipped.read(member))
            fresh = reimport(back, work, f"doccano-{shape}", "doccano")
            before = snapshot(session.store, ACCEPTED)

            def no_links(document: dict[str, Any]) -> None:
                document.update(relations=[], events=[])
                document["spans"] = [s for s in document["spans"] if s[2] not in TRIGGERS]

            ok &= compare(
                f"doccano ({shape})",
                before,
                snapshot(fresh.store, ACCEPTED),
                no_links if shape == "label" else (lambda document: None),
            )
            origins = sum(
                1
                for i in fresh.store.document_ids()
                if fresh.store.document(i).meta.get(ORIGIN_KEY, {}).get("tool") == "doccano"
            )
            print(f"  doccano ({shape}): {origins} documents keep doccano's id under {ORIGIN_KEY}")
            fresh.close()
    return ok


TRIGGERS: frozenset[str] = frozenset()


def _wait(url: str, token: str) -> dict[str, Any]:
    for _ in range(600):
        status = json.loads(http("GET", url, token))
        if status.get("ready"):
            return dict(status)
        time.sleep(1)
    raise SystemExit(f"{url}: not ready in 10 minutes")


def _download(url: str, token: str) -> bytes:
    for _ in range(600):
        data = http("GET", url, token)
        if data[:2] == b"PK":
            return data
        time.sleep(1)
    raise SystemExit(f"{url}: the export was not ready in 10 minutes")


# -- Label Studio ----------------------------------------------------------------------------------


def labelstudio(cache: Path, port: int, work: Path, session: Session) -> bool:
    venv = cache / "labelstudio"
    token = uuid.uuid4().hex
    data = work / "labelstudio-data"
    env = {
        **os.environ,
        "LABEL_STUDIO_BASE_DATA_DIR": str(data),
        "LABEL_STUDIO_ENABLE_LEGACY_API_TOKEN": "true",
        "LABEL_STUDIO_DISABLE_SIGNUP_WITHOUT_LINK": "true",
        "SENTRY_DSN": "",
        "FRONTEND_SENTRY_DSN": "",
        "COLLECT_ANALYTICS": "false",
    }
    command = [str(venv / "bin" / "label-studio"), "start", "--no-browser"]
    command += ["--internal-host", "127.0.0.1", "--port", str(port), "--data-dir", str(data)]
    command += [
        "--username",
        "peers@localhost",
        "--password",
        "peers-only-1",
        "--user-token",
        token,
    ]
    base = f"http://127.0.0.1:{port}"
    with server(command, env, work / "labelstudio.log", up(f"{base}/health")):
        out = work / "dateline.labelstudio.json"
        export(session.store, session.schema, out, "labelstudio")
        project = json.loads(
            http(
                "POST",
                f"{base}/api/projects",
                token,
                {"title": "dateline", "label_config": label_config(session.schema)},
            )
        )["id"]
        imported = json.loads(
            http(
                "POST",
                f"{base}/api/projects/{project}/import",
                token,
                files={"file": (out.name, out.read_bytes())},
            )
        )
        print(
            f"Label Studio: uploaded {out.name}: {imported.get('task_count')} tasks, "
            f"{imported.get('annotation_count')} annotations, "
            f"{imported.get('prediction_count')} predictions"
        )
        # An export snapshot: the quick export lists predictions by id only.
        snapshot_id = json.loads(
            http(
                "POST",
                f"{base}/api/projects/{project}/exports/",
                token,
                {
                    "title": "dateline",
                    "serialization_options": {
                        "predictions": {"only_id": False},
                        "drafts": {"only_id": False},
                    },
                    "task_filter_options": {"only_with_annotations": False},
                    "annotation_filter_options": {
                        "usual": True,
                        "ground_truth": True,
                        "skipped": True,
                    },
                },
            )
        )["id"]
        exports = f"{base}/api/projects/{project}/exports/{snapshot_id}"
        for _ in range(600):
            state = json.loads(http("GET", exports, token)).get("status")
            if state == "completed":
                break
            if state == "failed":
                raise SystemExit(f"Label Studio's export failed; see {work / 'labelstudio.log'}")
            time.sleep(1)
        back = work / "labelstudio-export.json"
        back.write_bytes(http("GET", f"{exports}/download?exportType=JSON", token))
        fresh = reimport(back, work, "labelstudio", None)
        ok = compare(
            "Label Studio",
            snapshot(session.store, WITH_SUGGESTIONS),
            snapshot(fresh.store, WITH_SUGGESTIONS),
        )
        fresh.close()
    return ok


# -- main ------------------------------------------------------------------------------------------


def main() -> None:
    global TRIGGERS
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--cache", type=Path, required=True, help="where the peers' venvs are")
    parser.add_argument("--documents", type=int, default=200)
    parser.add_argument("--only", choices=["doccano", "labelstudio"], default=None)
    parser.add_argument("--port", type=int, default=18470, help="doccano's; Label Studio's is +1")
    parser.add_argument("--keep", action="store_true", help="keep the work folder")
    args = parser.parse_args()
    work = Path(tempfile.mkdtemp(prefix="dateline-peers-"))
    print(f"work folder: {work}")
    session = build_project(work / "project.db", args.documents, work)
    TRIGGERS = frozenset(event.type for event in session.schema.events)
    print(f"Dateline project: {counts(snapshot(session.store, WITH_SUGGESTIONS))}")
    results = {}
    if args.only in (None, "doccano"):
        results["doccano"] = doccano(args.cache, args.port, work, session)
    if args.only in (None, "labelstudio"):
        results["labelstudio"] = labelstudio(args.cache, args.port + 1, work, session)
    session.close()
    print(
        "result: " + ", ".join(f"{name} {'ok' if ok else 'FAILED'}" for name, ok in results.items())
    )
    if not args.keep and all(results.values()):
        import shutil

        shutil.rmtree(work)
    sys.exit(0 if all(results.values()) else 1)


if __name__ == "__main__":
    main()
