"""The filing flows, each a tuple of steps; ``all_flows()`` lists them for the engine."""

from __future__ import annotations

from dialogs.steps import Flow


def all_flows() -> dict[str, Flow]:
    from dialogs.flows.first_filing import FIRST_FILING

    flows = (FIRST_FILING,)
    return {flow.name: flow for flow in flows}
