"""The filing flows, each a tuple of steps; ``all_flows()`` lists them for the engine.

The order is the order of the "New filing" menu: the chooser first.
"""

from __future__ import annotations

from dialogs.steps import Flow


def all_flows() -> dict[str, Flow]:
    from dialogs.flows.cancel_access import CANCEL_ACCESS
    from dialogs.flows.cancel_entity import CANCEL_ENTITY
    from dialogs.flows.cancel_website import CANCEL_WEBSITE
    from dialogs.flows.choose import CHOOSE
    from dialogs.flows.claim import CLAIM
    from dialogs.flows.first_filing import FIRST_FILING
    from dialogs.flows.import_filing import IMPORT
    from dialogs.flows.modify_access import MODIFY_ACCESS
    from dialogs.flows.modify_entity import MODIFY_ENTITY
    from dialogs.flows.modify_website import MODIFY_WEBSITE
    from dialogs.flows.new_access import NEW_ACCESS
    from dialogs.flows.new_website import NEW_WEBSITE

    flows = (CHOOSE, FIRST_FILING, NEW_WEBSITE, NEW_ACCESS, MODIFY_ENTITY, MODIFY_WEBSITE,
             MODIFY_ACCESS, CANCEL_WEBSITE, CANCEL_ENTITY, CANCEL_ACCESS, CLAIM, IMPORT)
    return {flow.name: flow for flow in flows}
