"""`dateline schema`, `dateline train` and `dateline models`, as a newcomer runs them."""

from __future__ import annotations

from pathlib import Path

from click.testing import CliRunner

from annotation.cli import main
from annotation.session import Session
from annotation.suggest import save_suggestions
from tests.annotation.conftest import add_document
from tests.annotation.training.projects import make_arms_project, ruler


def run(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(main, list(args))
    return result.exit_code, result.stdout, result.stderr


def test_schema_set_takes_a_bundled_schema_by_name_and_show_prints_it(tmp_path: Path) -> None:
    project = str(tmp_path / "p.db")
    code, out, _ = run("schema", "set", "re3d", "-p", project)
    assert code == 0 and "now uses the schema re3d" in out
    code, out, _ = run("schema", "show", "-p", project)
    assert code == 0
    assert "MilitaryPlatform" in out and "GPE          -> Location" in out
    session = Session.open(project)
    try:
        assert session.setting("schema_path") == "re3d"  # by name: survives an upgrade
        assert session.schema.label_map["PERSON"] == "Person"
    finally:
        session.close()


def test_schema_set_refuses_to_orphan_labels_unless_asked(tmp_path: Path) -> None:
    project = tmp_path / "p.db"
    session = Session.open(project)
    try:
        document = session.store.document(add_document(session.store))
        stock = ruler("stock_test", [{"label": "PERSON", "pattern": "Narendra Modi"}])
        save_suggestions(session, stock.suggest([document]), stock.origin)
    finally:
        session.close()
    code, _, err = run("schema", "set", "re3d", "-p", str(project))
    assert code == 1 and "PERSON (1)" in err and "--add-missing" in err
    code, out, _ = run("schema", "set", "re3d", "-p", str(project), "--add-missing")
    assert code == 0 and "plus the labels PERSON" in out
    code, _, err = run("schema", "set", "no_such_schema", "-p", str(project))
    assert code == 1 and "no_such_schema" in err and "Traceback" not in err


def test_train_use_switches_the_pipeline_and_suggestions_carry_the_new_model(
    tmp_path: Path,
) -> None:
    project = make_arms_project(tmp_path)
    session = Session.open(project)
    try:  # a new document with the stock pipeline's pending suggestion
        waiting = add_document(session.store, "Colonel Ahmed saw AK-47 rifles.")
        stock = ruler("stock_test", [{"label": "PERSON", "pattern": "Colonel"}])
        save_suggestions(session, stock.suggest([session.store.document(waiting)]), stock.origin)
    finally:
        session.close()

    code, out, err = run(
        "train", "-p", str(project), "--max-steps", "40", "--split", "0.75", "--use"
    )
    assert code == 0, err
    assert "Model en_dateline_arms 1" in out and "Weapon" in out
    assert "now suggests with en_dateline_arms 1" in out
    assert "Replaced 1 pending suggestions of other models" in out

    code, out, _ = run("models", "-p", str(project))
    assert code == 0 and "* en_dateline_arms 1" in out

    session = Session.open(project)
    try:
        assert Path(str(session.setting("pipeline"))).name == "dateline_arms-1"
        found = {(s.label, s.origin) for s in session.store.spans(waiting)}
        assert ("Weapon", "model:en_dateline_arms@1") in found
        assert all(origin == "model:en_dateline_arms@1" for _, origin in found)
        later = add_document(session.store, "Police found AK-47 rifles in a truck.")
    finally:
        session.close()
    code, _, err = run("suggest", "-p", str(project))
    assert code == 0, err
    session = Session.open(project)
    try:
        origins = {s.origin for s in session.store.spans(later)}
    finally:
        session.close()
    assert origins == {"model:en_dateline_arms@1"}


def test_models_use_and_show_name_unknown_versions(tmp_path: Path) -> None:
    project = make_arms_project(tmp_path)
    code, out, _ = run("models", "-p", str(project))
    assert code == 0 and "No trained models yet" in out
    code, _, err = run("models", "-p", str(project), "use", "7")
    assert code == 1 and "no trained model '7'" in err
