"""The catalogue of rejection reasons (domain reference §8): a code, what is wrong, how to fix.

Codes are what reviewers type and what events carry; the texts are message ids rendered in
the applicant's language. ``fields`` names the answers the applicant should correct;
``order_types`` the operations a reviewer may give the reason for (a cancellation is not
rejected for its website's name).
"""

from __future__ import annotations

from dataclasses import dataclass

from filing.text import N_
from filing.types import OrderType

T = OrderType
EVERY = frozenset(OrderType)
NEW_SITES = frozenset({T.FIRST_FILING, T.NEW_WEBSITE})
MODIFY = frozenset({T.MODIFY_ENTITY, T.MODIFY_WEBSITE, T.MODIFY_ACCESS})
# Operations whose persons are checked: data, certificates, face (filing-details.md §7.1).
PERSONS = NEW_SITES | {T.NEW_ACCESS, T.MODIFY_ENTITY}
# Operations verified by MIIT's SMS (filing.lifecycle.PATHS; kept in step by a test).
SMS_VERIFIED = EVERY - {T.CANCEL_ACCESS, T.CLAIM, T.IMPORT}
ON_FILED = EVERY - {T.FIRST_FILING}
NOTE_REQUIRED = "other"  # the reason that says nothing without the reviewer's note


@dataclass(frozen=True)
class RejectionReason:
    code: str
    problem: str
    fix: str
    fields: tuple[str, ...] = ()
    order_types: frozenset[OrderType] = EVERY


REASONS: tuple[RejectionReason, ...] = (
    RejectionReason("domain_not_verified",
                    N_("The domain is not real-name verified, or the verification has not yet "
                       "reached MIIT's database."),
                    N_("Complete real-name verification at your registrar and wait 2–3 days "
                       "before resubmitting."), ("domain",),
                    order_types=NEW_SITES),
    RejectionReason("domain_holder_mismatch",
                    N_("The domain's real-name holder is not the filing entity."),
                    N_("Transfer the domain to the entity, or correct the entity's name and "
                       "certificate so they match the domain holder."),
                    ("domain", "entity_name", "certificate_number"),
                    order_types=NEW_SITES),
    RejectionReason("domain_tld_or_expiry",
                    N_("The domain's suffix or registrar is not approved by MIIT, or the domain "
                       "expires within 3 months."),
                    N_("Renew the domain, or move it to an MIIT-approved registrar or suffix."),
                    ("domain",),
                    order_types=NEW_SITES | {T.NEW_ACCESS}),
    RejectionReason("cross_province",
                    N_("The entity is not domiciled in the province it filed in, or a non-local "
                       "individual gave no residence permit."),
                    N_("File in the province of the certificate, or add the local residence "
                       "permit."), ("region", "address"),
                    order_types=NEW_SITES | {T.NEW_ACCESS, T.MODIFY_ENTITY}),
    RejectionReason("website_name",
                    N_("The website name does not follow the naming rules."),
                    N_("Choose a name of at least 3 Chinese characters that describes the "
                       "content, without company, commerce or national words for personal "
                       "sites."), ("website_name",),
                    order_types=NEW_SITES | {T.MODIFY_WEBSITE}),
    RejectionReason("pre_approval_missing",
                    N_("The content or name needs a sector pre-approval that was not provided."),
                    N_("Obtain the approval, or change the content and name."),
                    ("website_name", "website_content"),
                    order_types=NEW_SITES | {T.MODIFY_WEBSITE}),
    RejectionReason("individual_commercial",
                    N_("A personal website shows company, industry or commercial content."),
                    N_("File as an organisation, or change the content to a personal one."),
                    ("website_name", "website_content"),
                    order_types=NEW_SITES | {T.MODIFY_WEBSITE}),
    RejectionReason("site_online_during_review",
                    N_("The website was reachable while a first filing or new website was "
                       "under review."),
                    N_("Stop the site (or show an 'under construction' page) until approval."),
                    (),
                    order_types=NEW_SITES),
    RejectionReason("filed_sites_unreachable",
                    N_("Websites the entity already filed cannot be opened, or do not show "
                       "their filing number linked to beian.miit.gov.cn."),
                    N_("Bring the filed sites online with the number in the footer, linked to "
                       "https://beian.miit.gov.cn."), (),
                    order_types=frozenset({T.NEW_WEBSITE, T.NEW_ACCESS} | MODIFY)),
    RejectionReason("leader_not_legal_rep",
                    N_("The entity leader is not the organisation's legal representative."),
                    N_("Name the legal representative, or add a power of attorney where the "
                       "province accepts one."), ("leader_name", "leader_id_number"),
                    order_types=PERSONS),
    RejectionReason("materials_unclear",
                    N_("Certificate images are unclear, incomplete, copies or photos of a "
                       "screen, or the certificate expires within 3 months."),
                    N_("Photograph the original certificates again, in colour with all four "
                       "edges visible."), ("materials",),
                    order_types=PERSONS | {T.CLAIM}),
    RejectionReason("face_verification_failed",
                    N_("Face verification failed (background, lighting, glasses, or data that "
                       "does not match)."),
                    N_("Redo the face verification in the provider's app against a white wall, "
                       "in good light, without a hat or glasses."), (),
                    order_types=PERSONS),
    RejectionReason("phone_problem",
                    N_("A phone number is unreachable, not from the required province, already "
                       "used by another entity, or repeated between leaders."),
                    N_("Give a reachable mainland mobile that belongs to the person and no one "
                       "else's filing."), ("leader_mobile", "website_mobile"),
                    order_types=SMS_VERIFIED),
    RejectionReason("sms_not_verified",
                    N_("The MIIT SMS verification was not completed within 24 hours."),
                    N_("Watch for the SMS from 12381 and complete the verification at "
                       "beian.miit.gov.cn within 24 hours."), (),
                    order_types=SMS_VERIFIED),
    RejectionReason("already_filed",
                    N_("A filing already exists at MIIT for this entity or domain."),
                    N_("Use the existing filing (new website or new access), or ask the previous "
                       "province to cancel a stale number."), ("domain",),
                    order_types=NEW_SITES),
    RejectionReason("order_conflict",
                    N_("Another order for this entity or domain is in progress elsewhere."),
                    N_("Finish or withdraw the other order first."), ()),
    RejectionReason("address_incomplete",
                    N_("The address is not detailed down to the house number, or the mailing "
                       "and certificate addresses are in different provinces."),
                    N_("Give the full address with street and house number."), ("address",),
                    order_types=frozenset({T.FIRST_FILING, T.MODIFY_ENTITY})),
    RejectionReason("filing_mismatch",
                    N_("The filing number, entity or domain does not match MIIT's record."),
                    N_("Enter the entity and websites exactly as filed; check them in MIIT's "
                       "public search at https://beian.miit.gov.cn."),
                    ("entity_filing_number", "filing_number", "domain", "entity_name",
                     "certificate_number"), order_types=ON_FILED),
    RejectionReason("ownership_not_proven",
                    N_("The provider could not confirm that the filing belongs to you."),
                    N_("Send the proof the provider asks for, such as the certificate images "
                       "of the entity on the old HiChina account. Never send a password."),
                    ("materials",), order_types=frozenset({T.CLAIM, T.IMPORT})),
    RejectionReason("new_access_pending",
                    N_("The new provider's access filing is not approved yet."),
                    N_("Wait until the new provider's “new access” is approved, then cancel "
                       "access here again."), ("new_access_done",),
                    order_types=frozenset({T.CANCEL_ACCESS})),
    RejectionReason("other",
                    N_("The reviewer found another problem (see the note)."),
                    N_("Follow the reviewer's note and resubmit."), ()),
)

_BY_CODE = {reason.code: reason for reason in REASONS}


def reason_by_code(code: str) -> RejectionReason:
    """The catalogue entry for ``code``; KeyError for codes not in the catalogue."""
    return _BY_CODE[code]


def is_known_reason(code: str) -> bool:
    return code in _BY_CODE


def reasons_for(order_type: OrderType) -> tuple[RejectionReason, ...]:
    """The reasons a reviewer is offered for an order of ``order_type``."""
    return tuple(reason for reason in REASONS if order_type in reason.order_types)


def applies_to(code: str, order_type: OrderType) -> bool:
    return is_known_reason(code) and order_type in _BY_CODE[code].order_types
