"""Domain suffixes MIIT approved for filing (《中国互联网域名体系》).

Source: MIIT's 域名行业管理信息公示 as copied by Tencent Cloud, "updated 2020-07-24"
[TC-DOMAIN-2020] (P-old), filing-details §5.1; legal basis MIIT announcement 2018 No. 7.
As of: 2020-07-24 — the newest national snapshot the reference found; re-sync it from
域名.信息 when a newer one is published.

Choices made where the sources conflict:
- `.org` is not on the 2020 list although an old Tencent Beijing page listed it (⚠ ref §4.2):
  the national list wins, so `.org` is refused (the message names the list's date).
- Pre-2018 lists with foreign ccTLDs are obsolete and not used.
"""

from __future__ import annotations

AS_OF = "2020-07-24"
SOURCE = "MIIT 中国互联网域名体系 via Tencent Cloud [TC-DOMAIN-2020]"

_PROVINCIAL_CN = (
    "bj", "tj", "he", "sx", "nm", "ln", "jl", "hl", "sh", "js", "zj", "ah", "fj", "jx",
    "sd", "ha", "hb", "hn", "gd", "gx", "hi", "cq", "sc", "gz", "yn", "xz", "sn", "gs",
    "qh", "nx", "xj", "hk", "mo", "tw",
)
_CN_SECOND_LEVEL = ("com", "net", "org", "gov", "edu", "ac", "mil", "政务", "公益",
                    *_PROVINCIAL_CN)
_CHINESE_TLDS = (
    "中国", "政务", "公益", "公司", "网络", "网址", "商城", "网店", "中信", "商标",
    "广东", "佛山", "信息", "手机", "在线", "中文网", "集团", "我爱你", "商店", "企业",
    "娱乐", "游戏", "购物", "餐厅", "招聘", "时尚", "移动", "网站",
)
_LATIN_TLDS = (
    "cn", "com", "net", "top", "xyz", "vip", "site", "shop", "club", "ink", "info", "mobi",
    "red", "pro", "kim", "ltd", "group", "biz", "auto", "link", "work", "law", "beer",
    "store", "tech", "fun", "online", "art", "design", "wiki", "love", "center", "video",
    "social", "team", "show", "cool", "zone", "world", "today", "city", "chat", "company",
    "live", "fund", "gold", "plus", "guru", "run", "pub", "email", "life", "co", "fashion",
    "fit", "luxe", "yoga", "baidu", "cloud", "host", "space", "press", "website", "archi",
    "asia", "bio", "black", "blue", "green", "lotto", "organic", "pet", "pink", "poker",
    "promo", "ski", "vote", "voto", "icu", "fans", "tv", "cc", "ren", "wang", "citic",
    "sohu", "xin",
)

# Every approved suffix in its Unicode form, without the leading dot.
SUFFIXES: frozenset[str] = frozenset(
    (*_LATIN_TLDS, *_CHINESE_TLDS, *(f"{second}.cn" for second in _CN_SECOND_LEVEL))
)
