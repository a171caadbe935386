"""The FilingOrder aggregate: entity, websites, access information and materials of one order."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

from filing.events import Event
from filing.lifecycle import Status
from filing.types import CertificateType, EntityType, OrderType


@dataclass
class Person:
    """主体负责人 or 网站负责人: the person answerable for the entity or the website."""

    name: str
    certificate_type: CertificateType
    certificate_number: str
    mobile: str
    email: str = ""
    emergency_phone: str = ""  # 应急联系电话: another person's mobile
    certificate_valid_until: str = ""  # ISO date or "long-term" (证件有效期)


@dataclass
class Entity:
    """主办单位: who files (an individual or an organisation)."""

    entity_type: EntityType
    name: str
    certificate_type: CertificateType
    certificate_number: str
    region: str  # ISO 3166-2:CN, e.g. CN-ZJ
    address: str
    leader: Person
    landline: str = ""
    filing_number: str = ""  # the entity's existing number, for orders on filed entities
    mailing_address: str = ""  # 通信地址, in the filing province
    investor: str = ""  # 投资人或主管单位 (organisations)
    leader_is_legal_representative: bool = True  # else a 主体负责人授权书 is needed


@dataclass(frozen=True)
class PreApproval:
    """前置审批: the sector approval a website's content needs (filing.data.pre_approvals)."""

    category: str
    number: str  # as printed; 无 where the document has none


@dataclass
class Website:
    name: str
    domain: str
    content: str
    leader: Person | None = None  # 网站负责人: the website administrator
    filing_number: str = ""  # for modify / cancel / access on a filed website
    languages: tuple[str, ...] = ()  # 网站语言, ISO 639 codes
    pre_approval: PreApproval | None = None
    domain_holder: str = ""  # entity / leader / other: who holds the domain's real name
    domain_expires: str = ""  # ISO date


@dataclass
class Access:
    """接入信息: the provider instance the website is hosted on."""

    service_code: str
    instance_region: str = ""  # "mainland" once the applicant confirmed it (§4.3)


@dataclass
class Material:
    kind: str  # e.g. id_card_front, business_license
    file_name: str
    content_type: str
    size: int
    storage_key: str
    sha256: str


@dataclass
class StatusChange:
    old_status: Status
    new_status: Status
    actor: str
    at: datetime
    reasons: tuple[str, ...] = ()
    note: str | None = None


@dataclass
class FilingOrder:
    id: str
    order_type: OrderType
    applicant: str  # "channel:id" of the owning chat
    entity: Entity
    websites: list[Website] = field(default_factory=list)
    access: Access | None = None
    materials: list[Material] = field(default_factory=list)
    status: Status = Status.DRAFT
    history: list[StatusChange] = field(default_factory=list)
    icp_number: str | None = None
    sms_deadline: datetime | None = None
    created_at: datetime | None = None
    updated_at: datetime | None = None
    round: int = 0  # how many times it was submitted
    remarks: str = ""
    details: dict[str, str] = field(default_factory=dict)  # type-specific facts, e.g. filed_on
    version: int = 0
    forget_requested: bool = False  # /forget while under review: anonymised when it ends
    anonymised: bool = field(default=False, compare=False)  # now: the history's notes go too
    events: list[Event] = field(default_factory=list, repr=False, compare=False)

    @property
    def region(self) -> str:
        return self.entity.region

    def summary(self) -> OrderSummary:
        return OrderSummary(self.id, self.order_type, self.applicant, self.status, self.region,
                            self.entity.entity_type, self.entity.name,
                            tuple(site.domain for site in self.websites), self.icp_number,
                            self.round, self.version, self.created_at, self.updated_at,
                            self.sms_deadline)


@dataclass(frozen=True)
class OrderSummary:
    """What lists show of an order: read in one query, never written back."""

    id: str
    order_type: OrderType
    applicant: str
    status: Status
    region: str
    entity_type: EntityType
    entity_name: str
    domains: tuple[str, ...]
    icp_number: str | None
    round: int
    version: int
    created_at: datetime | None
    updated_at: datetime | None
    sms_deadline: datetime | None = None
