"""Entity types (主办单位性质) and the certificates each files with.

Source: filing-details §2.1 (Alibaba domain real-name certificate list [ALI-DOM-CT], P,
undated; entity → certificate mapping [FOXCMS] 2022-01-05 and the Tencent list, ref §3.2,
P-old ~2019–20) and §1.1 for persons. As of: 2026-12 (compilation date of the reference).

Choices made where the sources leave it open:
- 个体工商户 files with its business licence as an organisation-like entity; provinces that
  file a licence without a trade name as an individual are told so (regional notes), the
  type itself stays available everywhere (ref §3.2 special cases).
- 事业单位 keeps the USCC certificate beside its own certificate: the post-2015 legal-person
  certificate carries the USCC, and older orders used it (no source forbids it).
- The legacy 组织机构代码证 is offered last to every organisation type that lists it.
"""

from __future__ import annotations

from filing.types import PERSONAL_CERTIFICATES, CertificateType, EntityType

AS_OF = "2026-12"
SOURCE = "filing-details §2.1 [ALI-DOM-CT][FOXCMS][TC-mat-org]"

C = CertificateType
CERTIFICATES_BY_ENTITY: dict[EntityType, tuple[CertificateType, ...]] = {
    EntityType.INDIVIDUAL: PERSONAL_CERTIFICATES,
    EntityType.ENTERPRISE: (C.BUSINESS_LICENSE, C.FOREIGN_REPRESENTATIVE_OFFICE),
    EntityType.INDIVIDUAL_BUSINESS: (C.BUSINESS_LICENSE,),
    EntityType.GOVERNMENT: (C.USCC_CERTIFICATE, C.ORGANIZATION_CODE),
    EntityType.PUBLIC_INSTITUTION: (C.PUBLIC_INSTITUTION_CERTIFICATE, C.USCC_CERTIFICATE,
                                    C.ORGANIZATION_CODE),
    EntityType.SOCIAL_ORGANIZATION: (C.SOCIAL_ORGANIZATION_CERTIFICATE, C.ORGANIZATION_CODE),
    EntityType.PRIVATE_NON_ENTERPRISE: (C.PRIVATE_NON_ENTERPRISE_CERTIFICATE,
                                        C.SOCIAL_SERVICE_CERTIFICATE, C.ORGANIZATION_CODE),
    EntityType.FOUNDATION: (C.FOUNDATION_CERTIFICATE, C.ORGANIZATION_CODE),
    EntityType.LAW_FIRM: (C.LAW_FIRM_LICENSE, C.ORGANIZATION_CODE),
}

# GB 32100 registration-authority code (first USCC character) each entity type usually has.
# (D) from general knowledge of GB 32100, not re-checked against the standard (filing-details
# §2.2, open question 11): used only for a note, never to refuse.
USCC_AUTHORITY: dict[EntityType, str] = {
    EntityType.ENTERPRISE: "9", EntityType.INDIVIDUAL_BUSINESS: "9",
    EntityType.GOVERNMENT: "1", EntityType.PUBLIC_INSTITUTION: "1",
    EntityType.SOCIAL_ORGANIZATION: "51", EntityType.PRIVATE_NON_ENTERPRISE: "52",
    EntityType.FOUNDATION: "53", EntityType.LAW_FIRM: "3",
}
