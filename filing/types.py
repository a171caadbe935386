"""The vocabularies of a filing: order types, entity types, certificate types."""

from __future__ import annotations

from enum import StrEnum


class OrderType(StrEnum):
    FIRST_FILING = "first_filing"
    NEW_WEBSITE = "new_website"
    NEW_ACCESS = "new_access"
    MODIFY_ENTITY = "modify_entity"
    MODIFY_WEBSITE = "modify_website"
    MODIFY_ACCESS = "modify_access"
    CANCEL_WEBSITE = "cancel_website"
    CANCEL_ENTITY = "cancel_entity"
    CANCEL_ACCESS = "cancel_access"
    CLAIM = "claim"
    IMPORT = "import"


class EntityType(StrEnum):
    INDIVIDUAL = "individual"
    ENTERPRISE = "enterprise"
    GOVERNMENT = "government"
    PUBLIC_INSTITUTION = "public_institution"
    SOCIAL_ORGANIZATION = "social_organization"


class CertificateType(StrEnum):
    RESIDENT_ID = "resident_id"
    HK_MACAO_PERMIT = "hk_macao_permit"
    TAIWAN_PERMIT = "taiwan_permit"
    PASSPORT = "passport"
    BUSINESS_LICENSE = "business_license"
    USCC_CERTIFICATE = "uscc_certificate"
    ORGANIZATION_CODE = "organization_code"
    PUBLIC_INSTITUTION_CERTIFICATE = "public_institution_certificate"
    SOCIAL_ORGANIZATION_CERTIFICATE = "social_organization_certificate"


PERSONAL_CERTIFICATES = (
    CertificateType.RESIDENT_ID,
    CertificateType.HK_MACAO_PERMIT,
    CertificateType.TAIWAN_PERMIT,
    CertificateType.PASSPORT,
)

# Which certificates each entity type may file with (domain reference §3.2).
CERTIFICATES_BY_ENTITY: dict[EntityType, tuple[CertificateType, ...]] = {
    EntityType.INDIVIDUAL: PERSONAL_CERTIFICATES,
    EntityType.ENTERPRISE: (CertificateType.BUSINESS_LICENSE,),
    EntityType.GOVERNMENT: (
        CertificateType.USCC_CERTIFICATE,
        CertificateType.ORGANIZATION_CODE,
    ),
    EntityType.PUBLIC_INSTITUTION: (
        CertificateType.PUBLIC_INSTITUTION_CERTIFICATE,
        CertificateType.USCC_CERTIFICATE,
        CertificateType.ORGANIZATION_CODE,
    ),
    EntityType.SOCIAL_ORGANIZATION: (
        CertificateType.SOCIAL_ORGANIZATION_CERTIFICATE,
        CertificateType.USCC_CERTIFICATE,
        CertificateType.ORGANIZATION_CODE,
    ),
}

# Certificates whose number is a Unified Social Credit Code.
USCC_CERTIFICATES = frozenset(
    {
        CertificateType.BUSINESS_LICENSE,
        CertificateType.USCC_CERTIFICATE,
        CertificateType.PUBLIC_INSTITUTION_CERTIFICATE,
        CertificateType.SOCIAL_ORGANIZATION_CERTIFICATE,
    }
)
