"""What a website offers (网站服务内容) and the languages it is in (网站语言).

Sources: ref §3.3 (service content: "pick actual content; 'other' requires a remark;
individuals restricted", [TC-site-fields][TC-prov-zh] P-old) and filing-details §4 (the
website form's own option lists were not found — open question 1: WeChat's mini-program
taxonomy [WX-SVC] and Douyin's `app_language_name[]` [DY-ICP] are the nearest). As of: 2026-12.
The lists below are therefore ours (D), kept short and mapped to what reviewers check.

The blog decision: the providers' naming lists forbid 博客 / 个人空间 in an *individual's
website name* (ref §3.3), while a personal blog as *content* is fileable nationally; only a
few provinces refused blog content for individuals, all from 2017–18 sources. So the content
option "personal blog or homepage" is offered to individuals (with a note in those provinces),
and the name rule explains that the name describes the topic, not the word 博客.
"""

from __future__ import annotations

from filing.text import N_

AS_OF = "2026-12"

SERVICE_CONTENT: dict[str, str] = {
    "personal": N_("Personal blog or homepage (non-commercial)"),
    "company": N_("Company or organisation homepage"),
    "ecommerce": N_("Online shop"),
    "forum": N_("Community or forum"),
    "portal": N_("News or information portal"),
    "games": N_("Online games"),
    "tools": N_("Online tool or software service"),
    "other": N_("Something else (describe it in the remarks)"),
}
# Contents an individual may not file (ref §3.3: no e-commerce, news, forum for individuals).
ORGANISATION_ONLY_CONTENT = frozenset({"company", "ecommerce", "forum", "portal", "games"})
# Provinces whose (2017–18) rules refused blog / personal-space content for individuals.
BLOG_REFUSED_FOR_INDIVIDUALS: dict[str, str] = {
    "CN-ZJ": "2018", "CN-JL": "2018", "CN-SC": "2018", "CN-YN": "2018", "CN-NM": "2018",
}

# ISO 639 code → label. Xinjiang checks that the ticked languages are the ones used (§6.3).
LANGUAGES: dict[str, str] = {
    "zh-Hans": N_("Chinese (Simplified)"),
    "zh-Hant": N_("Chinese (Traditional)"),
    "en": N_("English"),
    "ug": N_("Uyghur"),
    "bo": N_("Tibetan"),
    "mn": N_("Mongolian"),
    "kk": N_("Kazakh"),
    "ko": N_("Korean"),
    "ja": N_("Japanese"),
    "ru": N_("Russian"),
    "fr": N_("French"),
    "de": N_("German"),
    "es": N_("Spanish"),
    "ar": N_("Arabic"),
    "other": N_("Another language"),
}
# Words a user may type for each language (both languages of the bot).
LANGUAGE_WORDS: dict[str, tuple[str, ...]] = {
    "zh-Hans": ("中文", "简体", "简体中文", "汉语", "chinese", "simplified chinese", "zh"),
    "zh-Hant": ("繁体", "繁体中文", "繁體", "traditional chinese"),
    "en": ("英文", "英语", "english", "en"),
    "ug": ("维吾尔文", "维吾尔语", "维语", "uyghur", "uighur"),
    "bo": ("藏文", "藏语", "tibetan"),
    "mn": ("蒙古文", "蒙文", "蒙古语", "mongolian"),
    "kk": ("哈萨克文", "哈萨克语", "kazakh"),
    "ko": ("朝鲜文", "韩文", "韩语", "朝鲜语", "korean"),
    "ja": ("日文", "日语", "japanese"),
    "ru": ("俄文", "俄语", "russian"),
    "fr": ("法文", "法语", "french"),
    "de": ("德文", "德语", "german"),
    "es": ("西班牙文", "西班牙语", "spanish"),
    "ar": ("阿拉伯文", "阿拉伯语", "arabic"),
    "other": ("其他", "其它", "other"),
}
