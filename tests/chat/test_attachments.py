"""Attachments: a customer sends an image or a PDF of at most 10 MB; its type is read from its
bytes, not its name; a refused file stores nothing; the desk can list and open the files."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from ridgeline.audit.models import AuditEntry
from ridgeline.conversations.attachments import MAX_BYTES, check, clean_name
from ridgeline.kit.errors import InvalidInputError
from tests.chat.conftest import EXE, PDF, PNG, Chat

BASE = "/api/v1/conversations"


@pytest.mark.parametrize(
    ("name", "data", "kind"),
    [
        ("receipt.png", PNG, "image/png"),
        ("photo.JPG", b"\xff\xd8\xff\xe0" + bytes(32), "image/jpeg"),
        ("proof.pdf", PDF, "application/pdf"),
        ("scan", PDF, "application/pdf"),  # no extension: the bytes decide
        ("anim.gif", b"GIF89a" + bytes(32), "image/gif"),
        ("pic.webp", b"RIFF\x00\x00\x00\x00WEBPVP8 " + bytes(32), "image/webp"),
    ],
)
def test_images_and_pdf_files_are_taken_by_their_bytes(name: str, data: bytes, kind: str) -> None:
    assert check(name, data)[1].content_type == kind


@pytest.mark.parametrize(
    ("name", "data", "why"),
    [
        ("setup.exe", EXE, ".exe files cannot be sent"),
        ("receipt.png", EXE, ".png files cannot be sent"),  # a program named as an image
        ("receipt.exe", PNG, "not what its name says"),  # an image named as a program
        ("proof.png", PDF, "not what its name says"),
        ("notes.txt", b"hello", ".txt files cannot be sent"),
        ("empty.png", b"", "empty"),
    ],
)
def test_other_files_are_refused_whatever_their_name(name: str, data: bytes, why: str) -> None:
    with pytest.raises(InvalidInputError, match=why):
        check(name, data)


def test_a_file_name_is_cleaned() -> None:
    assert clean_name("C:\\Users\\me\\receipt.png") == "receipt.png"
    assert clean_name("../../etc/passwd\x00.png") == "passwd.png"
    assert len(clean_name("a" * 300 + ".png")) == 200


def test_a_png_is_kept_with_the_conversation_and_the_desk_sees_it(chat: Chat) -> None:
    conversation_id, token = chat.start()
    sent = chat.upload(conversation_id, token, "receipt.png", PNG)
    assert sent.status_code == 201, sent.text
    file = sent.json()
    assert file["content_type"] == "image/png" and file["size"] == len(PNG)
    transcript = chat.get(f"{BASE}/{conversation_id}", token).json()["messages"]
    said, notice = transcript[-2], transcript[-1]
    assert said["role"] == "customer" and said["text"] == "receipt.png"
    assert said["attachment"]["id"] == file["id"]
    assert notice["role"] == "system" and "We have received receipt.png" in notice["text"]
    # The customer and the desk can list and open it; another customer cannot.
    assert [a["id"] for a in chat.get(f"{BASE}/{conversation_id}/attachments", token).json()] == [
        file["id"]
    ]
    _, agent = chat.agent("ana@lender.example", name="Ana")
    opened = chat.get(file["url"], agent)
    assert opened.status_code == 200 and opened.content == PNG
    assert opened.headers["content-type"] == "image/png"
    assert opened.headers["x-content-type-options"] == "nosniff"
    assert chat.get(f"{BASE}/{conversation_id}/attachments", agent).status_code == 200
    other = chat.customer_token("C2")
    assert chat.get(file["url"], other).status_code == 404
    assert chat.get(f"{BASE}/{conversation_id}/attachments", other).status_code == 404
    with chat.app.state.container.db.reader() as session:
        actions = session.scalars(
            select(AuditEntry.action).where(AuditEntry.entity_id == conversation_id)
        ).all()
    assert "conversation.attachment_added" in actions


def _unchanged(chat: Chat, conversation_id: str, token: str, before: int) -> None:
    found = chat.get(f"{BASE}/{conversation_id}", token).json()
    assert len(found["messages"]) == before
    assert chat.get(f"{BASE}/{conversation_id}/attachments", token).json() == []


def test_a_program_is_refused_with_a_clear_message_and_nothing_is_stored(chat: Chat) -> None:
    conversation_id, token = chat.start()
    before = len(chat.get(f"{BASE}/{conversation_id}", token).json()["messages"])
    refused = chat.upload(conversation_id, token, "setup.exe", EXE)
    assert refused.status_code == 422
    assert refused.json()["error"]["message"] == (
        ".exe files cannot be sent: only images (PNG, JPEG, GIF, WebP) and PDF files can"
    )
    disguised = chat.upload(conversation_id, token, "holiday.png", EXE)
    assert disguised.status_code == 422
    _unchanged(chat, conversation_id, token, before)


def test_a_file_over_ten_megabytes_is_refused_before_it_is_read(chat: Chat) -> None:
    conversation_id, token = chat.start()
    before = len(chat.get(f"{BASE}/{conversation_id}", token).json()["messages"])
    big = PNG + bytes(11 * 1024 * 1024 - len(PNG))
    assert len(big) > MAX_BYTES
    refused = chat.upload(conversation_id, token, "big.png", big)
    assert refused.status_code == 413
    assert refused.json()["error"]["code"] == "payload_too_large"
    _unchanged(chat, conversation_id, token, before)
    sent_in_parts = chat.client.post(  # no length declared: the route counts as it reads
        f"{BASE}/{conversation_id}/attachments",
        params={"filename": "big.png"},
        content=(big[i : i + 1024 * 1024] for i in range(0, len(big), 1024 * 1024)),
        headers=chat.bearer(token),
    )
    assert sent_in_parts.status_code == 413
    assert sent_in_parts.json()["error"]["message"] == (
        "the file is larger than 10 MB: send a smaller one"
    )
    _unchanged(chat, conversation_id, token, before)
    exactly = PNG + bytes(MAX_BYTES - len(PNG))
    assert chat.upload(conversation_id, token, "limit.png", exactly).status_code == 201


def test_only_the_customer_sends_files_and_not_to_a_closed_conversation(chat: Chat) -> None:
    conversation_id, _ = chat.start()
    _, agent = chat.agent("ana@lender.example", name="Ana")
    assert chat.upload(conversation_id, agent, "receipt.png", PNG).status_code == 403
    other = chat.customer_token("C2")
    assert chat.upload(conversation_id, other, "receipt.png", PNG).status_code == 404
    waiting_id, waiting_token = chat.waiting_for_person("C3")
    chat.post(f"/api/v1/desk/conversations/{waiting_id}/claim", agent)
    chat.post(f"/api/v1/desk/conversations/{waiting_id}/close", agent)
    closed = chat.upload(waiting_id, waiting_token, "receipt.png", PNG)
    assert closed.status_code == 409
    assert closed.json()["error"]["rule"] == "conversation_closed"
