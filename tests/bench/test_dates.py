"""bench/dates.py reads any folder of TimeML files and scores the values against the gold."""

from __future__ import annotations

import importlib.util
import json
import subprocess
import sys
from datetime import date
from pathlib import Path
from types import ModuleType

import pytest

SCRIPT = Path(__file__).resolve().parents[2] / "bench" / "dates.py"

# A made-up wire story in TimeML: the creation time, and three TIMEX3 with their gold values.
ARTICLE = """<?xml version="1.0" ?>
<TimeML>
<DOCID>TEST001</DOCID>
<DCT><TIMEX3 tid="t0" type="DATE" value="2024-03-14" temporalFunction="false" \
functionInDocument="CREATION_TIME">20240314</TIMEX3></DCT>
<TEXT>
Harbour Mills &amp; Co. said <TIMEX3 tid="t1" type="DATE" value="2024-03-13" \
functionInDocument="NONE">Wednesday</TIMEX3> its <TIMEX3 tid="t2" type="DATE" \
value="2023-Q4" functionInDocument="NONE">fourth-quarter</TIMEX3> profit <EVENT eid="e1" \
class="OCCURRENCE">rose</EVENT> from <TIMEX3 tid="t3" type="DATE" value="2022-Q4" \
functionInDocument="NONE">a year earlier</TIMEX3>.
</TEXT>
</TimeML>
"""


@pytest.fixture(scope="module")
def bench() -> ModuleType:
    spec = importlib.util.spec_from_file_location("bench_dates", SCRIPT)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # its dataclasses look their module up
    spec.loader.exec_module(module)
    return module


def test_read_timeml_gives_the_text_the_creation_time_and_the_gold(
    bench: ModuleType, tmp_path: Path
) -> None:
    path = tmp_path / "TEST001.tml"
    path.write_text(ARTICLE, encoding="utf-8")
    article = bench.read_timeml(path)
    assert article.published == date(2024, 3, 14)
    assert [(t.text, t.value) for t in article.timexes] == [
        ("Wednesday", "2024-03-13"),
        ("fourth-quarter", "2023-Q4"),
        ("a year earlier", "2022-Q4"),
    ]
    for timex in article.timexes:
        assert article.text[timex.start : timex.end] == timex.text
    assert article.text.startswith("\nHarbour Mills & Co. said")


def test_read_timeml_names_the_file_and_line_it_cannot_read(
    bench: ModuleType, tmp_path: Path
) -> None:
    path = tmp_path / "broken.tml"
    path.write_text(ARTICLE.replace("</TEXT>", ""), encoding="utf-8")
    with pytest.raises(bench.TimeMLError, match=r"broken\.tml: line \d+"):
        bench.read_timeml(path)
    undated = tmp_path / "undated.tml"
    undated.write_text(ARTICLE.replace("CREATION_TIME", "NONE"), encoding="utf-8")
    with pytest.raises(bench.TimeMLError, match=r"undated\.tml: no document creation time"):
        bench.read_timeml(undated)


def test_categories_come_from_the_gold_not_the_guess(bench: ModuleType) -> None:
    def kind(text: str, value: str, typ: str = "DATE") -> str:
        return str(bench.category(bench.Timex(0, len(text), text, value, typ)))

    assert kind("Wednesday", "2024-03-13") == "day: weekday"
    assert kind("March 13", "2024-03-13") == "day: month-day, no year"
    assert kind("March 13, 2024", "2024-03-13") == "day: full date"
    assert kind("three years", "P3Y", "DURATION") == "duration"
    assert kind("fourth-quarter", "2023-Q4") == "quarter, half, season"


@pytest.mark.model
def test_the_bench_scores_a_folder_and_ends_with_json(tmp_path: Path) -> None:
    (tmp_path / "TEST001.tml").write_text(ARTICLE, encoding="utf-8")
    (tmp_path / "broken.tml").write_text("<TimeML><TEXT>", encoding="utf-8")
    done = subprocess.run(
        [sys.executable, str(SCRIPT), "--timebank", str(tmp_path), "--json"],
        capture_output=True,
        text=True,
        check=True,
    )
    figures = json.loads(done.stdout.strip().splitlines()[-1])
    assert figures["n"] == 3 and figures["exact"] == 1.0
    assert figures["mean_us"] > 0 and figures["p90_us"] > 0
    assert "broken.tml: line 1" in done.stderr
