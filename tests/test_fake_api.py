"""Tests of the fake Telegram Bot API server, driven by a real aiogram Bot."""

from __future__ import annotations

import asyncio
import struct
import time
import zlib
from collections.abc import AsyncIterator
from typing import Any, ClassVar

import aiohttp
import pytest
import pytest_asyncio
from aiogram import Bot
from aiogram.client.session.aiohttp import AiohttpSession
from aiogram.client.telegram import TelegramAPIServer
from aiogram.exceptions import (
    ClientDecodeError,
    TelegramBadRequest,
    TelegramConflictError,
    TelegramForbiddenError,
    TelegramNetworkError,
    TelegramNotFound,
    TelegramRetryAfter,
    TelegramServerError,
    TelegramUnauthorizedError,
)
from aiogram.methods import TelegramMethod
from aiogram.types import (
    BotCommand,
    BotCommandScopeAllPrivateChats,
    BufferedInputFile,
    InlineKeyboardButton,
    InlineKeyboardMarkup,
    MessageId,
    ReplyParameters,
)

from tests.fake_api import FakeTelegram, Params, is_sending_method

TOKEN = "123456789:AAHfakeTokenForTests_abcdefghijklmnopq"
USER = 5550001
OTHER = 5550002
PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"


def make_bot(fake: FakeTelegram, token: str = TOKEN) -> Bot:
    return Bot(token, session=AiohttpSession(api=TelegramAPIServer.from_base(fake.url)))


@pytest_asyncio.fixture
async def fake() -> AsyncIterator[FakeTelegram]:
    async with FakeTelegram(TOKEN) as server:
        yield server


@pytest_asyncio.fixture
async def bot(fake: FakeTelegram) -> AsyncIterator[Bot]:
    bot = make_bot(fake)
    try:
        yield bot
    finally:
        await bot.session.close()


def keyboard(*pairs: tuple[str, str]) -> InlineKeyboardMarkup:
    return InlineKeyboardMarkup(
        inline_keyboard=[[InlineKeyboardButton(text=t, callback_data=d)] for t, d in pairs]
    )


def png(width: int, height: int) -> bytes:
    """A valid RGB PNG image of this size."""

    def chunk(tag: bytes, data: bytes) -> bytes:
        body = tag + data
        return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body))

    rows = b"".join(b"\x00" + b"\x80\x40\x20" * width for _ in range(height))
    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return (
        PNG_SIGNATURE
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(rows))
        + chunk(b"IEND", b"")
    )


class _UnknownMethod(TelegramMethod[bool]):
    __returning__: ClassVar[type] = bool
    __api_method__: ClassVar[str] = "definitelyNotAMethod"


@pytest.mark.asyncio
async def test_get_me(fake: FakeTelegram, bot: Bot) -> None:
    me = await bot.get_me()
    assert me.id == 123456789
    assert me.is_bot
    assert me.username == "wit_test_bot"
    assert me.can_join_groups is True
    [call] = fake.calls("getMe")
    assert call.method == "getMe"
    assert call.ok and call.status == 200
    assert fake.problems == []


@pytest.mark.asyncio
async def test_send_then_edit_round_trip(fake: FakeTelegram, bot: Bot) -> None:
    fake.user_message(USER, "/start")  # the user's message takes message_id 1 in the chat
    sent = await bot.send_message(USER, "123", reply_markup=keyboard(("Yes", "answer:yes")))
    assert sent.message_id == 2
    assert sent.chat.id == USER and sent.chat.type == "private"
    assert sent.chat.first_name == "Dilnoza"
    assert sent.from_user is not None and sent.from_user.id == fake.bot_id
    assert sent.reply_markup is not None
    call = fake.calls("sendMessage")[0]
    assert call.params["text"] == "123"  # string params stay strings
    assert call.params["chat_id"] == USER
    assert call.params["reply_markup"]["inline_keyboard"][0][0]["callback_data"] == "answer:yes"

    second = await bot.send_message(USER, "second")
    assert second.message_id == 3

    edited = await bot.edit_message_text("edited", chat_id=USER, message_id=sent.message_id)
    assert not isinstance(edited, bool)
    assert edited.text == "edited"
    assert edited.reply_markup is None  # an edit without reply_markup drops the keyboard

    with pytest.raises(TelegramBadRequest, match="message is not modified"):
        await bot.edit_message_text("edited", chat_id=USER, message_id=sent.message_id)
    with pytest.raises(TelegramBadRequest, match="message to edit not found"):
        await bot.edit_message_text("x", chat_id=USER, message_id=1)  # the user's message
    with pytest.raises(TelegramBadRequest, match="message to edit not found"):
        await bot.edit_message_text("x", chat_id=USER, message_id=99)

    markup = keyboard(("Again", "again"))
    with_kb = await bot.edit_message_reply_markup(
        chat_id=USER, message_id=sent.message_id, reply_markup=markup
    )
    assert not isinstance(with_kb, bool) and with_kb.reply_markup is not None
    assert with_kb.reply_markup.model_dump() == markup.model_dump()
    with pytest.raises(TelegramBadRequest, match="message is not modified"):
        await bot.edit_message_reply_markup(
            chat_id=USER, message_id=sent.message_id, reply_markup=markup
        )

    assert await bot.delete_message(USER, second.message_id) is True
    with pytest.raises(TelegramBadRequest, match="message to delete not found"):
        await bot.delete_message(USER, second.message_id)

    assert fake.sent_texts(USER) == [
        ("sendMessage", "123"),
        ("sendMessage", "second"),
        ("editMessageText", "edited"),
    ]
    assert [m["message_id"] for m in fake.messages(USER)] == [1, 2]
    assert fake.problems == []


@pytest.mark.asyncio
async def test_unknown_method_and_case_insensitive_names(fake: FakeTelegram, bot: Bot) -> None:
    with pytest.raises(TelegramNotFound):
        await bot(_UnknownMethod())
    async with aiohttp.ClientSession() as http:
        async with http.post(f"{fake.url}/bot{TOKEN}/definitelyNotAMethod") as resp:
            assert resp.status == 404
            assert await resp.json() == {"ok": False, "error_code": 404, "description": "Not Found"}
        async with http.get(f"{fake.url}/bot{TOKEN}/GETME") as resp:
            body = await resp.json()
            assert resp.status == 200 and body["result"]["id"] == fake.bot_id
        async with http.post(
            f"{fake.url}/bot{TOKEN}/sendmessage", json={"chat_id": USER, "text": "json body"}
        ) as resp:
            assert resp.status == 200
    assert [r.method for r in fake.requests] == [
        "definitelyNotAMethod",
        "definitelyNotAMethod",
        "getMe",
        "sendMessage",
    ]
    assert fake.sent_texts(USER) == [("sendMessage", "json body")]


@pytest.mark.asyncio
async def test_get_updates_long_poll_and_offset(fake: FakeTelegram, bot: Bot) -> None:
    poll = asyncio.create_task(bot.get_updates(timeout=10))
    await fake.wait_for("getUpdates")
    await asyncio.sleep(0.05)
    assert not poll.done()
    update_id = fake.user_message(USER, "/start hello", username="dilnoza")
    updates = await poll
    assert [u.update_id for u in updates] == [update_id] == [1]
    message = updates[0].message
    assert message is not None and message.text == "/start hello"
    assert message.entities is not None
    assert (message.entities[0].type, message.entities[0].length) == ("bot_command", 6)
    assert message.from_user is not None and message.from_user.language_code == "ru"

    # not confirmed yet: delivered again
    again = await bot.get_updates(timeout=0)
    assert [u.update_id for u in again] == [1]
    assert fake.pending_updates() == 1

    # confirmed by offset: never returned again; waiting with no update yields []
    started = time.monotonic()
    assert await bot.get_updates(offset=update_id + 1, timeout=1) == []
    assert time.monotonic() - started >= 0.9
    assert fake.pending_updates() == 0
    assert fake.last_offset == 2

    second = fake.user_message(USER, "next")
    fake.push_update({"chat_member": {}})  # not allowed by default: dropped silently
    third = fake.user_callback(USER, "cb:1", message_id=1)
    got = await bot.get_updates(offset=2, timeout=5)
    assert [u.update_id for u in got] == [second, third]
    assert got[1].callback_query is not None and got[1].callback_query.data == "cb:1"
    assert await bot.answer_callback_query(got[1].callback_query.id) is True
    with pytest.raises(TelegramBadRequest, match="query ID is invalid"):
        await bot.answer_callback_query(got[1].callback_query.id)
    assert fake.problems == []


@pytest.mark.asyncio
async def test_newer_get_updates_terminates_older(fake: FakeTelegram, bot: Bot) -> None:
    older = asyncio.create_task(bot.get_updates(timeout=30))
    await fake.wait_for("getUpdates")
    newer = asyncio.create_task(bot.get_updates(timeout=30))
    with pytest.raises(TelegramConflictError, match="terminated by other getUpdates"):
        await older
    await fake.wait_for("getUpdates", since=1)
    fake.user_message(USER, "hi")
    assert len(await newer) == 1


@pytest.mark.asyncio
async def test_hold_delays_response(fake: FakeTelegram, bot: Bot) -> None:
    fake.hold("sendMessage", 0.5, predicate=lambda p: p["text"] == "slow")
    task = asyncio.create_task(bot.send_message(USER, "slow"))
    request = await fake.wait_for("sendMessage")
    assert not task.done()
    assert request.response is None  # recorded on arrival, not answered yet
    message = await task
    assert message.text == "slow"
    assert request.responded_at is not None and request.responded_at - request.at >= 0.45
    fast = await bot.send_message(USER, "fast")  # the hold was used up
    assert fast.message_id == message.message_id + 1


@pytest.mark.asyncio
async def test_held_request_still_counts_when_client_gives_up(fake: FakeTelegram, bot: Bot) -> None:
    fake.hold("sendMessage", 1.5)
    with pytest.raises(TelegramNetworkError):
        await bot.send_message(USER, "late", request_timeout=1)
    request = await fake.wait_for("sendMessage")
    assert request.params["text"] == "late"
    await asyncio.sleep(0.8)  # the server finishes the call although nobody listens
    assert request.status == 200
    assert [m.get("text") for m in fake.messages(USER)] == ["late"]


@pytest.mark.asyncio
async def test_fail_gives_retry_after(fake: FakeTelegram, bot: Bot) -> None:
    fake.fail("sendMessage", 429, "Too Many Requests: retry after 7", retry_after=7)
    with pytest.raises(TelegramRetryAfter) as info:
        await bot.send_message(USER, "one")
    assert info.value.retry_after == 7
    assert (await bot.send_message(USER, "one")).message_id == 1
    assert [r.status for r in fake.calls("sendMessage")] == [429, 200]

    fake.block_user(USER)
    with pytest.raises(TelegramForbiddenError, match="bot was blocked by the user"):
        await bot.send_message(USER, "two")


@pytest.mark.asyncio
async def test_wrong_token_is_unauthorized(fake: FakeTelegram) -> None:
    other = make_bot(fake, "987654321:AAHwrongTokenForTests_abcdefghijklmno")
    try:
        with pytest.raises(TelegramUnauthorizedError):
            await other.get_me()
    finally:
        await other.session.close()
    [call] = fake.requests
    assert call.status == 401


@pytest.mark.asyncio
async def test_invalid_request_is_rejected_and_recorded(fake: FakeTelegram, bot: Bot) -> None:
    with pytest.raises(TelegramBadRequest):
        await bot.send_message(USER, "pick", reply_markup=keyboard(("Too long", "x" * 65)))
    assert fake.problems
    assert "callback_data" in " ".join(fake.problems)
    [call] = fake.calls("sendMessage")
    assert call.status == 400
    assert fake.messages(USER) == []


@pytest.mark.asyncio
async def test_commands_are_stored_per_scope_and_language(fake: FakeTelegram, bot: Bot) -> None:
    commands = [BotCommand(command="start", description="Начать")]
    scope = BotCommandScopeAllPrivateChats()
    assert await bot.set_my_commands(commands, scope=scope, language_code="ru") is True
    stored = await bot.get_my_commands(scope=scope, language_code="ru")
    assert [c.model_dump() for c in stored] == [c.model_dump() for c in commands]
    assert await bot.get_my_commands() == []
    assert fake.commands_for({"type": "all_private_chats"}, "ru") == [
        {"command": "start", "description": "Начать"}
    ]
    assert await bot.delete_my_commands(scope=scope, language_code="ru") is True
    assert fake.commands_for({"type": "all_private_chats"}, "ru") is None
    assert await bot.delete_webhook(drop_pending_updates=True) is True
    assert (await bot.get_webhook_info()).url == ""
    assert fake.problems == []


@pytest.mark.asyncio
async def test_multipart_upload_reaches_a_registered_handler(fake: FakeTelegram, bot: Bot) -> None:
    seen: list[tuple[Params, dict[str, Any]]] = []

    async def send_document(params: Params) -> Any:
        request = fake.current_request()
        seen.append((params, {k: f.data for k, f in request.files.items()}))
        return {
            "message_id": 1,
            "date": int(time.time()),
            "chat": {"id": params["chat_id"], "type": "private"},
            "document": {"file_id": "doc1", "file_unique_id": "u1"},
        }

    fake.register("sendDocument", send_document)
    document = BufferedInputFile(b"hello", filename="hello.txt")
    sent = await bot.send_document(USER, document, caption="42")
    assert sent.document is not None and sent.document.file_id == "doc1"
    [(params, files)] = seen
    assert params["caption"] == "42"
    assert str(params["document"]).startswith("attach://")
    assert list(files.values()) == [b"hello"]
    assert fake.problems == []


@pytest.mark.asyncio
async def test_stop_finishes_long_polls_and_cancels_holds() -> None:
    fake = FakeTelegram(TOKEN)
    await fake.start()
    bot = make_bot(fake)
    try:
        fake.hold("sendMessage", 60)
        poll = asyncio.create_task(bot.get_updates(timeout=60))
        held = asyncio.create_task(bot.send_message(USER, "never answered"))
        await fake.wait_for("getUpdates")
        await fake.wait_for("sendMessage")
        await asyncio.wait_for(fake.stop(), 5)
        assert await asyncio.wait_for(poll, 5) == []
        with pytest.raises(TelegramNetworkError):
            await asyncio.wait_for(held, 5)
    finally:
        await fake.stop()
        await bot.session.close()


async def _outcomes(calls: list[Any]) -> tuple[list[Any], list[BaseException]]:
    results = await asyncio.gather(*calls, return_exceptions=True)
    ok = [r for r in results if not isinstance(r, BaseException)]
    errors = [r for r in results if isinstance(r, BaseException)]
    return ok, errors


def test_sending_methods() -> None:
    for name in ("sendMessage", "SENDPHOTO", "sendChatAction", "copyMessage", "copyMessages"):
        assert is_sending_method(name)
    for name in ("forwardMessage", "forwardmessages"):
        assert is_sending_method(name)
    for name in ("getMe", "editMessageText", "answerCallbackQuery", "deleteMessage"):
        assert not is_sending_method(name)


@pytest.mark.asyncio
async def test_global_limit_admits_a_window_worth_of_sends(fake: FakeTelegram, bot: Bot) -> None:
    fake.enforce_limits(global_per_second=10)
    chats = [USER + i for i in range(15)]
    ok, errors = await _outcomes([bot.send_message(chat, "hi") for chat in chats])
    assert len(ok) == 10
    assert len(errors) == 5
    for error in errors:
        assert isinstance(error, TelegramRetryAfter)
        assert error.retry_after >= 1
        assert "Too Many Requests: retry after" in error.message
    assert len(fake.accepted_sends()) == 10
    assert len(fake.rate_limited) == 5
    assert all(r.status == 429 for r in fake.rate_limited)
    limited_chats = {r.params["chat_id"] for r in fake.rate_limited}
    assert all(fake.messages(chat) == [] for chat in limited_chats)  # no effect
    stored = sum(len(fake.messages(chat)) for chat in chats)
    assert stored == 10

    await asyncio.sleep(max(e.retry_after for e in errors if isinstance(e, TelegramRetryAfter)))
    assert (await bot.send_message(chats[-1], "later")).text == "later"
    assert fake.problems == []


@pytest.mark.asyncio
async def test_fractional_global_limit_is_floored(fake: FakeTelegram, bot: Bot) -> None:
    fake.enforce_limits(global_per_second=2.9, chat_burst=100)
    ok, errors = await _outcomes([bot.send_message(USER, str(i)) for i in range(3)])
    assert len(ok) == 2
    assert [type(e) for e in errors] == [TelegramRetryAfter]
    with pytest.raises(ValueError):
        fake.enforce_limits(global_per_second=0.5)


@pytest.mark.asyncio
async def test_per_chat_bucket_refills(fake: FakeTelegram, bot: Bot) -> None:
    fake.enforce_limits(chat_burst=3, chat_refill_per_second=1.0)
    for i in range(3):
        await bot.send_message(USER, f"burst {i}")
    with pytest.raises(TelegramRetryAfter) as info:
        await bot.send_message(USER, "too fast")
    assert info.value.retry_after >= 1
    [limited] = fake.rate_limited
    assert limited.params["text"] == "too fast"
    assert limited.response == {
        "ok": False,
        "error_code": 429,
        "description": f"Too Many Requests: retry after {info.value.retry_after}",
        "parameters": {"retry_after": info.value.retry_after},
    }
    assert [m["text"] for m in fake.messages(USER)] == ["burst 0", "burst 1", "burst 2"]
    other = await bot.send_message(USER + 1, "another chat has its own bucket")
    assert other.message_id == 1

    await asyncio.sleep(1.05)  # one token refilled (the 429 did not take one)
    assert (await bot.send_message(USER, "after a second")).message_id == 4
    with pytest.raises(TelegramRetryAfter):
        await bot.send_message(USER, "too fast again")
    assert len(fake.rate_limited) == 2
    assert [r.params["text"] for r in fake.accepted_sends(USER)] == [
        "burst 0",
        "burst 1",
        "burst 2",
        "after a second",
    ]
    assert fake.problems == []


@pytest.mark.asyncio
async def test_limits_in_constructor_and_relax() -> None:
    async with FakeTelegram(TOKEN, limits=True) as fake:
        bot = make_bot(fake)
        try:
            for i in range(3):  # the default burst
                await bot.send_message(USER, str(i))
            with pytest.raises(TelegramRetryAfter):
                await bot.send_message(USER, "3")
            fake.relax_limits()
            for i in range(4, 10):
                await bot.send_message(USER, str(i))
            assert len(fake.accepted_sends()) == 9
            assert len(fake.rate_limited) == 1
        finally:
            await bot.session.close()


@pytest.mark.asyncio
async def test_rejected_sends_do_not_use_up_tokens(fake: FakeTelegram, bot: Bot) -> None:
    fake.enforce_limits(global_per_second=1, chat_burst=1)
    # rejected by the handler
    with pytest.raises(TelegramBadRequest, match="message to be replied not found"):
        await bot.send_message(USER, "reply", reply_parameters=ReplyParameters(message_id=99))
    with pytest.raises(TelegramBadRequest):  # rejected by validation
        await bot.send_message(USER, "pick", reply_markup=keyboard(("Too long", "x" * 65)))
    fake.block_user(USER)
    with pytest.raises(TelegramForbiddenError):
        await bot.send_message(USER, "blocked")
    fake.unblock_user(USER)
    assert (await bot.send_message(USER, "first real")).message_id == 1
    with pytest.raises(TelegramRetryAfter):
        await bot.send_message(USER, "second real")
    assert fake.rate_limited == fake.calls("sendMessage")[-1:]
    assert [r.params["text"] for r in fake.accepted_sends()] == ["first real"]


@pytest.mark.asyncio
async def test_non_sending_methods_are_never_limited(fake: FakeTelegram, bot: Bot) -> None:
    fake.enforce_limits(global_per_second=1, chat_burst=1, chat_refill_per_second=0.01)
    sent = await bot.send_message(USER, "v0")
    with pytest.raises(TelegramRetryAfter):
        await bot.send_message(USER, "blocked by the limits")
    for i in range(1, 8):
        edited = await bot.edit_message_text(f"v{i}", chat_id=USER, message_id=sent.message_id)
        assert not isinstance(edited, bool) and edited.text == f"v{i}"
    for _ in range(5):
        assert (await bot.get_me()).id == fake.bot_id
    for _ in range(5):
        fake.user_callback(USER, "cb", message_id=sent.message_id)
    updates = await bot.get_updates(timeout=0)
    for update in updates:
        assert update.callback_query is not None
        assert await bot.answer_callback_query(update.callback_query.id) is True
    assert len(updates) == 5
    assert [r.method for r in fake.rate_limited] == ["sendMessage"]
    assert fake.problems == []


@pytest.mark.asyncio
async def test_injected_429_wins_over_limits(fake: FakeTelegram, bot: Bot) -> None:
    fake.enforce_limits(chat_burst=1)
    fake.fail("sendMessage", 429, "Too Many Requests: retry after 42", retry_after=42)
    with pytest.raises(TelegramRetryAfter) as info:
        await bot.send_message(USER, "one")
    assert info.value.retry_after == 42
    assert fake.rate_limited == []  # an injected error, not a limit rejection
    assert (await bot.send_message(USER, "one")).message_id == 1  # the token was still there
    with pytest.raises(TelegramRetryAfter) as info:
        await bot.send_message(USER, "two")
    assert info.value.retry_after >= 1
    assert len(fake.rate_limited) == 1

    # fail wins even when the limits would have rejected the call
    fake.fail("sendMessage", 500, "Internal Server Error")
    with pytest.raises(TelegramServerError):
        await bot.send_message(USER, "three")
    assert len(fake.rate_limited) == 1


@pytest.mark.asyncio
async def test_drop_closes_the_connection_without_effect(fake: FakeTelegram, bot: Bot) -> None:
    fake.user_message(USER, "/start")
    before = fake.messages(USER)
    fake.drop("sendMessage", count=2, predicate=lambda p: p["text"] != "keep")
    with pytest.raises(TelegramNetworkError, match="ServerDisconnectedError"):
        await bot.send_message(USER, "lost")
    assert (await bot.send_message(USER, "keep")).message_id == 2  # the predicate
    with pytest.raises(TelegramNetworkError):
        await bot.send_message(USER, "lost again")
    assert fake.messages(USER)[:-1] == before
    assert (await bot.send_message(USER, "after")).message_id == 3  # rule used up
    lost = [r for r in fake.calls("sendMessage") if r.dropped]
    assert [r.params["text"] for r in lost] == ["lost", "lost again"]
    assert all(r.status is None and r.response is None and not r.ok for r in lost)
    assert [r.params["text"] for r in fake.accepted_sends()] == ["keep", "after"]
    assert [m.get("text") for m in fake.messages(USER)] == ["/start", "keep", "after"]


@pytest.mark.asyncio
async def test_drop_after_hold_and_any_method(fake: FakeTelegram, bot: Bot) -> None:
    fake.hold("*", 0.2)
    fake.drop("*")
    with pytest.raises(TelegramNetworkError):
        await bot.get_me()
    [call] = fake.requests
    assert call.dropped and call.responded_at is not None
    assert call.responded_at - call.at >= 0.15
    assert (await bot.get_me()).id == fake.bot_id


@pytest.mark.asyncio
async def test_fail_non_json_is_a_decode_error(fake: FakeTelegram, bot: Bot) -> None:
    fake.fail_non_json("sendMessage")
    with pytest.raises(ClientDecodeError, match="Failed to decode object"):
        await bot.send_message(USER, "behind a proxy")
    assert fake.messages(USER) == []
    [call] = fake.calls("sendMessage")
    assert call.status == 502 and not call.ok
    title = "502 Bad Gateway"
    assert (
        call.response
        == f"<html><head><title>{title}</title></head><body><h1>{title}</h1></body></html>"
    )
    assert (await bot.send_message(USER, "direct")).message_id == 1

    fake.fail_non_json("getMe", status=504)
    async with (
        aiohttp.ClientSession() as http,
        http.post(f"{fake.url}/bot{TOKEN}/getMe") as resp,
    ):
        assert resp.status == 504
        assert resp.content_type == "text/html"
        assert "<h1>504 Gateway Timeout</h1>" in await resp.text()


@pytest.mark.asyncio
async def test_send_photo_upload_file_id_and_url(fake: FakeTelegram, bot: Bot) -> None:
    image = png(40, 30)
    markup = keyboard(("Next", "next"))
    sent = await bot.send_photo(
        USER, BufferedInputFile(image, filename="chart.png"), caption="Chart", reply_markup=markup
    )
    assert sent.photo is not None and sent.caption == "Chart"
    size = sent.photo[-1]
    assert (size.width, size.height, size.file_size) == (40, 30, len(image))
    assert size.file_id and size.file_unique_id
    assert sent.from_user is not None and sent.from_user.id == fake.bot_id
    assert sent.reply_markup is not None
    assert str(fake.calls("sendPhoto")[0].params["photo"]).startswith("attach://")

    stored_bytes = fake.file_bytes(size.file_id)
    assert stored_bytes == image and stored_bytes.startswith(PNG_SIGNATURE)
    assert fake.uploads[size.file_id].filename == "chart.png"
    stored = fake.message(USER, sent.message_id)
    assert stored is not None
    assert stored["photo"][-1]["file_id"] == size.file_id
    assert stored["caption"] == "Chart"
    assert stored["reply_markup"] == markup.model_dump(exclude_none=True)

    again = await bot.send_photo(USER, size.file_id)  # reused by file_id: nothing uploaded
    assert again.photo is not None and again.photo[-1].file_id == size.file_id
    assert again.message_id == sent.message_id + 1 and again.caption is None
    assert len(fake.uploads) == 1

    url = "https://example.org/pictures/lesson.jpg"
    by_url = await bot.send_photo(USER, url)
    assert by_url.photo is not None
    url_file_id = by_url.photo[-1].file_id
    assert url_file_id != size.file_id
    assert fake.file_bytes(url_file_id) is None  # known only by its URL
    second = await bot.send_photo(USER, url)
    assert second.photo is not None and second.photo[-1].file_id == url_file_id

    with pytest.raises(TelegramBadRequest, match="wrong file identifier/HTTP URL specified"):
        await bot.send_photo(USER, "AgACAgIAAxkBAAIunknown")
    with pytest.raises(TelegramBadRequest, match="file must be non-empty"):
        await bot.send_photo(USER, BufferedInputFile(b"", filename="empty.png"))
    document = await bot.send_document(USER, BufferedInputFile(b"%PDF-1.4", filename="a.pdf"))
    assert document.document is not None
    with pytest.raises(TelegramBadRequest, match="can't use file of type Document as Photo"):
        await bot.send_photo(USER, document.document.file_id)
    assert fake.file_bytes("AgACAgIAAxkBAAIunknown") is None
    assert [m["message_id"] for m in fake.messages(USER)] == [1, 2, 3, 4, 5]
    assert fake.problems == []


@pytest.mark.asyncio
async def test_photo_uploaded_directly_under_the_parameter(fake: FakeTelegram) -> None:
    form = aiohttp.FormData()
    form.add_field("chat_id", str(USER))
    form.add_field("photo", png(3, 2), filename="direct.png", content_type="image/png")
    async with (
        aiohttp.ClientSession() as http,
        http.post(f"{fake.url}/bot{TOKEN}/sendPhoto", data=form) as resp,
    ):
        assert resp.status == 200
        body = await resp.json()
    [size] = body["result"]["photo"]
    assert (size["width"], size["height"]) == (3, 2)
    assert fake.uploads[size["file_id"]].filename == "direct.png"
    assert fake.calls("sendPhoto")[0].params["photo"] == "attach://photo"


@pytest.mark.asyncio
async def test_send_document_voice_and_edit_caption(fake: FakeTelegram, bot: Bot) -> None:
    payload = b'{"name": "Dilnoza"}'
    sent = await bot.send_document(
        USER, BufferedInputFile(payload, filename="my-data.json"), caption="Your data"
    )
    document = sent.document
    assert document is not None
    assert document.file_name == "my-data.json"
    assert document.mime_type == "application/json"
    assert document.file_size == len(payload)
    assert fake.file_bytes(document.file_id) == payload
    assert fake.uploads[document.file_id].data == payload
    reused = await bot.send_document(OTHER, document.file_id)
    assert reused.document is not None and reused.document.file_id == document.file_id
    assert reused.document.file_name == "my-data.json"

    voice = await bot.send_voice(USER, BufferedInputFile(b"OggS-voice", "v.ogg"), duration=3)
    assert voice.voice is not None
    assert (voice.voice.duration, voice.voice.mime_type) == (3, "audio/ogg")
    assert fake.file_bytes(voice.voice.file_id) == b"OggS-voice"
    no_duration = await bot.send_voice(USER, BufferedInputFile(b"OggS-2", "w.ogg"))
    assert no_duration.voice is not None and no_duration.voice.duration == 0
    with pytest.raises(TelegramBadRequest, match="can't use file of type Voice as Document"):
        await bot.send_document(USER, voice.voice.file_id)

    markup = keyboard(("Open", "open"))
    edited = await bot.edit_message_caption(
        chat_id=USER, message_id=sent.message_id, caption="New caption", reply_markup=markup
    )
    assert not isinstance(edited, bool)
    assert edited.caption == "New caption" and edited.document is not None
    assert edited.edit_date is not None and edited.reply_markup is not None
    with pytest.raises(TelegramBadRequest, match="message is not modified"):
        await bot.edit_message_caption(
            chat_id=USER, message_id=sent.message_id, caption="New caption", reply_markup=markup
        )
    stored = fake.message(USER, sent.message_id)
    assert stored is not None and stored["caption"] == "New caption"
    removed = await bot.edit_message_caption(chat_id=USER, message_id=sent.message_id)
    assert not isinstance(removed, bool) and removed.caption is None

    text = await bot.send_message(USER, "plain")
    with pytest.raises(TelegramBadRequest, match="there is no caption in the message to edit"):
        await bot.edit_message_caption(chat_id=USER, message_id=text.message_id, caption="x")
    with pytest.raises(TelegramBadRequest, match="message to edit not found"):
        await bot.edit_message_caption(chat_id=USER, message_id=99, caption="x")
    with pytest.raises(TelegramBadRequest, match="there is no text in the message to edit"):
        await bot.edit_message_text("x", chat_id=USER, message_id=sent.message_id)
    assert fake.problems == []


@pytest.mark.asyncio
async def test_caption_is_limited_after_entity_parsing(fake: FakeTelegram, bot: Bot) -> None:
    image = BufferedInputFile(png(2, 2), filename="p.png")
    fits = "<b>" + "я" * 1023 + "</b>&amp;"  # 1024 characters once the HTML is parsed
    sent = await bot.send_photo(USER, image, caption=fits, parse_mode="HTML")
    assert sent.caption == fits
    with pytest.raises(TelegramBadRequest, match="caption"):
        await bot.send_photo(USER, image, caption="x" * 1025)
    assert "caption" in " ".join(fake.problems)  # the validator caught it
    with pytest.raises(TelegramBadRequest, match="caption"):
        await bot.copy_message(OTHER, USER, sent.message_id, caption="😀" * 513)  # 1026 UTF-16
    assert fake.messages(OTHER) == []
    assert len(fake.uploads) == 1

    async with FakeTelegram(TOKEN, validator=lambda method, params: []) as lax:
        lax_bot = make_bot(lax)
        try:
            with pytest.raises(TelegramBadRequest, match="message caption is too long"):
                await lax_bot.send_photo(USER, image, caption="x" * 1025)
            with pytest.raises(TelegramBadRequest, match="message caption is too long"):
                await lax_bot.send_document(USER, image, caption="<i>x</i>" * 1025)
            assert lax.messages(USER) == [] and lax.uploads == {}
            assert (await lax_bot.send_message(USER, "first")).message_id == 1
        finally:
            await lax_bot.session.close()


@pytest.mark.asyncio
async def test_send_location_and_venue(fake: FakeTelegram, bot: Bot) -> None:
    location = await bot.send_location(USER, 38.5598, 68.787)
    assert location.location is not None
    assert (location.location.latitude, location.location.longitude) == (38.5598, 68.787)
    venue = await bot.send_venue(
        USER, 37.4895, 71.5531, "Khorog hub", "Lenin street 1", reply_markup=keyboard(("OK", "ok"))
    )
    assert venue.venue is not None and venue.location is not None
    assert (venue.venue.title, venue.venue.address) == ("Khorog hub", "Lenin street 1")
    assert venue.venue.location.latitude == 37.4895
    assert venue.location.longitude == 71.5531
    stored = fake.message(USER, venue.message_id)
    assert stored is not None and stored["venue"]["title"] == "Khorog hub"
    assert stored["reply_markup"]["inline_keyboard"][0][0]["callback_data"] == "ok"
    with pytest.raises(TelegramBadRequest, match="latitude is invalid"):
        await bot.send_location(USER, 91.0, 0.0)
    assert fake.problems == []


@pytest.mark.asyncio
async def test_copy_message_of_user_media(fake: FakeTelegram, bot: Bot) -> None:
    image = png(64, 48)
    fake.user_message(USER, None, photo=image, caption="My project")
    [from_user] = fake.messages(USER)
    assert from_user["from"]["id"] == USER and from_user["caption"] == "My project"
    user_file_id = from_user["photo"][-1]["file_id"]
    assert fake.file_bytes(user_file_id) == image

    copied = await bot.copy_message(OTHER, USER, from_user["message_id"])
    assert isinstance(copied, MessageId)
    stored = fake.message(OTHER, copied.message_id)
    assert stored is not None
    assert stored["photo"] == from_user["photo"]
    assert stored["caption"] == "My project"
    assert stored["from"]["id"] == fake.bot_id and stored["chat"]["id"] == OTHER
    assert "forward_origin" not in stored

    recaptioned = await bot.copy_message(
        OTHER,
        USER,
        from_user["message_id"],
        caption="From a mentee",
        reply_markup=keyboard(("Reply", "reply")),
    )
    second = fake.message(OTHER, recaptioned.message_id)
    assert second is not None and second["caption"] == "From a mentee"
    assert second["reply_markup"]["inline_keyboard"][0][0]["callback_data"] == "reply"
    edited = await bot.edit_message_caption(
        chat_id=OTHER, message_id=recaptioned.message_id, caption="Edited"
    )
    assert not isinstance(edited, bool) and edited.caption == "Edited"

    resent = await bot.send_photo(USER, user_file_id)  # the user's file_id is valid
    assert resent.photo is not None and resent.photo[-1].file_id == user_file_id

    cv = fake.add_file("document", b"%PDF-1.7 cv", file_name="cv.pdf")
    assert cv["mime_type"] == "application/pdf" and cv["file_name"] == "cv.pdf"
    fake.user_message(USER, None, document=cv)
    fake.user_message(USER, None, voice=b"OggS-user")
    fake.user_message(USER, "just text")
    *_, doc_msg, voice_msg, text_msg = fake.messages(USER)
    for source in (doc_msg, voice_msg, text_msg):
        result = await bot.copy_message(OTHER, USER, source["message_id"])
        copy_ = fake.message(OTHER, result.message_id)
        assert copy_ is not None
        for field in ("document", "voice", "text"):
            assert copy_.get(field) == source.get(field)
    assert fake.file_bytes(cv["file_id"]) == b"%PDF-1.7 cv"

    with pytest.raises(TelegramBadRequest, match="message to copy not found"):
        await bot.copy_message(OTHER, USER, 999)
    with pytest.raises(TelegramBadRequest, match="message to copy not found"):
        await bot.copy_message(OTHER, OTHER + 1, 1)
    assert [r.method for r in fake.accepted_sends(OTHER)] == ["copyMessage"] * 5
    assert fake.problems == []


@pytest.mark.asyncio
async def test_blocked_user_gets_403_for_media_and_copies(fake: FakeTelegram, bot: Bot) -> None:
    fake.user_message(OTHER, None, photo=png(5, 5))
    fake.block_user(USER)
    with pytest.raises(TelegramForbiddenError, match="bot was blocked by the user"):
        await bot.send_photo(USER, BufferedInputFile(png(5, 5), filename="p.png"))
    with pytest.raises(TelegramForbiddenError, match="bot was blocked by the user"):
        await bot.copy_message(USER, OTHER, 1)
    with pytest.raises(TelegramForbiddenError):
        await bot.send_document(USER, BufferedInputFile(b"doc", filename="d.txt"))
    assert fake.messages(USER) == [] and fake.uploads == {}
    assert fake.accepted_sends() == []
    fake.unblock_user(USER)
    copied = await bot.copy_message(USER, OTHER, 1)
    assert copied.message_id == 1
    assert [r.method for r in fake.accepted_sends(USER)] == ["copyMessage"]


@pytest.mark.asyncio
async def test_media_sends_are_rate_limited(fake: FakeTelegram, bot: Bot) -> None:
    fake.enforce_limits(chat_burst=2, chat_refill_per_second=0.01)
    fake.user_message(OTHER, "copy me")
    await bot.send_photo(USER, "https://example.org/a.png")
    await bot.copy_message(USER, OTHER, 1)
    with pytest.raises(TelegramRetryAfter):
        await bot.send_venue(USER, 1.0, 2.0, "t", "a")
    assert [r.method for r in fake.accepted_sends(USER)] == ["sendPhoto", "copyMessage"]
    assert [r.method for r in fake.rate_limited] == ["sendVenue"]
