"""The vocabularies of a filing: order types, entity types, certificate types.

Which certificates each entity type files with is versioned data: ``filing.data.entities``.
"""

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
    """主办单位性质 as the filing systems list them (filing-details §2.1)."""

    INDIVIDUAL = "individual"
    ENTERPRISE = "enterprise"
    INDIVIDUAL_BUSINESS = "individual_business"  # 个体工商户
    GOVERNMENT = "government"
    PUBLIC_INSTITUTION = "public_institution"  # 事业单位
    SOCIAL_ORGANIZATION = "social_organization"  # 社会团体
    PRIVATE_NON_ENTERPRISE = "private_non_enterprise"  # 民办非企业单位
    FOUNDATION = "foundation"  # 基金会
    LAW_FIRM = "law_firm"  # 律师执业机构


class CertificateType(StrEnum):
    # Natural persons (filing-details §1.1).
    RESIDENT_ID = "resident_id"  # 居民身份证
    HK_MACAO_PERMIT = "hk_macao_permit"  # 港澳居民来往内地通行证
    TAIWAN_PERMIT = "taiwan_permit"  # 台湾居民来往大陆通行证
    RESIDENCE_PERMIT_HMT = "residence_permit_hmt"  # 港澳台居民居住证
    PASSPORT = "passport"  # 护照
    FOREIGN_PERMANENT_ID = "foreign_permanent_id"  # 外国人永久居留身份证
    # Organisations (filing-details §2.1).
    BUSINESS_LICENSE = "business_license"  # 营业执照
    FOREIGN_REPRESENTATIVE_OFFICE = "foreign_representative_office"  # 外国企业常驻代表机构登记证
    USCC_CERTIFICATE = "uscc_certificate"  # 统一社会信用代码证书
    ORGANIZATION_CODE = "organization_code"  # 组织机构代码证 (legacy)
    PUBLIC_INSTITUTION_CERTIFICATE = "public_institution_certificate"  # 事业单位法人证书
    SOCIAL_ORGANIZATION_CERTIFICATE = "social_organization_certificate"  # 社会团体法人登记证书
    # 民办非企业单位登记证书
    PRIVATE_NON_ENTERPRISE_CERTIFICATE = "private_non_enterprise_certificate"
    SOCIAL_SERVICE_CERTIFICATE = "social_service_certificate"  # 社会服务机构登记证书
    FOUNDATION_CERTIFICATE = "foundation_certificate"  # 基金会法人登记证书
    LAW_FIRM_LICENSE = "law_firm_license"  # 律师事务所执业许可证


PERSONAL_CERTIFICATES = (
    CertificateType.RESIDENT_ID,
    CertificateType.HK_MACAO_PERMIT,
    CertificateType.TAIWAN_PERMIT,
    CertificateType.RESIDENCE_PERMIT_HMT,
    CertificateType.PASSPORT,
    CertificateType.FOREIGN_PERMANENT_ID,
)
# Mainland-issued IDs of mainland residents: the only ones that carry a province of issue.
MAINLAND_CERTIFICATES = frozenset({CertificateType.RESIDENT_ID})
# Certificates of foreigners (not HK/Macao/Taiwan residents).
FOREIGNER_CERTIFICATES = frozenset({CertificateType.PASSPORT,
                                    CertificateType.FOREIGN_PERMANENT_ID})

# Certificates whose number is a Unified Social Credit Code (filing-details §2.1 table).
USCC_CERTIFICATES = frozenset(
    {
        CertificateType.BUSINESS_LICENSE,
        CertificateType.USCC_CERTIFICATE,
        CertificateType.PUBLIC_INSTITUTION_CERTIFICATE,
        CertificateType.SOCIAL_ORGANIZATION_CERTIFICATE,
        CertificateType.PRIVATE_NON_ENTERPRISE_CERTIFICATE,
        CertificateType.SOCIAL_SERVICE_CERTIFICATE,
        CertificateType.FOUNDATION_CERTIFICATE,
        CertificateType.LAW_FIRM_LICENSE,
    }
)
