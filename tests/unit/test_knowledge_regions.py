"""Region detection: every naming family, places below the province, two-region questions."""

from __future__ import annotations

import pytest

from knowledge import KnowledgeBase, find_region
from knowledge.aliases import places, places_source
from knowledge.mentions import find_mentions
from knowledge.regions import REGIONS
from knowledge.textnorm import normalize

# Each province: full name, short name, English, pinyin with tones, filing-number prefix, a
# city in Chinese and in English, another city or district, traditional characters; then
# abbreviations, typos, exonyms, districts and zones.
PLACE_MENTIONS = [
    ('北京市个人备案要求', 'CN-BJ'),
    ('北京需要本地手机号吗', 'CN-BJ'),
    ('Filing rules in Beijing', 'CN-BJ'),
    ('Běijīng beian', 'CN-BJ'),
    ('这个京ICP备12345678号-1是哪里的', 'CN-BJ'),
    ('海淀区的公司', 'CN-BJ'),
    ('I live in Haidian, can I file?', 'CN-BJ'),
    ('朝阳区的个人备案', 'CN-BJ'),
    ('北京個人備案', 'CN-BJ'),
    ('天津市个人备案要求', 'CN-TJ'),
    ('天津需要本地手机号吗', 'CN-TJ'),
    ('Filing rules in Tianjin', 'CN-TJ'),
    ('Tiānjīn beian', 'CN-TJ'),
    ('这个津ICP备12345678号-1是哪里的', 'CN-TJ'),
    ('滨海新区个人备案', 'CN-TJ'),
    ('I live in Binhai New Area, can I file?', 'CN-TJ'),
    ('南开区的个人备案', 'CN-TJ'),
    ('天津網站', 'CN-TJ'),
    ('河北省个人备案要求', 'CN-HE'),
    ('河北需要本地手机号吗', 'CN-HE'),
    ('Filing rules in Hebei', 'CN-HE'),
    ('Héběi beian', 'CN-HE'),
    ('这个冀ICP备12345678号-1是哪里的', 'CN-HE'),
    ('石家庄备案', 'CN-HE'),
    ('I live in Shijiazhuang, can I file?', 'CN-HE'),
    ('保定的个人备案', 'CN-HE'),
    ('河北營業執照', 'CN-HE'),
    ('山西省个人备案要求', 'CN-SX'),
    ('山西需要本地手机号吗', 'CN-SX'),
    ('Filing rules in Shanxi', 'CN-SX'),
    ('Shānxī beian', 'CN-SX'),
    ('这个晋ICP备12345678号-1是哪里的', 'CN-SX'),
    ('太原的网站', 'CN-SX'),
    ('I live in Taiyuan, can I file?', 'CN-SX'),
    ('大同市的个人备案', 'CN-SX'),
    ('山西備案號', 'CN-SX'),
    ('内蒙古自治区个人备案要求', 'CN-NM'),
    ('内蒙古需要本地手机号吗', 'CN-NM'),
    ('Filing rules in Inner Mongolia', 'CN-NM'),
    ('Nèi Měnggǔ beian', 'CN-NM'),
    ('这个蒙ICP备12345678号-1是哪里的', 'CN-NM'),
    ('呼和浩特个人备案', 'CN-NM'),
    ('I live in Hohhot, can I file?', 'CN-NM'),
    ('鄂尔多斯的个人备案', 'CN-NM'),
    ('內蒙古備案', 'CN-NM'),
    ('辽宁省个人备案要求', 'CN-LN'),
    ('辽宁需要本地手机号吗', 'CN-LN'),
    ('Filing rules in Liaoning', 'CN-LN'),
    ('Liáoníng beian', 'CN-LN'),
    ('这个辽ICP备12345678号-1是哪里的', 'CN-LN'),
    ('大连的公司', 'CN-LN'),
    ('I live in Dalian, can I file?', 'CN-LN'),
    ('沈阳的个人备案', 'CN-LN'),
    ('遼寧手機號', 'CN-LN'),
    ('吉林省个人备案要求', 'CN-JL'),
    ('吉林需要本地手机号吗', 'CN-JL'),
    ('Filing rules in Jilin', 'CN-JL'),
    ('Jílín beian', 'CN-JL'),
    ('这个吉ICP备12345678号-1是哪里的', 'CN-JL'),
    ('长春个人', 'CN-JL'),
    ('I live in Changchun, can I file?', 'CN-JL'),
    ('延边的个人备案', 'CN-JL'),
    ('吉林備案', 'CN-JL'),
    ('黑龙江省个人备案要求', 'CN-HL'),
    ('黑龙江需要本地手机号吗', 'CN-HL'),
    ('Filing rules in Heilongjiang', 'CN-HL'),
    ('Hēilóngjiāng beian', 'CN-HL'),
    ('这个黑ICP备12345678号-1是哪里的', 'CN-HL'),
    ('哈尔滨备案', 'CN-HL'),
    ('I live in Harbin, can I file?', 'CN-HL'),
    ('大庆的个人备案', 'CN-HL'),
    ('黑龍江備案', 'CN-HL'),
    ('上海市个人备案要求', 'CN-SH'),
    ('上海需要本地手机号吗', 'CN-SH'),
    ('Filing rules in Shanghai', 'CN-SH'),
    ('Shànghǎi beian', 'CN-SH'),
    ('这个沪ICP备12345678号-1是哪里的', 'CN-SH'),
    ('浦东新区的公司', 'CN-SH'),
    ('I live in Pudong, can I file?', 'CN-SH'),
    ('闵行的个人备案', 'CN-SH'),
    ('上海個人備案', 'CN-SH'),
    ('江苏省个人备案要求', 'CN-JS'),
    ('江苏需要本地手机号吗', 'CN-JS'),
    ('Filing rules in Jiangsu', 'CN-JS'),
    ('Jiāngsū beian', 'CN-JS'),
    ('这个苏ICP备12345678号-1是哪里的', 'CN-JS'),
    ('苏州工业园区', 'CN-JS'),
    ('I live in Suzhou, can I file?', 'CN-JS'),
    ('昆山的个人备案', 'CN-JS'),
    ('蘇州備案', 'CN-JS'),
    ('浙江省个人备案要求', 'CN-ZJ'),
    ('浙江需要本地手机号吗', 'CN-ZJ'),
    ('Filing rules in Zhejiang', 'CN-ZJ'),
    ('Zhèjiāng beian', 'CN-ZJ'),
    ('这个浙ICP备12345678号-1是哪里的', 'CN-ZJ'),
    ('杭州外地人', 'CN-ZJ'),
    ('I live in Hangzhou, can I file?', 'CN-ZJ'),
    ('义乌的个人备案', 'CN-ZJ'),
    ('浙江備案', 'CN-ZJ'),
    ('安徽省个人备案要求', 'CN-AH'),
    ('安徽需要本地手机号吗', 'CN-AH'),
    ('Filing rules in Anhui', 'CN-AH'),
    ('Ānhuī beian', 'CN-AH'),
    ('这个皖ICP备12345678号-1是哪里的', 'CN-AH'),
    ('合肥个人备案', 'CN-AH'),
    ('I live in Hefei, can I file?', 'CN-AH'),
    ('芜湖的个人备案', 'CN-AH'),
    ('安徽備案', 'CN-AH'),
    ('福建省个人备案要求', 'CN-FJ'),
    ('福建需要本地手机号吗', 'CN-FJ'),
    ('Filing rules in Fujian', 'CN-FJ'),
    ('Fújiàn beian', 'CN-FJ'),
    ('这个闽ICP备12345678号-1是哪里的', 'CN-FJ'),
    ('厦门的网站', 'CN-FJ'),
    ('I live in Xiamen, can I file?', 'CN-FJ'),
    ('泉州的个人备案', 'CN-FJ'),
    ('廈門網站', 'CN-FJ'),
    ('江西省个人备案要求', 'CN-JX'),
    ('江西需要本地手机号吗', 'CN-JX'),
    ('Filing rules in Jiangxi', 'CN-JX'),
    ('Jiāngxī beian', 'CN-JX'),
    ('这个赣ICP备12345678号-1是哪里的', 'CN-JX'),
    ('南昌备案', 'CN-JX'),
    ('I live in Nanchang, can I file?', 'CN-JX'),
    ('赣州的个人备案', 'CN-JX'),
    ('江西備案', 'CN-JX'),
    ('山东省个人备案要求', 'CN-SD'),
    ('山东需要本地手机号吗', 'CN-SD'),
    ('Filing rules in Shandong', 'CN-SD'),
    ('Shāndōng beian', 'CN-SD'),
    ('这个鲁ICP备12345678号-1是哪里的', 'CN-SD'),
    ('青岛的公司', 'CN-SD'),
    ('I live in Qingdao, can I file?', 'CN-SD'),
    ('烟台的个人备案', 'CN-SD'),
    ('濟南備案', 'CN-SD'),
    ('河南省个人备案要求', 'CN-HA'),
    ('河南需要本地手机号吗', 'CN-HA'),
    ('Filing rules in Henan', 'CN-HA'),
    ('Hénán beian', 'CN-HA'),
    ('这个豫ICP备12345678号-1是哪里的', 'CN-HA'),
    ('郑州个人', 'CN-HA'),
    ('I live in Zhengzhou, can I file?', 'CN-HA'),
    ('洛阳的个人备案', 'CN-HA'),
    ('鄭州備案', 'CN-HA'),
    ('湖北省个人备案要求', 'CN-HB'),
    ('湖北需要本地手机号吗', 'CN-HB'),
    ('Filing rules in Hubei', 'CN-HB'),
    ('Húběi beian', 'CN-HB'),
    ('这个鄂ICP备12345678号-1是哪里的', 'CN-HB'),
    ('武汉光谷', 'CN-HB'),
    ('I live in Wuhan, can I file?', 'CN-HB'),
    ('宜昌的个人备案', 'CN-HB'),
    ('湖北備案', 'CN-HB'),
    ('湖南省个人备案要求', 'CN-HN'),
    ('湖南需要本地手机号吗', 'CN-HN'),
    ('Filing rules in Hunan', 'CN-HN'),
    ('Húnán beian', 'CN-HN'),
    ('这个湘ICP备12345678号-1是哪里的', 'CN-HN'),
    ('长沙备案', 'CN-HN'),
    ('I live in Changsha, can I file?', 'CN-HN'),
    ('张家界的个人备案', 'CN-HN'),
    ('長沙網站', 'CN-HN'),
    ('广东省个人备案要求', 'CN-GD'),
    ('广东需要本地手机号吗', 'CN-GD'),
    ('Filing rules in Guangdong', 'CN-GD'),
    ('Guǎngdōng beian', 'CN-GD'),
    ('这个粤ICP备12345678号-1是哪里的', 'CN-GD'),
    ('深圳南山', 'CN-GD'),
    ('I live in Shenzhen, can I file?', 'CN-GD'),
    ('东莞的个人备案', 'CN-GD'),
    ('廣東個人備案', 'CN-GD'),
    ('广西壮族自治区个人备案要求', 'CN-GX'),
    ('广西需要本地手机号吗', 'CN-GX'),
    ('Filing rules in Guangxi', 'CN-GX'),
    ('Guǎngxī beian', 'CN-GX'),
    ('这个桂ICP备12345678号-1是哪里的', 'CN-GX'),
    ('桂林个人网站', 'CN-GX'),
    ('I live in Guilin, can I file?', 'CN-GX'),
    ('北海的个人备案', 'CN-GX'),
    ('廣西備案', 'CN-GX'),
    ('海南省个人备案要求', 'CN-HI'),
    ('海南需要本地手机号吗', 'CN-HI'),
    ('Filing rules in Hainan', 'CN-HI'),
    ('Hǎinán beian', 'CN-HI'),
    ('这个琼ICP备12345678号-1是哪里的', 'CN-HI'),
    ('三亚的公司', 'CN-HI'),
    ('I live in Sanya, can I file?', 'CN-HI'),
    ('海口的个人备案', 'CN-HI'),
    ('海南備案', 'CN-HI'),
    ('重庆市个人备案要求', 'CN-CQ'),
    ('重庆需要本地手机号吗', 'CN-CQ'),
    ('Filing rules in Chongqing', 'CN-CQ'),
    ('Chóngqìng beian', 'CN-CQ'),
    ('这个渝ICP备12345678号-1是哪里的', 'CN-CQ'),
    ('两江新区', 'CN-CQ'),
    ('I live in Liangjiang, can I file?', 'CN-CQ'),
    ('渝北的个人备案', 'CN-CQ'),
    ('重慶備案', 'CN-CQ'),
    ('四川省个人备案要求', 'CN-SC'),
    ('四川需要本地手机号吗', 'CN-SC'),
    ('Filing rules in Sichuan', 'CN-SC'),
    ('Sìchuān beian', 'CN-SC'),
    ('这个蜀ICP备12345678号-1是哪里的', 'CN-SC'),
    ('成都高新', 'CN-SC'),
    ('I live in Chengdu, can I file?', 'CN-SC'),
    ('绵阳的个人备案', 'CN-SC'),
    ('四川備案', 'CN-SC'),
    ('贵州省个人备案要求', 'CN-GZ'),
    ('贵州需要本地手机号吗', 'CN-GZ'),
    ('Filing rules in Guizhou', 'CN-GZ'),
    ('Guìzhōu beian', 'CN-GZ'),
    ('这个黔ICP备12345678号-1是哪里的', 'CN-GZ'),
    ('贵阳个人', 'CN-GZ'),
    ('I live in Guiyang, can I file?', 'CN-GZ'),
    ('遵义的个人备案', 'CN-GZ'),
    ('貴州備案', 'CN-GZ'),
    ('云南省个人备案要求', 'CN-YN'),
    ('云南需要本地手机号吗', 'CN-YN'),
    ('Filing rules in Yunnan', 'CN-YN'),
    ('Yúnnán beian', 'CN-YN'),
    ('这个滇ICP备12345678号-1是哪里的', 'CN-YN'),
    ('昆明备案', 'CN-YN'),
    ('I live in Kunming, can I file?', 'CN-YN'),
    ('大理的个人备案', 'CN-YN'),
    ('雲南備案', 'CN-YN'),
    ('西藏自治区个人备案要求', 'CN-XZ'),
    ('西藏需要本地手机号吗', 'CN-XZ'),
    ('Filing rules in Tibet', 'CN-XZ'),
    ('Xīzàng beian', 'CN-XZ'),
    ('这个藏ICP备12345678号-1是哪里的', 'CN-XZ'),
    ('拉萨的网站', 'CN-XZ'),
    ('I live in Lhasa, can I file?', 'CN-XZ'),
    ('日喀则的个人备案', 'CN-XZ'),
    ('西藏備案', 'CN-XZ'),
    ('陕西省个人备案要求', 'CN-SN'),
    ('陕西需要本地手机号吗', 'CN-SN'),
    ('Filing rules in Shaanxi', 'CN-SN'),
    ('Shǎnxī beian', 'CN-SN'),
    ('这个陕ICP备12345678号-1是哪里的', 'CN-SN'),
    ('西安个人', 'CN-SN'),
    ("I live in Xi'an, can I file?", 'CN-SN'),
    ('宝鸡的个人备案', 'CN-SN'),
    ('陝西備案', 'CN-SN'),
    ('甘肃省个人备案要求', 'CN-GS'),
    ('甘肃需要本地手机号吗', 'CN-GS'),
    ('Filing rules in Gansu', 'CN-GS'),
    ('Gānsù beian', 'CN-GS'),
    ('这个陇ICP备12345678号-1是哪里的', 'CN-GS'),
    ('兰州备案', 'CN-GS'),
    ('I live in Lanzhou, can I file?', 'CN-GS'),
    ('敦煌的个人备案', 'CN-GS'),
    ('蘭州備案', 'CN-GS'),
    ('青海省个人备案要求', 'CN-QH'),
    ('青海需要本地手机号吗', 'CN-QH'),
    ('Filing rules in Qinghai', 'CN-QH'),
    ('Qīnghǎi beian', 'CN-QH'),
    ('这个青ICP备12345678号-1是哪里的', 'CN-QH'),
    ('西宁个人', 'CN-QH'),
    ('I live in Xining, can I file?', 'CN-QH'),
    ('格尔木的个人备案', 'CN-QH'),
    ('青海備案', 'CN-QH'),
    ('宁夏回族自治区个人备案要求', 'CN-NX'),
    ('宁夏需要本地手机号吗', 'CN-NX'),
    ('Filing rules in Ningxia', 'CN-NX'),
    ('Níngxià beian', 'CN-NX'),
    ('这个宁ICP备12345678号-1是哪里的', 'CN-NX'),
    ('银川的公司', 'CN-NX'),
    ('I live in Yinchuan, can I file?', 'CN-NX'),
    ('石嘴山的个人备案', 'CN-NX'),
    ('寧夏備案', 'CN-NX'),
    ('新疆维吾尔自治区个人备案要求', 'CN-XJ'),
    ('新疆需要本地手机号吗', 'CN-XJ'),
    ('Filing rules in Xinjiang', 'CN-XJ'),
    ('Xīnjiāng beian', 'CN-XJ'),
    ('这个新ICP备12345678号-1是哪里的', 'CN-XJ'),
    ('乌鲁木齐备案', 'CN-XJ'),
    ('I live in Urumqi, can I file?', 'CN-XJ'),
    ('喀什的个人备案', 'CN-XJ'),
    ('烏魯木齊備案', 'CN-XJ'),
    ('在皖备案要什么', 'CN-AH'),
    ('冀 个人备案', 'CN-HE'),
    ('沪上个人备案', 'CN-SH'),
    ('豫 外地人', 'CN-HA'),
    ('桂 网站备注', 'CN-GX'),
    ('川 外地人', 'CN-SC'),
    ('黔 身份证', 'CN-GZ'),
    ('鲁 年龄', 'CN-SD'),
    ('赣 核验单', 'CN-JX'),
    ('苏 居住证', 'CN-JS'),
    ('湘 手机号', 'CN-HN'),
    ('琼 营业执照', 'CN-HI'),
    ('渝 域名', 'CN-CQ'),
    ('滇 外地人', 'CN-YN'),
    ('藏ICP备', 'CN-XZ'),
    ('陕 网站数量', 'CN-SN'),
    ('蜀ICP备12014244号-2', 'CN-SC'),
    ('川ICP备10200063号-1', 'CN-SC'),
    ('陇ICP备2021003158号-1', 'CN-GS'),
    ('甘ICP备16003251号-1', 'CN-GS'),
    ('贵ICP备05052049号-13', 'CN-GZ'),
    ('新ICP备2020000001号', 'CN-XJ'),
    ('宁ICP备2022000828号-1', 'CN-NX'),
    ('京公网安备11010802012345号', 'CN-BJ'),
    ('guangdon footer', 'CN-GD'),
    ('shenzen company', 'CN-GD'),
    ('xinjang rules', 'CN-XJ'),
    ('tianjing landline', 'CN-TJ'),
    ('shaan xi', 'CN-SN'),
    ('sichaun', 'CN-SC'),
    ('zhejaing', 'CN-ZJ'),
    ('hangzou', 'CN-ZJ'),
    ('beijng', 'CN-BJ'),
    ('shanghia', 'CN-SH'),
    ('guang3dong1', 'CN-GD'),
    ('shan3xi1', 'CN-SN'),
    ('Peking', 'CN-BJ'),
    ('Canton', 'CN-GD'),
    ('Szechuan', 'CN-SC'),
    ('Tibet', 'CN-XZ'),
    ('Amoy', 'CN-FJ'),
    ('Tsingtao', 'CN-SD'),
    ('Nanking', 'CN-JS'),
    ('Inner Mongolia', 'CN-NM'),
    ('nei menggu', 'CN-NM'),
    ("Xi'an", 'CN-SN'),
    ('Xian', 'CN-SN'),
    ('cn-gd', 'CN-GD'),
    ('CN-HL', 'CN-HL'),
    ('鄂尔多斯的公司', 'CN-NM'),
    ('阿里云南京节点', 'CN-JS'),
    ('开封的公司', 'CN-HA'),
    ('三明市的网站', 'CN-FJ'),
    ('湘西', 'CN-HN'),
    ('黔东南', 'CN-GZ'),
    ('甘孜', 'CN-SC'),
    ('前海', 'CN-GD'),
    ('中关村', 'CN-BJ'),
    ('陆家嘴', 'CN-SH'),
    ('Zhongguancun', 'CN-BJ'),
    ('Yiwu', 'CN-ZJ'),
    ('Kunshan', 'CN-JS'),
    ('Dongguan', 'CN-GD'),
    ('Kashgar', 'CN-XJ'),
    ('Golmud', 'CN-QH'),
    ('Ordos', 'CN-NM'),
    ('Shigatse', 'CN-XZ'),
]

PLACE_MENTIONS += [
    ('藏 宗教网站要什么许可', 'CN-XZ'),
    ('在藏备案要注意什么', 'CN-XZ'),
    ('Shannxi personal website limit', 'CN-SN'),
    ('Shaanxii company domain holder', 'CN-SN'),
    ('華苑外環的公司選哪個區', 'CN-TJ'),
    ('Liangjiang New Area company', 'CN-CQ'),
]

TWO_REGIONS = [
    ('我是河南人，在上海工作，能备案吗', 'CN-SH'),
    ('身份证是安徽的，想在浙江备案', 'CN-ZJ'),
    ('My ID card is from Henan but I live in Shanghai', 'CN-SH'),
    ('My company is in Shenzhen but I live in Beijing', 'CN-GD'),
    ('服务器在北京，公司在杭州，去哪备案', 'CN-ZJ'),
    ('Can I file in Shanghai with an ID card from Anhui?', 'CN-SH'),
    ('Our server is hosted in Beijing, the company is registered in Chengdu', 'CN-SC'),
    ('老家湖南，现在在广州上班，个人备案', 'CN-GD'),
]

NOT_A_REGION = [
    '新增接入怎么办',
    '腾讯云备案',
    '云服务器',
    'How long does it take?',
    '新网站',
    '',
    '犹豫要不要备案',
    '开封后还能用吗',
    '三明治',
    'human rights',
    'I am dating',
    'what will change',
    '复苏',
    '阿里巴巴',
    '京东云服务器',
    '新的域名要备案吗',
    '宁可不备案',
    '隐藏内容',
    '中山大学',
    '把内容藏起来',
    '收藏夹',
]


def test_the_table_is_large_and_covers_every_region() -> None:
    assert len(PLACE_MENTIONS) >= 200
    assert {code for _, code in PLACE_MENTIONS} == {r.code for r in REGIONS}


@pytest.mark.parametrize("text,code", PLACE_MENTIONS)
def test_a_place_mention_names_its_region(text: str, code: str) -> None:
    region = find_region(text)
    assert region is not None and region.code == code, text


@pytest.mark.parametrize("text,code", TWO_REGIONS)
def test_a_question_naming_two_regions_is_about_the_filing_one(text: str, code: str) -> None:
    region = find_region(text)
    assert region is not None and region.code == code, text


@pytest.mark.parametrize("text", NOT_A_REGION)
def test_words_that_only_contain_a_place_name_are_no_region(text: str) -> None:
    assert find_region(text) is None


def test_every_prefecture_level_division_is_listed_with_a_source() -> None:
    prefectures = [p for p in places() if p.level == "prefecture"]
    # 333 prefecture-level divisions plus 5 county-level cities under a province directly.
    assert len(prefectures) >= 333
    source = places_source()
    assert source["title"] and source["url"].startswith("https://") and source["date"]
    for region in REGIONS:
        if region.code not in {"CN-BJ", "CN-TJ", "CN-SH", "CN-CQ"}:
            assert any(p.code == region.code for p in prefectures), region.code
        assert any(p.code == region.code for p in places()), region.code


def test_every_unambiguous_place_name_resolves_to_its_own_region() -> None:
    wrong = []
    for place in places():
        if place.needs_context:
            continue
        found = find_region(place.zh)
        if found is None or found.code != place.code:
            wrong.append(place.zh)
    assert not wrong


def test_traditional_characters_and_tones_are_normalised() -> None:
    assert normalize("上海個人備案需要居住證嗎") == "上海个人备案需要居住证吗"
    assert normalize("Guǎngdōng ＩＣＰ") == "guangdong icp"
    assert normalize("Shǎnxī") == "shaanxi" and normalize("Shānxī") == "shanxi"


def test_a_misspelling_is_read_only_when_it_is_no_english_word() -> None:
    assert [m.kind for m in find_mentions(normalize("shenzen"))] == ["typo"]
    assert find_mentions(normalize("a human being")) == []


def test_question_without_region_uses_the_applicants_region() -> None:
    kb = KnowledgeBase.load()
    assert kb.ask("Do I need a local mobile number?", region="CN-SH").region == "CN-SH"
    assert kb.ask("需要本地手机号吗", region="上海").region == "CN-SH"
    assert kb.ask("Do I need a Beijing mobile number?", region="CN-SH").region == "CN-BJ"


def test_a_server_location_is_not_the_filing_region() -> None:
    from knowledge.mentions import region_about
    from knowledge.textnorm import normalize

    text = normalize("I put my blog on a server in Shanghai, do I need to register?")
    assert region_about(text) == "CN-SH"  # the place is named ...
    assert region_about(text, filing=True) is None  # ... but the filing is not Shanghai's
    both = normalize("阿里云南京节点的服务器，公司在上海")
    assert region_about(both, filing=True) == "CN-SH"


def test_a_whole_number_is_told_from_a_prefix() -> None:
    from knowledge.mentions import find_mentions, only_in_numbers
    from knowledge.textnorm import normalize

    quoted = normalize("陕ICP备15002899号-4 的 -4 是什么意思")
    assert [m.kind for m in find_mentions(quoted)] == ["number"]
    assert only_in_numbers(quoted, "CN-SN")
    assert not only_in_numbers(normalize("陕ICP备的网站要关站吗"), "CN-SN")
    assert only_in_numbers(normalize("Is 浙B2-20080101 a filing number?"), "CN-ZJ")
