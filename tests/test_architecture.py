"""The layering the architecture promises, checked by import-linter on every test run."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def test_import_contracts_are_kept() -> None:
    linter = Path(sys.executable).parent / "lint-imports"
    done = subprocess.run([str(linter), "--config", str(ROOT / "pyproject.toml")], cwd=ROOT,
                          capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stdout[-3000:]
    assert "0 broken" in done.stdout


def test_nothing_heavy_is_built_at_import_time() -> None:
    code = ("import sys, bot.cli, bot.bootstrap, dialogs.engine, filing.services, "
            "storage.uow, knowledge; "
            "print(sorted(m for m in ('jieba', 'telegram') if m in sys.modules))")
    done = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True,
                          text=True, timeout=60, check=True)
    assert done.stdout.strip() == "[]"


def _assignments_to(attribute: str, folders: tuple[str, ...]) -> list[str]:
    """Every ``<anything>.<attribute> = …`` (plain, augmented or in a tuple) in the code."""
    import ast

    found = []
    for folder in folders:
        for path in sorted((ROOT / folder).rglob("*.py")):
            tree = ast.parse(path.read_text(encoding="utf-8"))
            for node in ast.walk(tree):
                targets: list[ast.expr] = []
                if isinstance(node, ast.Assign):
                    targets = list(node.targets)
                elif isinstance(node, ast.AugAssign | ast.AnnAssign):
                    targets = [node.target]
                for target in targets:
                    parts = target.elts if isinstance(target, ast.Tuple) else [target]
                    found += [f"{path.relative_to(ROOT)}:{node.lineno}" for part in parts
                              if isinstance(part, ast.Attribute) and part.attr == attribute]
    return found


def test_only_the_form_machine_moves_a_draft() -> None:
    # A draft's position is its ``state``; transitions sets it when a trigger fires. Any
    # assignment in the code would be a move the diagrams in docs/flows do not show.
    assert _assignments_to("state", ("bot", "dialogs", "filing", "storage")) == []
