"""Field validators: what is accepted, what is refused and with which reason."""

from __future__ import annotations

import pytest

from filing import validation as v
from filing.types import CertificateType, EntityType


@pytest.mark.parametrize("number", ["11010519491231002X", "11010519491231002x"])
def test_valid_resident_id_numbers_are_accepted_with_capital_x(number: str) -> None:
    assert v.resident_id(number) == number.upper()


@pytest.mark.parametrize("number, reason", [
    ("110105194912310021", "does not match"),
    ("11010519491231002", "18 characters"),
    ("110105194913310021", "birth date"),
    ("000105194912310024", "region code"),
    ("810000199408230021", "residence permit"),
])
def test_invalid_resident_id_is_refused_with_reason(number: str, reason: str) -> None:
    with pytest.raises(v.Invalid) as refused:
        v.resident_id(number)
    assert reason in refused.value.msgid


@pytest.mark.parametrize("code", ["91330100716105852F", "9144030071526726XG",
                                  "91110000802100433B"])
def test_valid_unified_social_credit_codes_are_accepted(code: str) -> None:
    assert v.credit_code(code.lower()) == code


@pytest.mark.parametrize("code", ["91330100716105852A", "9133010071610585", "91330100716105852I"])
def test_invalid_credit_code_is_refused(code: str) -> None:
    with pytest.raises(v.Invalid):
        v.credit_code(code)


@pytest.mark.parametrize("number, expected", [
    ("13812345678", "13812345678"),
    ("+86 138 1234 5678", "13812345678"),
    ("８６１３８１２３４５６７８", "13812345678"),
])
def test_mainland_mobiles_are_normalised(number: str, expected: str) -> None:
    assert v.mobile(number) == expected


@pytest.mark.parametrize("number", ["12345", "02212345678", "+1 415 555 0100", "1381234567"])
def test_non_mainland_mobile_is_refused(number: str) -> None:
    with pytest.raises(v.Invalid) as refused:
        v.mobile(number)
    assert refused.value.example == "13812345678"


@pytest.mark.parametrize("text, expected", [
    ("example.com", "example.com"),
    ("Example.COM.", "example.com"),
    ("中文.com", "中文.com"),
    ("阿里巴巴.中国", "阿里巴巴.中国"),
    ("example.com.cn", "example.com.cn"),
])
def test_ascii_and_chinese_domains_are_accepted(text: str, expected: str) -> None:
    assert v.domain(text) == expected


def test_chinese_domain_has_its_punycode_form() -> None:
    assert v.domain_ascii("中文.com") == "xn--fiq228c.com"


@pytest.mark.parametrize("text", ["1.2.3.4", "192.168.0.1", "http://8.8.8.8/", "::1",
                                  "2001:db8::1"])
def test_ip_address_is_refused_with_reason(text: str) -> None:
    with pytest.raises(v.Invalid) as refused:
        v.domain(text)
    assert "IP address cannot be filed" in refused.value.msgid


@pytest.mark.parametrize("text, reason", [
    ("www.example.com", "sub-domain"),
    ("https://example.com/page", "only the domain"),
    ("localhost", "not a valid domain"),
    ("-bad-.com", "not a valid domain"),
])
def test_malformed_domains_are_refused_with_reason(text: str, reason: str) -> None:
    with pytest.raises(v.Invalid) as refused:
        v.domain(text)
    assert reason in refused.value.msgid


@pytest.mark.parametrize("number", ["浙ICP备12345678号-1", "京ICP备2021008357号",
                                    "蜀ICP备12014244号-2", "川ICP备10200063号-1",
                                    "陇ICP备2021003158号-1"])
def test_filing_numbers_in_every_known_form_are_accepted(number: str) -> None:
    assert v.icp_number(number) == number


@pytest.mark.parametrize("number", ["ICP备12345678号", "浙ICP12345678号", "港ICP备12345678号",
                                    "浙ICP备123号"])
def test_malformed_filing_numbers_are_refused(number: str) -> None:
    with pytest.raises(v.Invalid):
        v.icp_number(number)


def test_personal_website_name_may_not_sound_commercial() -> None:
    with pytest.raises(v.Invalid) as refused:
        v.website_name("张三的商城网站", EntityType.INDIVIDUAL)
    assert refused.value.params["word"] == "商城"


def test_company_may_name_its_site_官网() -> None:
    assert v.website_name("示例科技官网", EntityType.ENTERPRISE) == "示例科技官网"


@pytest.mark.parametrize("name", ["blog", "12345", "美食"])
def test_website_name_needs_three_chinese_characters(name: str) -> None:
    with pytest.raises(v.Invalid):
        v.website_name(name)


def test_national_words_are_refused_in_website_names() -> None:
    with pytest.raises(v.Invalid) as refused:
        v.website_name("中国美食分享", EntityType.ENTERPRISE)
    assert refused.value.params["word"] == "中国"


def test_certificate_number_is_checked_by_certificate_type() -> None:
    assert v.certificate_number(CertificateType.PASSPORT, "e1234567") == "E1234567"
    assert v.certificate_number(CertificateType.HK_MACAO_PERMIT, "h12345678") == "H12345678"
    with pytest.raises(v.Invalid):
        v.certificate_number(CertificateType.BUSINESS_LICENSE, "11010519491231002X")


def test_service_code_must_look_like_the_console_code() -> None:
    assert v.service_code("32A43232-A888-88E8-B9EC-00888BE81234") == \
        "32a43232-a888-88e8-b9ec-00888be81234"
    with pytest.raises(v.Invalid):
        v.service_code("123456789012")
