"""A believable desk for screenshots and the dashboard test: two months of orders across
regions with review times, rejections, SMS deadlines, old orders near the 45-day clean-up, and
drafts that stopped at various steps."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from bot.bootstrap import App
from dialogs.flows import all_flows
from dialogs.session import DialogSession
from filing.lifecycle import Action
from filing.model import Material
from filing.services import FilingService, ReviewDecision
from knowledge.regions import region_by_code
from storage.db import make_engine, session_factory
from storage.uow import uow_factory
from tests.unit.test_lifecycle import sample_order
from tests.web.desk_support import pdf_bytes, png_bytes

# Jiangsu's own documents (a 2022+ rule: the core refuses an order without them).
JIANGSU_DOCUMENTS = ("authenticity_notice", "authenticity_commitment")
REGIONS = ("CN-ZJ", "CN-BJ", "CN-GD", "CN-SH", "CN-JS", "CN-SC")
NAMES = ("杭州云栖科技有限公司", "张三", "北京青禾文化传媒有限公司", "李四",
         "深圳海岸网络有限公司",
         "王五", "上海明川信息技术有限公司", "赵六")
REJECTIONS = (("website_name",), ("materials_unclear",), ("domain_not_verified",),
              ("materials_unclear", "phone_problem"), ("address_incomplete",),
              ("other",))


class MovableClock:
    def __init__(self, moment: datetime) -> None:
        self.moment = moment

    def now(self) -> datetime:
        return self.moment


def seed_showcase(app: App, orders: int = 48) -> list[str]:
    """Returns the ids of the orders it filed."""
    now = datetime.now(UTC)
    clock = MovableClock(now - timedelta(days=70))
    filing = FilingService(uow_factory(session_factory(make_engine(app.database_url)),
                                       app.cipher), clock)
    photo, licence = png_bytes("ID CARD"), pdf_bytes(1)
    filed = []
    for number in range(orders):
        applicant = f"telegram:{5560000 + number}"
        order = sample_order()
        order.applicant = applicant
        region = order.entity.region = REGIONS[number % len(REGIONS)]
        order.entity.name = NAMES[number % len(NAMES)]
        order.entity.address = order.entity.mailing_address = (
            f"{region_by_code(region).name_zh}示例区人民路{100 + number}号")
        order.websites[0].domain = f"site{number:02d}-example.cn"
        kinds = ["residence_permit", *JIANGSU_DOCUMENTS] if region == "CN-JS" \
            else ["residence_permit"]
        order.materials = [
            Material(**app.materials.save(applicant, "id_card_front", "front.png",
                                          "image/png", photo)),
            Material(**app.materials.save(applicant, "entity_certificate", "licence.pdf",
                                          "application/pdf", licence)),
            *(Material(**app.materials.save(applicant, kind, f"{kind}.pdf",
                                            "application/pdf", licence)) for kind in kinds)]
        clock.moment = now - timedelta(days=68) + timedelta(hours=33 * number)
        order_id = filing.submit(order, actor=applicant).id
        filed.append(order_id)
        _review(filing, clock, order_id, number, now)
    _drafts(app, now)
    return filed


def _review(filing: FilingService, clock: MovableClock, order_id: str, number: int,
            now: datetime) -> None:
    """Decide an order the way a week of real work would, leaving the newest ones waiting."""
    if number >= 40:
        return
    clock.moment += timedelta(hours=2 + (number % 6) * 6 + ((number // 6) % 4) * 9)
    if number % 4 == 1:
        filing.decide(ReviewDecision(order_id, Action.REJECT, "bob",
                                     REJECTIONS[(number // 4) % len(REJECTIONS)],
                                     "请按营业执照上的名称填写。"))
        return
    if number >= 34:  # approved hours ago: the SMS deadlines fall over the next day
        clock.moment = now - timedelta(hours=1 + (number - 34) * 5)
    filing.decide(ReviewDecision(order_id, Action.APPROVE, "alice"))
    if number >= 34:  # still waiting for the applicant's SMS check; some almost late
        return
    filing.decide(ReviewDecision(order_id, Action.SMS_VERIFIED, "back-office"))
    if number % 3:
        filing.decide(ReviewDecision(order_id, Action.ADMINISTRATION_APPROVE, "back-office"))


def _drafts(app: App, now: datetime) -> None:
    flows = all_flows()
    shapes = {"first_filing": (0, 2, 3, 5, 8, 8, 12, 14, 20), "new_website": (1, 4, 4, 9),
              "cancel_website": (0, 3, 6)}
    for flow, positions in shapes.items():
        steps = [step.field for step in flows[flow].steps]
        for index, position in enumerate(positions):
            stale = index % 2 == 0
            at = now - timedelta(days=6 if stale else 0, hours=index)
            app.store.save_draft(DialogSession(
                f"D{flow[:4]}{index:03d}", f"telegram:{5570000 + index}", flow,
                steps[position], {}, steps[:position], version=1,
                status="discarded" if index % 5 == 4 else "active", created_at=at,
                updated_at=at))
        for done in range(len(positions) + 2):
            at = now - timedelta(days=1)
            app.store.save_draft(DialogSession(
                f"S{flow[:4]}{done:03d}", f"telegram:{5580000 + done}", flow, "done", {},
                steps, version=1, status="submitted", created_at=at, updated_at=at))
