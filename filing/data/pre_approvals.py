"""Pre-approval (前置审批) categories: the content that needs a sector approval before filing.

Source: filing-details §3.1 — WeChat's enum `query_icp_nrlx_types` [WX-NRLX] (P, undated,
"changes from time to time"), documents and issuers from [ZZY-pre] (S, 2017-11-03) and
[CQCW-2026] (S, 2026); religion from ref §3.3 [HW-tibet] (P, 2025). As of: 2026-12.

Choices made where the sources leave it open:
- Every category is for organisations only: individuals cannot obtain any of these
  approvals (ref §3.3 [TC-site-faq]; filing-details §3.2).
- Education and health care were abolished in most provinces by 2017 but the filing system
  still lists them: they are offered everywhere; where the reference says the province
  dropped them the user gets a note, never a refusal (the source is from 2017).
- BBS (电子公告服务) was abolished nationwide in 2017 yet WeChat still lists it (⚠): offered
  with a note that it is normally not needed.
- ``name_words`` are the sector words that reveal the category in a website name; they are
  kept specific (two characters or more) so that ordinary names are not refused.
"""

from __future__ import annotations

from dataclasses import dataclass

from filing.text import N_

AS_OF = "2026-12"
SOURCE = "filing-details §3.1 [WX-NRLX][ZZY-pre][CQCW-2026]; ref §3.3"


@dataclass(frozen=True, slots=True)
class PreApprovalCategory:
    key: str
    label: str  # message id
    document: str  # message id: the approval document the applicant sends
    name_words: tuple[str, ...]
    kept_in: tuple[str, ...] = ()  # non-empty: the only provinces that still require it
    abolished: str = ""  # the year it was abolished nationwide, if it was


CATEGORIES: tuple[PreApprovalCategory, ...] = (
    PreApprovalCategory("news", N_("News"), N_("Internet news information service licence "
                                               "(互联网新闻信息服务许可证)"),
                        ("新闻", "时事")),
    PreApprovalCategory("publishing", N_("Publishing (incl. online games, e-books)"),
                        N_("Online publishing service licence (网络出版服务许可证)"),
                        ("出版", "电子书")),
    PreApprovalCategory("education", N_("Education"),
                        N_("Approval of the provincial education department"),
                        ("教育", "学校", "学院"), kept_in=("CN-ZJ", "CN-QH", "CN-XZ")),
    PreApprovalCategory("health_care", N_("Health care"),
                        N_("Approval of the provincial health commission"),
                        ("医疗", "医院", "诊所", "保健"), kept_in=("CN-HE", "CN-XZ")),
    PreApprovalCategory("drugs", N_("Medicines and medical devices"),
                        N_("Internet drug information service certificate "
                           "(互联网药品信息服务资格证书)"),
                        ("医药", "药品", "药店", "医疗器械")),
    PreApprovalCategory("bbs", N_("Electronic bulletin board (BBS)"),
                        N_("BBS approval of the Communications Administration"),
                        ("论坛", "BBS"), abolished="2017"),
    PreApprovalCategory("culture", N_("Culture (games, music, shows, animation)"),
                        N_("Online culture business licence (网络文化经营许可证)"),
                        ("动漫", "演出", "直播")),
    PreApprovalCategory("audio_visual", N_("Radio, film and TV programmes"),
                        N_("Licence for audio-visual programmes on information networks "
                           "(信息网络传播视听节目许可证)"),
                        ("影视", "电影", "电视", "广播", "视听")),
    PreApprovalCategory("car_hailing", N_("Online car-hailing"),
                        N_("Online car-hailing business licence (网络预约出租汽车经营许可证)"),
                        ("网约车", "打车", "专车")),
    PreApprovalCategory("finance", N_("Internet finance"),
                        N_("Approval of the financial regulator"),
                        ("金融", "理财", "证券", "基金", "贷款", "借贷", "支付", "保险", "期货",
                         "股票")),
    PreApprovalCategory("tutoring", N_("Off-campus tutoring"),
                        N_("Approval of the education authority"), ("培训", "辅导", "家教")),
    PreApprovalCategory("religion", N_("Religion"),
                        N_("Internet religious information service licence "
                           "(互联网宗教信息服务许可证)"),
                        ("宗教", "佛教", "道教", "基督教", "天主教", "伊斯兰")),
)
BY_KEY = {category.key: category for category in CATEGORIES}


def category_in_name(name: str) -> tuple[PreApprovalCategory, str] | None:
    """The first category whose sector word the website name contains, with the word."""
    for category in CATEGORIES:
        for word in category.name_words:
            if word.lower() in name.lower():
                return category, word
    return None
