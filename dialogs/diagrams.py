"""Mermaid state diagrams of the flows, drawn from the very machine config the engine runs.

``python -m dialogs.diagrams docs/flows`` writes one ``<flow>.mmd`` per flow; a test keeps the
committed files current.
"""

from __future__ import annotations

import re
import sys
from pathlib import Path

from transitions.extensions import GraphMachine

from dialogs.flows import all_flows
from dialogs.machine import machine_config
from dialogs.steps import Flow

_ACTIVE = re.compile(r"^\s*(classDef s_(active|previous)\b.*|Class \S+ s_(active|previous))$")


class _Model:
    """A throwaway model: GraphMachine draws the graph of a model, not of the machine."""


def mermaid(flow: Flow) -> str:
    """The flow's machine as Mermaid text, without the "current state" highlighting."""
    model = _Model()
    config = machine_config(flow)
    GraphMachine(model=model, states=config["states"],
                 transitions=list(config["transitions"]),
                 initial=config["initial"], auto_transitions=False, send_event=True,
                 title=flow.name, show_conditions=True, graph_engine="mermaid")
    text: str = getattr(model, "get_graph")().draw(None)  # noqa: B009 - added by the machine
    initial = f"Class {config['initial']} s_active"
    lines = [line.replace(initial, f"Class {config['initial']} s_default")
             for line in text.splitlines()]
    return "\n".join(line.rstrip() for line in lines if not _ACTIVE.match(line)) + "\n"


def export(folder: Path) -> list[Path]:
    folder.mkdir(parents=True, exist_ok=True)
    written = []
    for name, flow in all_flows().items():
        path = folder / f"{name}.mmd"
        path.write_text(mermaid(flow), encoding="utf-8")
        written.append(path)
    return written


def main(argv: list[str] | None = None) -> int:
    args = sys.argv[1:] if argv is None else argv
    for path in export(Path(args[0] if args else "docs/flows")):
        print(path)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
