"""Help me choose: recommend the operation the way the console infers it (§2.1)."""

from __future__ import annotations

from dialogs.flows.common import YES_NO, only_if
from dialogs.steps import Answers, Flow, Step
from filing.text import N_

INTENT = Step("intent", N_("What do you want to do?"), N_("Goal"), "goal",
              choices=(("file", N_("Put a website online (file it or move it here)")),
                       ("modify", N_("Change filed information")),
                       ("cancel", N_("Cancel a filing or remove this provider")),
                       ("old", N_("Take over an old HiChina filing"))))
ENTITY_HERE = Step("entity_here", N_("Is the entity (you or your organisation) already filed "
                                     "with this provider?"),
                   N_("Entity filed with this provider"), "goal", choices=YES_NO,
                   when=only_if("intent", "file"))
ENTITY_ANYWHERE = Step("entity_anywhere", N_("Does the entity hold an MIIT filing number "
                                             "through any provider?"),
                       N_("Entity filed at MIIT"), "goal", choices=YES_NO,
                       when=lambda a: a.get("intent") == "file" and a.get("entity_here") == "no")
WEBSITE_FILED = Step("website_filed", N_("Is this website's domain already filed at MIIT?"),
                     N_("Website filed at MIIT"), "goal", choices=YES_NO,
                     when=lambda a: a.get("intent") == "file" and "yes" in (
                         a.get("entity_here"), a.get("entity_anywhere")))
MODIFY_WHAT = Step("modify_what", N_("What needs to change?"), N_("Change"), "goal",
                   choices=(("modify_entity", N_("Entity data (name, address, leader, "
                                                 "contact)")),
                            ("modify_website", N_("Website data (name, content, contact)")),
                            ("modify_access", N_("Access data (instance, IP address)"))),
                   when=only_if("intent", "modify"))
CANCEL_WHAT = Step("cancel_what", N_("What should end?"), N_("Cancellation"), "goal",
                   choices=(("cancel_website", N_("One website's filing")),
                            ("cancel_entity", N_("The entity's filing with all its "
                                                 "websites")),
                            ("cancel_access", N_("Only this provider: the websites move to "
                                                 "another provider"))),
                   when=only_if("intent", "cancel"))
OLD_WHEN = Step("old_when", N_("When was the filing submitted?"), N_("Submitted"), "goal",
                choices=(("claim", N_("Before June 2010")),
                         ("import", N_("Between June 2010 and January 2017")),
                         ("new_access", N_("After January 2017"))),
                when=only_if("intent", "old"))


def recommend(answers: Answers) -> str:
    """The operation for the answers: the §2.1 matrix for filing, the choice otherwise."""
    intent = answers.get("intent")
    if intent == "file":
        if answers.get("entity_here") == "no" and answers.get("entity_anywhere") == "no":
            return "first_filing"
        return "new_access" if answers.get("website_filed") == "yes" else "new_website"
    chosen = {"modify": "modify_what", "cancel": "cancel_what", "old": "old_when"}
    return str(answers.get(chosen.get(str(intent), ""), ""))


CHOOSE = Flow(
    "choose",
    N_("Help me choose"),
    (INTENT, ENTITY_HERE, ENTITY_ANYWHERE, WEBSITE_FILED, MODIFY_WHAT, CANCEL_WHAT, OLD_WHEN),
    None,
    intro=N_("A few questions and I'll tell you which operation fits, the way the provider's "
             "console decides it."),
    route=recommend,
)
