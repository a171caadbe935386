"""The 31 provincial-level regions of the Chinese mainland that review ICP filings.

Keyed by ISO 3166-2:CN. ``icp_prefixes`` lists the one-character abbreviations used in filing
numbers; the first one is the one the bot emits, the others are accepted (old footers show
川/贵/甘 beside 蜀/黔/陇).
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Region:
    code: str
    name_zh: str
    short_zh: str
    name_en: str
    icp_prefixes: tuple[str, ...]
    id_prefix: str  # first two digits of resident ID numbers issued there

    @property
    def icp_prefix(self) -> str:
        return self.icp_prefixes[0]

    def name(self, lang: str) -> str:
        return self.name_zh if lang.startswith("zh") else self.name_en


REGIONS: tuple[Region, ...] = (
    Region("CN-BJ", "北京市", "北京", "Beijing", ("京",), "11"),
    Region("CN-TJ", "天津市", "天津", "Tianjin", ("津",), "12"),
    Region("CN-HE", "河北省", "河北", "Hebei", ("冀",), "13"),
    Region("CN-SX", "山西省", "山西", "Shanxi", ("晋",), "14"),
    Region("CN-NM", "内蒙古自治区", "内蒙古", "Inner Mongolia", ("蒙",), "15"),
    Region("CN-LN", "辽宁省", "辽宁", "Liaoning", ("辽",), "21"),
    Region("CN-JL", "吉林省", "吉林", "Jilin", ("吉",), "22"),
    Region("CN-HL", "黑龙江省", "黑龙江", "Heilongjiang", ("黑",), "23"),
    Region("CN-SH", "上海市", "上海", "Shanghai", ("沪",), "31"),
    Region("CN-JS", "江苏省", "江苏", "Jiangsu", ("苏",), "32"),
    Region("CN-ZJ", "浙江省", "浙江", "Zhejiang", ("浙",), "33"),
    Region("CN-AH", "安徽省", "安徽", "Anhui", ("皖",), "34"),
    Region("CN-FJ", "福建省", "福建", "Fujian", ("闽",), "35"),
    Region("CN-JX", "江西省", "江西", "Jiangxi", ("赣",), "36"),
    Region("CN-SD", "山东省", "山东", "Shandong", ("鲁",), "37"),
    Region("CN-HA", "河南省", "河南", "Henan", ("豫",), "41"),
    Region("CN-HB", "湖北省", "湖北", "Hubei", ("鄂",), "42"),
    Region("CN-HN", "湖南省", "湖南", "Hunan", ("湘",), "43"),
    Region("CN-GD", "广东省", "广东", "Guangdong", ("粤",), "44"),
    Region("CN-GX", "广西壮族自治区", "广西", "Guangxi", ("桂",), "45"),
    Region("CN-HI", "海南省", "海南", "Hainan", ("琼",), "46"),
    Region("CN-CQ", "重庆市", "重庆", "Chongqing", ("渝",), "50"),
    Region("CN-SC", "四川省", "四川", "Sichuan", ("蜀", "川"), "51"),
    Region("CN-GZ", "贵州省", "贵州", "Guizhou", ("黔", "贵"), "52"),
    Region("CN-YN", "云南省", "云南", "Yunnan", ("滇", "云"), "53"),
    Region("CN-XZ", "西藏自治区", "西藏", "Tibet", ("藏",), "54"),
    Region("CN-SN", "陕西省", "陕西", "Shaanxi", ("陕",), "61"),
    Region("CN-GS", "甘肃省", "甘肃", "Gansu", ("陇", "甘"), "62"),
    Region("CN-QH", "青海省", "青海", "Qinghai", ("青",), "63"),
    Region("CN-NX", "宁夏回族自治区", "宁夏", "Ningxia", ("宁",), "64"),
    Region("CN-XJ", "新疆维吾尔自治区", "新疆", "Xinjiang", ("新",), "65"),
)

_BY_CODE = {region.code: region for region in REGIONS}
_BY_ID_PREFIX = {region.id_prefix: region for region in REGIONS}
ALL_ICP_PREFIXES = frozenset(prefix for region in REGIONS for prefix in region.icp_prefixes)


def region_by_code(code: str) -> Region:
    """The region for an ISO 3166-2:CN code such as ``CN-ZJ``; KeyError if unknown."""
    return _BY_CODE[code.upper()]


def region_of_resident_id(number: str) -> Region | None:
    """The region that issued a resident ID number (its first two digits), if any."""
    return _BY_ID_PREFIX.get(number[:2])
