"""The committed Mermaid diagrams in docs/flows are what the flows' machines draw today."""

from __future__ import annotations

from pathlib import Path

import pytest

from dialogs.diagrams import export, mermaid
from dialogs.flows import all_flows

DOCS = Path(__file__).resolve().parents[2] / "docs" / "flows"


@pytest.mark.parametrize("name", list(all_flows()))
def test_committed_diagram_matches_a_fresh_export(name: str) -> None:
    path = DOCS / f"{name}.mmd"
    assert path.exists(), f"run `python -m dialogs.diagrams docs/flows` to draw {name}"
    assert path.read_text(encoding="utf-8") == mermaid(all_flows()[name]), (
        f"docs/flows/{name}.mmd is out of date: run `python -m dialogs.diagrams docs/flows`")


def test_no_diagram_is_left_for_a_flow_that_no_longer_exists() -> None:
    assert {path.stem for path in DOCS.glob("*.mmd")} == set(all_flows())


def test_diagram_has_no_current_state_highlighting() -> None:
    text = mermaid(all_flows()["first_filing"])
    assert "s_active" not in text and text.startswith("---\nfirst_filing\n---")


def test_export_writes_one_file_per_flow(tmp_path: Path) -> None:
    written = export(tmp_path)
    assert sorted(path.name for path in written) == sorted(f"{n}.mmd" for n in all_flows())
