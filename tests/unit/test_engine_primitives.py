"""Engine features every flow gets: file steps, "one more?" loops, recommendation flows."""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any

import pytest

from dialogs import parsers as p
from dialogs.materials import MAX_BYTES, check_upload
from dialogs.steps import Answers, Flow, Step
from filing.model import Access, Entity, FilingOrder, Material, Person, Website
from filing.text import N_
from filing.types import CertificateType, EntityType, OrderType
from storage.crypto import Cipher
from storage.materials import FileMaterialStore
from tests.conftest import FakeWorld
from tests.harness import Conversation
from tests.samples import PDF, photo

JPEG = photo()


def _order(answers: Answers, applicant: str) -> FilingOrder:
    leader = Person("张三", CertificateType.RESIDENT_ID, "11010519491231002X", "13812345678")
    entity = Entity(EntityType.INDIVIDUAL, "张三", CertificateType.RESIDENT_ID,
                    "11010519491231002X", "CN-ZJ", "浙江省杭州市西湖区文三路100号", leader,
                    mailing_address="浙江省杭州市西湖区文三路100号")
    sites = [*answers.get("websites", []), {k: answers[k] for k in ("website_name", "domain")}]
    return FilingOrder("", OrderType.FIRST_FILING, applicant, entity,
                       [Website(s["website_name"], s["domain"], "personal", leader,
                                languages=("zh-Hans",), domain_holder="entity") for s in sites],
                       Access("32a43232-a888-88e8-b9ec-00888be81234"),
                       [Material("residence_permit", "p.jpg", "image/jpeg", 1, "k", "s")])


STEPS = (
    Step("photo", N_("Please send a photo of your ID card."), N_("ID photo"), "materials",
         file_kind="id_card_front"),
    Step("website_name", N_("The website's name."), N_("Website name"), "website",
         parse=p.website_name),
    Step("domain", N_("The domain."), N_("Domain"), "website", parse=p.domain),
    Step("more", N_("Another website?"), N_("Another website"), "website",
         choices=(("no", N_("No")), ("yes", N_("Yes"))), loop_to="website_name",
         group=("website_name", "domain"), collect_as="websites"),
)
DEMO = Flow("demo", N_("First-time filing"), STEPS, _order)
ROUTE = Flow("route", N_("First-time filing"), (
    Step("filed", N_("Filed?"), N_("Filed"), "x", choices=(("no", N_("No")), ("yes", N_("Yes")))),
), None, route=lambda answers: "demo" if answers["filed"] == "no" else "nowhere")


@pytest.fixture
def demo(tmp_path: Path) -> tuple[Conversation, FileMaterialStore, FakeWorld]:
    materials = FileMaterialStore(tmp_path, Cipher(Cipher.new_key()))
    world = FakeWorld(flows={"demo": DEMO, "route": ROUTE}, materials=materials)
    chat = world.conversation()
    chat.command("start")
    chat.press("flow:demo")
    return chat, materials, world


def test_photo_is_stored_encrypted_and_the_form_moves_on(demo: Any) -> None:
    chat, materials, world = demo
    chat.upload("id.jpg", "image/jpeg", JPEG)
    assert "Website name" in chat.text
    [draft] = world.store.drafts.values()
    meta = draft.answers["photo"]
    stored = check_upload(JPEG).data  # the photo as re-encoded
    assert meta["content_type"] == "image/jpeg" and meta["size"] == len(stored)
    assert materials.load(meta["storage_key"]) == stored
    assert stored not in (materials._root / meta["storage_key"]).read_bytes()


def test_materials_stay_owner_only_and_survive_their_folder_going(tmp_path: Path) -> None:
    """Folders are made owner-only once per process; a folder deleted meanwhile (the
    owner's files deleted, here or by another process) is made again at the next save."""
    materials = FileMaterialStore(tmp_path / "m", Cipher(Cipher.new_key()))
    first = materials.save("telegram:1", "photo", "a.jpg", "image/jpeg", b"one")
    folder = (tmp_path / "m" / first["storage_key"]).parent
    assert folder.stat().st_mode & 0o777 == 0o700
    assert materials.delete_owner("telegram:1") == 1 and not folder.exists()
    second = materials.save("telegram:1", "photo", "a.jpg", "image/jpeg", b"two")
    shutil.rmtree(folder)  # as another process's delete_owner would
    third = materials.save("telegram:1", "photo", "b.jpg", "image/jpeg", b"three")
    assert materials.load(third["storage_key"]) == b"three"
    assert folder.stat().st_mode & 0o777 == 0o700 and second["storage_key"] != third[
        "storage_key"]


def test_file_type_is_checked_by_content_not_by_name(demo: Any) -> None:
    chat, _, _ = demo
    chat.upload("id.jpg", "image/jpeg", b"MZ\x90\x00 this is an executable")
    assert "neither" in chat.text and "ID photo" in chat.text
    chat.upload("licence.pdf", "application/pdf", PDF)
    assert "Website name" in chat.text


def test_oversized_file_is_refused_with_the_limit(demo: Any) -> None:
    chat, _, _ = demo
    chat.upload("big.jpg", "image/jpeg", JPEG + b"\x00" * MAX_BYTES)
    assert "20 MB" in chat.text


def test_text_at_a_file_step_asks_for_a_file(demo: Any) -> None:
    chat, _, _ = demo
    chat.say("here it is")
    assert "photo or a PDF" in chat.text


def test_several_websites_are_collected_one_domain_each(demo: Any) -> None:
    chat, _, world = demo
    chat.upload("id.jpg", "image/jpeg", JPEG)
    chat.say("美食分享日记")
    chat.say("example.com")
    chat.press("ans:yes")
    assert "Website name" in chat.text
    chat.say("我的摄影小空间")
    chat.say("example.net")
    chat.press("ans:no")
    assert "Website 1\n• Website name: 美食分享日记\n• Domain: example.com" in chat.text
    assert "storage_key" not in chat.text and "• ID photo: ✓" in chat.text  # a file: a tick
    chat.press("nav:confirm")
    [order] = world.orders.rows.values()
    assert [site.domain for site in order.websites] == ["example.com", "example.net"]


def test_an_earlier_website_can_be_removed_from_the_summary(demo: Any) -> None:
    chat, _, world = demo
    chat.upload("id.jpg", "image/jpeg", JPEG)
    chat.say("美食分享日记")
    chat.say("example.com")
    chat.press("ans:yes")
    chat.say("我的摄影小空间")
    chat.say("example.net")
    chat.press("ans:no")
    chat.press("drop:websites.0")
    assert "Website 1" not in chat.text
    chat.press("nav:confirm")
    [order] = world.orders.rows.values()
    assert [site.domain for site in order.websites] == ["example.net"]


def test_a_routing_flow_ends_by_recommending_an_operation(demo: Any) -> None:
    chat, _, _ = demo
    chat.command("cancel")
    chat.press("flow:route")
    chat.press("ans:no")
    assert "the right operation is: First-time filing" in chat.text
    assert "flow:demo" in chat.button_values()
