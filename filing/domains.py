"""Domain names as the filing system takes them: a registered domain on an approved suffix.

ref §4.2, §7.5 and filing-details §4–§5: the registrable (first-level) domain is filed and
covers its sub-domains; a sub-domain cannot be filed on its own; an IP address cannot be filed
at all (product brief); the suffix must be on MIIT's list (``filing.data.domain_suffixes``).
A URL, ``www.`` or a sub-domain is refused with the registered domain offered as the answer.
"""

from __future__ import annotations

import functools
import ipaddress
import re

import idna
from confusable_homoglyphs import categories, confusables

from filing.data import domain_suffixes
from filing.invalid import Invalid, clean
from filing.text import N_

EXAMPLE = "example.com"


def _looks_like_ip(value: str) -> bool:
    """True for an IP address, also when typed as a URL or with a port."""
    host = value.split("://", 1)[-1].split("/", 1)[0]
    if host.startswith("["):
        host = host[1:].split("]", 1)[0]
    elif host.count(":") == 1:
        host = host.split(":", 1)[0]
    try:
        ipaddress.ip_address(host)
    except ValueError:
        return False
    return True


def idna_ascii(value: str, example: str = EXAMPLE) -> str:
    """The Punycode form of a host name; Invalid when it is no valid domain name."""
    try:
        ascii_form = idna.encode(value, uts46=True).decode("ascii")
    except idna.IDNAError:
        raise Invalid(N_("{domain} is not a valid domain name."), example, domain=value) from None
    labels = ascii_form.split(".")
    if (len(labels) < 2 or len(ascii_form) > 253 or labels[-1].isdigit()
            or any(not label or len(label) > 63 for label in labels)):
        raise Invalid(N_("{domain} is not a valid domain name."), example, domain=value)
    return ascii_form


def _host_of(value: str) -> tuple[str, bool]:
    """The host part of what was typed, and whether it was typed as a URL."""
    url = "://" in value or re.search(r"[/?#]", value) is not None
    host = value.split("://", 1)[-1]
    host = re.split(r"[/?#]", host, maxsplit=1)[0].rsplit("@", 1)[-1]
    host = re.sub(r":\d+$", "", host)
    return host, url


def registrable(unicode_domain: str) -> str | None:
    """The registered domain of a host: one label before the longest approved suffix."""
    labels = unicode_domain.split(".")
    for start in range(1, len(labels)):
        if ".".join(labels[start:]) in domain_suffixes.SUFFIXES:
            return ".".join(labels[start - 1:])
    return None


# Pure (text → domain or Invalid): checked as answered, at the summary and on submission;
# IDNA and the look-alike checks are ~0.2 ms each (#16).
@functools.lru_cache(maxsize=1024)
def domain(text: str) -> str:
    """A registered domain on an approved suffix (Unicode form, lower case)."""
    value = clean(text).lower().rstrip(".").replace("。", ".")
    if not value:
        raise Invalid(N_("Please enter the website's domain name."), EXAMPLE)
    if _looks_like_ip(value):
        raise Invalid(
            N_("An IP address cannot be filed: the ICP filing system accepts domain names only. "
               "Please enter the domain that points to your server."),
            EXAMPLE,
        )
    host, url = _host_of(value)
    if " " in host or not host:
        raise Invalid(N_("Please enter only the domain, without http://, paths or spaces."),
                      EXAMPLE)
    unicode_host = idna.decode(idna_ascii(host))
    # First: a look-alike is refused for what it is, whatever else is wrong with it.
    if looks_alike(unicode_host):
        raise Invalid(N_("{domain} mixes letters of different scripts (such as Latin and "
                         "Cyrillic) or imitates a Latin name, so it could pass for another "
                         "site ({ascii}). Please type the domain in one script."),
                      EXAMPLE, domain=unicode_host, ascii=domain_ascii(unicode_host))
    base = registrable(unicode_host)
    if base is None:
        raise Invalid(
            N_("Domains ending in .{suffix} cannot be filed: the suffix is not on MIIT's list "
               "of approved domain suffixes (as of {as_of}). Use a domain such as .cn, .com or "
               ".中国."),
            EXAMPLE, suffix=unicode_host.rsplit(".", 1)[-1], as_of=domain_suffixes.AS_OF)
    if url:
        raise Invalid(N_("Please enter only the domain, without http:// or a path: {domain}."),
                      EXAMPLE, suggestion=base, domain=base)
    if base != unicode_host:
        raise Invalid(
            N_("{typed} is a sub-domain of {domain}. File the registered domain {domain}: its "
               "filing covers every sub-domain, and a sub-domain cannot be filed on its own."),
            EXAMPLE, suggestion=base, typed=unicode_host, domain=base)
    return unicode_host


def domain_ascii(value: str) -> str:
    """The Punycode form of a validated domain, e.g. 中文.com → xn--fiq228c.com."""
    return idna.encode(value, uts46=True).decode("ascii")


# UTS #39 "highly restrictive": one script per label, or Latin with the scripts Chinese,
# Japanese and Korean names are written in. The confusable-homoglyphs package gives the
# script of each character and the confusables data (Python's unicodedata has neither).
_SCRIPT_MIXES = (frozenset({"LATIN", "HAN", "HIRAGANA", "KATAKANA"}),
                 frozenset({"LATIN", "HAN", "BOPOMOFO"}), frozenset({"LATIN", "HAN", "HANGUL"}))
_NEUTRAL_SCRIPTS = frozenset({"COMMON", "INHERITED"})


def looks_alike(value: str) -> bool:
    """True if a label of ``value`` mixes scripts (аpple: Cyrillic а, Latin pple) or is
    written wholly in another script's letters that each look like Latin ones (аррӏе)."""
    return any(_mixed_script(label) or _latin_lookalike(label) for label in value.split("."))


def _mixed_script(label: str) -> bool:
    scripts = frozenset(categories.unique_aliases(label)) - _NEUTRAL_SCRIPTS
    return len(scripts) > 1 and not any(scripts <= allowed for allowed in _SCRIPT_MIXES)


def _latin_lookalike(label: str) -> bool:
    scripts = frozenset(categories.unique_aliases(label)) - _NEUTRAL_SCRIPTS
    if not scripts or scripts & {"LATIN", "HAN", "HIRAGANA", "KATAKANA", "HANGUL"}:
        return False
    letters = [ch for ch in label if categories.alias(ch) not in _NEUTRAL_SCRIPTS]
    found = confusables.is_confusable(label, greedy=True, preferred_aliases=["latin"]) or []
    like_ascii = {hit["character"] for hit in found
                  if any(glyph["c"].isascii() and glyph["c"].isalnum()
                         for glyph in hit["homoglyphs"])}
    return like_ascii >= set(letters)


def for_reviewers(value: str) -> str:
    """A domain as reviewers see it: the Punycode beside any non-ASCII form, and a warning
    sign on a look-alike (orders filed before look-alikes were refused)."""
    try:
        ascii_form = domain_ascii(value)
    except idna.IDNAError:
        return f"{value} ⚠"
    shown = value if ascii_form == value else f"{value} ({ascii_form})"
    return f"{shown} ⚠" if looks_alike(value) else shown
