"""Every name applicants use for a provincial region, and a matcher that finds them in text.

Names come in five families: the full and short Chinese names (from ``regions.REGIONS``), English
names and pinyin, the one-character abbreviations used in filing numbers, and the main cities.
Nothing is compiled at import time; :func:`find_region_code` builds its tables on first use.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from functools import cache

from knowledge.regions import REGIONS, region_by_code

# English names, older romanisations and pinyin (spaces/hyphens optional when matching).
LATIN_NAMES: dict[str, tuple[str, ...]] = {
    "CN-BJ": ("Beijing", "Peking", "Bei Jing"),
    "CN-TJ": ("Tianjin", "Tientsin", "Tian Jin"),
    "CN-HE": ("Hebei", "He Bei", "Hopei"),
    "CN-SX": ("Shanxi", "Shan Xi", "Shansi"),
    "CN-NM": ("Inner Mongolia", "Nei Mongol", "Nei Menggu", "Neimenggu", "Neimeng"),
    "CN-LN": ("Liaoning", "Liao Ning"),
    "CN-JL": ("Jilin", "Ji Lin"),
    "CN-HL": ("Heilongjiang", "Hei Long Jiang", "Heilungkiang"),
    "CN-SH": ("Shanghai", "Shang Hai"),
    "CN-JS": ("Jiangsu", "Jiang Su", "Kiangsu"),
    "CN-ZJ": ("Zhejiang", "Zhe Jiang", "Chekiang"),
    "CN-AH": ("Anhui", "An Hui", "Anhwei"),
    "CN-FJ": ("Fujian", "Fu Jian", "Fukien"),
    "CN-JX": ("Jiangxi", "Jiang Xi", "Kiangsi"),
    "CN-SD": ("Shandong", "Shan Dong", "Shantung"),
    "CN-HA": ("Henan", "He Nan", "Honan"),
    "CN-HB": ("Hubei", "Hu Bei", "Hupeh"),
    "CN-HN": ("Hunan", "Hu Nan"),
    "CN-GD": ("Guangdong", "Guang Dong", "Kwangtung", "Canton"),
    "CN-GX": ("Guangxi", "Guang Xi", "Kwangsi", "Guangxi Zhuang"),
    "CN-HI": ("Hainan", "Hai Nan"),
    "CN-CQ": ("Chongqing", "Chong Qing", "Chungking"),
    "CN-SC": ("Sichuan", "Si Chuan", "Szechuan", "Szechwan"),
    "CN-GZ": ("Guizhou", "Gui Zhou", "Kweichow"),
    "CN-YN": ("Yunnan", "Yun Nan"),
    "CN-XZ": ("Tibet", "Xizang", "Xi Zang"),
    "CN-SN": ("Shaanxi", "Shaan Xi", "Shensi"),
    "CN-GS": ("Gansu", "Gan Su", "Kansu"),
    "CN-QH": ("Qinghai", "Qing Hai", "Tsinghai"),
    "CN-NX": ("Ningxia", "Ning Xia", "Ningsia"),
    "CN-XJ": ("Xinjiang", "Xin Jiang", "Sinkiang"),
}

# Main cities: (Chinese, pinyin/English) pairs. Ambiguous names (朝阳, 抚州/福州 in pinyin...) are
# assigned to the better-known city or left out.
CITIES: dict[str, tuple[tuple[str, str], ...]] = {
    "CN-BJ": (("海淀", "Haidian"), ("朝阳区", "Chaoyang District"), ("中关村", "Zhongguancun")),
    "CN-TJ": (
        ("滨海新区", "Binhai"),
        ("南开区", "Nankai"),
        ("西青区", "Xiqing"),
        ("华苑", "Huayuan"),
    ),
    "CN-HE": (
        ("石家庄", "Shijiazhuang"),
        ("唐山", "Tangshan"),
        ("保定", "Baoding"),
        ("邯郸", "Handan"),
        ("秦皇岛", "Qinhuangdao"),
        ("廊坊", "Langfang"),
        ("沧州", "Cangzhou"),
        ("张家口", "Zhangjiakou"),
    ),
    "CN-SX": (
        ("太原", "Taiyuan"),
        ("大同市", "Datong"),
        ("运城", "Yuncheng"),
        ("长治市", "Changzhi"),
        ("临汾", "Linfen"),
    ),
    "CN-NM": (
        ("呼和浩特", "Hohhot"),
        ("包头", "Baotou"),
        ("鄂尔多斯", "Ordos"),
        ("赤峰", "Chifeng"),
        ("呼伦贝尔", "Hulunbuir"),
    ),
    "CN-LN": (
        ("沈阳", "Shenyang"),
        ("大连", "Dalian"),
        ("鞍山", "Anshan"),
        ("抚顺", "Fushun"),
        ("锦州", "Jinzhou"),
        ("丹东", "Dandong"),
    ),
    "CN-JL": (
        ("长春", "Changchun"),
        ("吉林市", "Jilin City"),
        ("延边", "Yanbian"),
        ("四平市", "Siping"),
    ),
    "CN-HL": (
        ("哈尔滨", "Harbin"),
        ("大庆", "Daqing"),
        ("齐齐哈尔", "Qiqihar"),
        ("牡丹江", "Mudanjiang"),
        ("佳木斯", "Jiamusi"),
    ),
    "CN-SH": (("浦东", "Pudong"), ("徐汇", "Xuhui"), ("闵行", "Minhang"), ("嘉定", "Jiading")),
    "CN-JS": (
        ("南京", "Nanjing"),
        ("苏州", "Suzhou"),
        ("无锡", "Wuxi"),
        ("常州", "Changzhou"),
        ("南通", "Nantong"),
        ("徐州", "Xuzhou"),
        ("扬州", "Yangzhou"),
        ("盐城", "Yancheng"),
        ("镇江", "Zhenjiang"),
        ("连云港", "Lianyungang"),
        ("昆山", "Kunshan"),
    ),
    "CN-ZJ": (
        ("杭州", "Hangzhou"),
        ("宁波", "Ningbo"),
        ("温州", "Wenzhou"),
        ("绍兴", "Shaoxing"),
        ("嘉兴", "Jiaxing"),
        ("金华", "Jinhua"),
        ("台州", "Taizhou"),
        ("湖州", "Huzhou"),
        ("义乌", "Yiwu"),
    ),
    "CN-AH": (
        ("合肥", "Hefei"),
        ("芜湖", "Wuhu"),
        ("蚌埠", "Bengbu"),
        ("安庆", "Anqing"),
        ("马鞍山", "Ma'anshan"),
        ("阜阳", "Fuyang"),
    ),
    "CN-FJ": (
        ("福州", "Fuzhou"),
        ("厦门", "Xiamen"),
        ("泉州", "Quanzhou"),
        ("漳州", "Zhangzhou"),
        ("莆田", "Putian"),
    ),
    "CN-JX": (
        ("南昌", "Nanchang"),
        ("赣州", "Ganzhou"),
        ("九江", "Jiujiang"),
        ("景德镇", "Jingdezhen"),
        ("上饶", "Shangrao"),
    ),
    "CN-SD": (
        ("济南", "Jinan"),
        ("青岛", "Qingdao"),
        ("烟台", "Yantai"),
        ("潍坊", "Weifang"),
        ("临沂", "Linyi"),
        ("淄博", "Zibo"),
        ("威海", "Weihai"),
        ("济宁", "Jining"),
    ),
    "CN-HA": (
        ("郑州", "Zhengzhou"),
        ("洛阳", "Luoyang"),
        ("开封市", "Kaifeng"),
        ("新乡", "Xinxiang"),
        ("南阳", "Nanyang"),
        ("许昌", "Xuchang"),
    ),
    "CN-HB": (
        ("武汉", "Wuhan"),
        ("宜昌", "Yichang"),
        ("襄阳", "Xiangyang"),
        ("十堰", "Shiyan"),
        ("荆州", "Jingzhou"),
    ),
    "CN-HN": (
        ("长沙", "Changsha"),
        ("株洲", "Zhuzhou"),
        ("湘潭", "Xiangtan"),
        ("岳阳", "Yueyang"),
        ("衡阳", "Hengyang"),
        ("常德", "Changde"),
    ),
    "CN-GD": (
        ("广州", "Guangzhou"),
        ("深圳", "Shenzhen"),
        ("东莞", "Dongguan"),
        ("佛山", "Foshan"),
        ("珠海", "Zhuhai"),
        ("汕头", "Shantou"),
        ("惠州", "Huizhou"),
        ("中山市", "Zhongshan"),
        ("湛江", "Zhanjiang"),
        ("江门", "Jiangmen"),
    ),
    "CN-GX": (
        ("南宁", "Nanning"),
        ("桂林", "Guilin"),
        ("柳州", "Liuzhou"),
        ("北海", "Beihai"),
        ("梧州", "Wuzhou"),
    ),
    "CN-HI": (("海口", "Haikou"), ("三亚", "Sanya"), ("儋州", "Danzhou")),
    "CN-CQ": (
        ("渝北", "Yubei"),
        ("两江新区", "Liangjiang"),
        ("万州", "Wanzhou"),
        ("江北区", "Jiangbei"),
    ),
    "CN-SC": (
        ("成都", "Chengdu"),
        ("绵阳", "Mianyang"),
        ("德阳", "Deyang"),
        ("宜宾", "Yibin"),
        ("南充", "Nanchong"),
        ("泸州", "Luzhou"),
        ("乐山", "Leshan"),
    ),
    "CN-GZ": (
        ("贵阳", "Guiyang"),
        ("遵义", "Zunyi"),
        ("六盘水", "Liupanshui"),
        ("安顺", "Anshun"),
    ),
    "CN-YN": (
        ("昆明", "Kunming"),
        ("大理", "Dali"),
        ("丽江", "Lijiang"),
        ("曲靖", "Qujing"),
        ("西双版纳", "Xishuangbanna"),
        ("玉溪", "Yuxi"),
    ),
    "CN-XZ": (("拉萨", "Lhasa"), ("日喀则", "Shigatse"), ("林芝", "Nyingchi"), ("昌都", "Chamdo")),
    "CN-SN": (
        ("西安", "Xi'an"),
        ("咸阳", "Xianyang"),
        ("宝鸡", "Baoji"),
        ("延安", "Yan'an"),
        ("榆林", "Yulin"),
        ("汉中", "Hanzhong"),
    ),
    "CN-GS": (
        ("兰州", "Lanzhou"),
        ("天水", "Tianshui"),
        ("酒泉", "Jiuquan"),
        ("嘉峪关", "Jiayuguan"),
        ("敦煌", "Dunhuang"),
        ("白银市", "Baiyin"),
    ),
    "CN-QH": (("西宁", "Xining"), ("格尔木", "Golmud"), ("海东", "Haidong")),
    "CN-NX": (
        ("银川", "Yinchuan"),
        ("石嘴山", "Shizuishan"),
        ("吴忠", "Wuzhong"),
        ("固原", "Guyuan"),
        ("中卫", "Zhongwei"),
    ),
    "CN-XJ": (
        ("乌鲁木齐", "Urumqi"),
        ("克拉玛依", "Karamay"),
        ("喀什", "Kashgar"),
        ("伊犁", "Yili"),
        ("吐鲁番", "Turpan"),
        ("库尔勒", "Korla"),
    ),
}

# Extra Chinese forms beyond REGIONS' full and short names (older or colloquial).
EXTRA_ZH: dict[str, tuple[str, ...]] = {
    "CN-NM": ("内蒙",),
    "CN-GX": ("广西壮族",),
    "CN-NX": ("宁夏回族",),
    "CN-XJ": ("新疆维吾尔",),
    "CN-SC": ("巴蜀",),
}

# Words containing a region-like substring that must NOT be read as a region (scanned first).
BLOCKERS_ZH: tuple[str, ...] = (
    "阿里云",
    "腾讯云",
    "华为云",
    "京东云",
    "天翼云",
    "百度云",
    "金山云",
)

# Marks after a one-character abbreviation that show it is used as a filing prefix.
_PREFIX_CONTEXT = re.compile(r"\s*(?:ICP|icp|Icp|公网安备|B2|字头)")


def _latin_pattern(name: str) -> str:
    parts = [re.escape(p) for p in re.split(r"[\s\-']+", name) if p]
    return r"[\s\-']?".join(parts)


@cache
def _tables() -> tuple[dict[str, str | None], int, re.Pattern[str], dict[str, str]]:
    """(zh alias → code or None for blockers, longest zh alias, latin regex, latin key → code)."""
    zh: dict[str, str | None] = {}
    latin: dict[str, str] = {}
    for region in REGIONS:
        for name in (region.name_zh, region.short_zh, *EXTRA_ZH.get(region.code, ())):
            zh[name] = region.code
        for name in (region.name_en, *LATIN_NAMES.get(region.code, ())):
            latin[_latin_key(name)] = region.code
        for city_zh, city_en in CITIES.get(region.code, ()):
            zh[city_zh] = region.code
            latin[_latin_key(city_en)] = region.code
    for word in BLOCKERS_ZH:
        zh.setdefault(word, None)
    names: list[str] = []
    for region in REGIONS:
        names += [region.name_en, *LATIN_NAMES.get(region.code, ())]
        names += [city_en for _, city_en in CITIES.get(region.code, ())]
    names.sort(key=len, reverse=True)
    alternatives = "|".join(_latin_pattern(n) for n in names)
    pattern = re.compile(rf"(?<![A-Za-z])({alternatives})(?![A-Za-z])", re.IGNORECASE)
    return zh, max(len(k) for k in zh), pattern, latin


def _latin_key(name: str) -> str:
    return re.sub(r"[\s\-']+", "", name).lower()


def _abbreviation_code(char: str) -> str | None:
    for region in REGIONS:
        if char in region.icp_prefixes:
            return region.code
    return None


_CODE_RE = re.compile(r"(?<![A-Za-z])CN-([A-Z]{2})(?![A-Za-z])", re.IGNORECASE)


def iter_region_mentions(text: str) -> Iterable[tuple[int, str]]:
    """(position, region code) of every region mention in ``text``, in any naming family."""
    zh, longest, latin_re, latin = _tables()
    for match in _CODE_RE.finditer(text):
        try:
            yield match.start(), region_by_code("CN-" + match.group(1)).code
        except KeyError:
            continue
    for match in latin_re.finditer(text):
        code = latin.get(_latin_key(match.group(1)))
        if code:
            yield match.start(), code
    i = 0
    n = len(text)
    while i < n:
        for size in range(min(longest, n - i), 1, -1):
            piece = text[i : i + size]
            if piece in zh:
                code = zh[piece]
                if code is not None:
                    yield i, code
                i += size
                break
        else:
            code = _abbreviation_code(text[i])
            if code is not None and _PREFIX_CONTEXT.match(text, i + 1):
                yield i, code
            i += 1


def find_region_code(text: str) -> str | None:
    """The code of the first region named in ``text`` (any naming family), or None."""
    stripped = text.strip().strip("\"'“”‘’「」『』《》()（）[]【】").strip()
    if len(stripped) == 1:
        return _abbreviation_code(stripped)
    if stripped.upper() in {r.code for r in REGIONS}:
        return stripped.upper()
    if len(stripped) == 2 and stripped[1] in "省市" and (code := _abbreviation_code(stripped[0])):
        return code
    mentions = sorted(iter_region_mentions(text))
    return mentions[0][1] if mentions else None


def all_aliases() -> dict[str, str]:
    """Every alias (lower-cased for Latin ones) mapped to its region code; for tests and docs."""
    out: dict[str, str] = {}
    for region in REGIONS:
        for name in (region.name_zh, region.short_zh, *EXTRA_ZH.get(region.code, ())):
            out[name] = region.code
        for name in (region.name_en, *LATIN_NAMES.get(region.code, ())):
            out[name] = region.code
        for prefix in region.icp_prefixes:
            out[prefix] = region.code
        for city_zh, city_en in CITIES.get(region.code, ()):
            out[city_zh] = region.code
            out[city_en] = region.code
    return out
