"""Human labels (message ids) for the core's vocabularies."""

from __future__ import annotations

from filing.data import pre_approvals
from filing.data.website_options import LANGUAGES, SERVICE_CONTENT
from filing.lifecycle import Action, SmsTo, Status
from filing.registry import EntityState, SiteState
from filing.text import N_
from filing.types import CertificateType, EntityType, OrderType

ENTITY_TYPES: dict[str, str] = {
    EntityType.INDIVIDUAL: N_("Individual"),
    EntityType.ENTERPRISE: N_("Enterprise"),
    EntityType.INDIVIDUAL_BUSINESS: N_("Individual business (sole proprietor)"),
    EntityType.GOVERNMENT: N_("Government agency"),
    EntityType.PUBLIC_INSTITUTION: N_("Public institution"),
    EntityType.SOCIAL_ORGANIZATION: N_("Social organisation"),
    EntityType.PRIVATE_NON_ENTERPRISE: N_("Private non-enterprise unit"),
    EntityType.FOUNDATION: N_("Foundation"),
    EntityType.LAW_FIRM: N_("Law firm"),
}

CERTIFICATES: dict[str, str] = {
    CertificateType.RESIDENT_ID: N_("Resident ID card"),
    CertificateType.HK_MACAO_PERMIT: N_("Mainland travel permit (Hong Kong / Macao)"),
    CertificateType.TAIWAN_PERMIT: N_("Mainland travel permit (Taiwan)"),
    CertificateType.RESIDENCE_PERMIT_HMT: N_("Residence permit for Hong Kong, Macao and "
                                             "Taiwan residents"),
    CertificateType.PASSPORT: N_("Passport"),
    CertificateType.FOREIGN_PERMANENT_ID: N_("Foreigner's permanent residence ID card"),
    CertificateType.BUSINESS_LICENSE: N_("Business licence"),
    CertificateType.FOREIGN_REPRESENTATIVE_OFFICE: N_("Registration certificate of a foreign "
                                                      "company's representative office"),
    CertificateType.USCC_CERTIFICATE: N_("Unified social credit code certificate"),
    CertificateType.ORGANIZATION_CODE: N_("Organisation code certificate"),
    CertificateType.PUBLIC_INSTITUTION_CERTIFICATE: N_("Public institution legal person "
                                                       "certificate"),
    CertificateType.SOCIAL_ORGANIZATION_CERTIFICATE: N_("Social organisation registration "
                                                        "certificate"),
    CertificateType.PRIVATE_NON_ENTERPRISE_CERTIFICATE: N_("Private non-enterprise unit "
                                                           "registration certificate"),
    CertificateType.SOCIAL_SERVICE_CERTIFICATE: N_("Social service organisation registration "
                                                   "certificate"),
    CertificateType.FOUNDATION_CERTIFICATE: N_("Foundation legal person registration "
                                               "certificate"),
    CertificateType.LAW_FIRM_LICENSE: N_("Law firm practice licence"),
}

ORDER_TYPES: dict[str, str] = {
    OrderType.FIRST_FILING: N_("First-time filing"),
    OrderType.NEW_WEBSITE: N_("New website"),
    OrderType.NEW_ACCESS: N_("New access (transfer in)"),
    OrderType.MODIFY_ENTITY: N_("Modify entity information"),
    OrderType.MODIFY_WEBSITE: N_("Modify website information"),
    OrderType.MODIFY_ACCESS: N_("Modify access information"),
    OrderType.CANCEL_WEBSITE: N_("Cancel a website"),
    OrderType.CANCEL_ENTITY: N_("Cancel the entity"),
    OrderType.CANCEL_ACCESS: N_("Cancel access (remove this provider)"),
    OrderType.CLAIM: N_("Claim a filing"),
    OrderType.IMPORT: N_("Import a filing"),
}

STATUSES: dict[str, str] = {
    Status.DRAFT: N_("Draft"),
    Status.PROVIDER_REVIEW: N_("Under the provider's review"),
    Status.PROVIDER_REJECTED: N_("Returned by the provider"),
    Status.SMS_VERIFICATION: N_("Waiting for MIIT SMS verification"),
    Status.SMS_MISSED: N_("Returned: the SMS was not verified in time"),
    Status.ADMINISTRATION_REVIEW: N_("Under review by the Communications Administration"),
    Status.ADMINISTRATION_REJECTED: N_("Rejected by the Communications Administration"),
    Status.APPROVED: N_("Approved"),
    Status.WITHDRAWN: N_("Withdrawn"),
    Status.EXPIRED: N_("Expired"),
}

FILING_STATES: dict[str, str] = {
    EntityState.FILED: N_("Filed"),
    EntityState.CANCELLED: N_("Cancelled"),
    SiteState.ACCESS_REMOVED: N_("Filed, no longer hosted by this provider"),
}

# Whose mobile the 12381 SMS goes to.
SMS_RECIPIENTS: dict[str, str] = {
    SmsTo.ENTITY_LEADER: N_("the entity leader's mobile"),
    SmsTo.WEBSITE_LEADER: N_("the website leader's mobile"),
    SmsTo.BOTH_LEADERS: N_("the mobiles of the entity leader and the website leader (one SMS "
                           "if they are the same person)"),
}

ACTIONS: dict[str, str] = {
    Action.SUBMIT: N_("submit"),
    Action.APPROVE: N_("approve"),
    Action.REJECT: N_("reject"),
    Action.SMS_SENT: N_("record the SMS as sent"),
    Action.SMS_VERIFIED: N_("record the SMS as verified"),
    Action.SMS_EXPIRED: N_("record the SMS window as missed"),
    Action.ADMINISTRATION_APPROVE: N_("record the administration's approval"),
    Action.ADMINISTRATION_REJECT: N_("record the administration's rejection"),
    Action.WITHDRAW: N_("withdraw"),
    Action.EXPIRE: N_("expire"),
}

WEBSITE_CONTENT: dict[str, str] = SERVICE_CONTENT  # versioned data: filing.data
WEBSITE_LANGUAGES: dict[str, str] = LANGUAGES
PRE_APPROVALS: dict[str, str] = {category.key: category.label
                                 for category in pre_approvals.CATEGORIES}
