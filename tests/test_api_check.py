"""Tests for the Bot API request checker (tests/api_check.py) and its facts table."""

from __future__ import annotations

import importlib.util
import json
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest

try:
    from api_check import API_VERSION, check_request, method_names
except ImportError:  # tests/ is a package: import it by its package name
    from tests.api_check import API_VERSION, check_request, method_names

REPO_ROOT = Path(__file__).resolve().parent.parent
FACTS_FILE = REPO_ROOT / "tests" / "api_facts.json"
API_SPEC = REPO_ROOT.parent / "shared" / "telegram-bot-api" / "api.json"
GENERATOR = REPO_ROOT / "scripts" / "gen_api_facts.py"

CYRILLIC_ZHE = "\u0436"  # two bytes in UTF-8, one UTF-16 unit
EMOJI = "\U0001f600"  # outside the BMP: two UTF-16 code units


def _load_generator() -> ModuleType:
    spec = importlib.util.spec_from_file_location("gen_api_facts", GENERATOR)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _keyboard(callback_data: str) -> dict[str, Any]:
    return {"inline_keyboard": [[{"text": "Go", "callback_data": callback_data}]]}


def _send(text: str, **extra: Any) -> list[str]:
    return check_request("sendMessage", {"chat_id": 42, "text": text, **extra})


def test_facts_table_basics() -> None:
    assert API_VERSION.startswith("Bot API")
    names = method_names()
    assert {"sendMessage", "answerCallbackQuery", "setMyCommands", "getMe"} <= names
    assert FACTS_FILE.stat().st_size < 1_000_000


def test_valid_send_message_passes() -> None:
    assert _send("Hello!", parse_mode="HTML", disable_notification=True) == []


def test_method_names_are_case_insensitive() -> None:
    assert check_request("sendmessage", {"chat_id": 1, "text": "hi"}) == []
    assert check_request("SENDMESSAGE", {"chat_id": 1, "text": "hi"}) == []


def test_unknown_method_fails() -> None:
    problems = check_request("sendMessages", {"chat_id": 1, "text": "hi"})
    assert len(problems) == 1
    assert "unknown" in problems[0]


def test_unknown_param_fails() -> None:
    problems = _send("hi", colour="red")
    assert len(problems) == 1
    assert "colour" in problems[0]


def test_missing_chat_id_fails() -> None:
    problems = check_request("sendMessage", {"text": "hi"})
    assert len(problems) == 1
    assert "chat_id" in problems[0]
    assert "missing" in problems[0]


def test_none_values_are_treated_as_absent() -> None:
    assert _send("hi", reply_markup=None) == []
    assert check_request("sendMessage", {"chat_id": None, "text": "hi"}) != []


def test_text_length_limit() -> None:
    assert _send("x" * 4096) == []
    problems = _send("x" * 4097)
    assert len(problems) == 1
    assert "4097" in problems[0]


def test_empty_text_fails_but_empty_caption_passes() -> None:
    assert _send("") != []
    assert check_request("sendPhoto", {"chat_id": 1, "photo": "file-id", "caption": ""}) == []


def test_html_tags_and_entities_do_not_count() -> None:
    body = "x" * 4096
    assert _send(f"<b>{body}</b>", parse_mode="HTML") == []
    assert _send(f"<b>{body}</b>", parse_mode="html") == []
    # Without a parse mode the tags are plain characters and push it over the limit.
    assert _send(f"<b>{body}</b>") != []
    # "&amp;" is one character after parsing.
    assert _send("&amp;" * 4096, parse_mode="HTML") == []
    assert _send("&amp;" * 4097, parse_mode="HTML") != []
    # MarkdownV2 is counted raw.
    assert _send(f"*{body}*", parse_mode="MarkdownV2") != []


def test_caption_counts_after_html_parsing() -> None:
    caption = "<i>" + "c" * 1024 + "</i>"
    params = {"chat_id": 1, "photo": "file-id", "caption": caption}
    assert check_request("sendPhoto", {**params, "parse_mode": "HTML"}) == []
    assert check_request("sendPhoto", params) != []


def test_emoji_counts_as_two_utf16_units() -> None:
    assert _send(EMOJI * 2048) == []
    problems = _send(EMOJI * 2048 + "x")
    assert len(problems) == 1
    assert "4097" in problems[0]


def test_callback_data_is_limited_in_utf8_bytes() -> None:
    ok = CYRILLIC_ZHE * 32  # 64 bytes
    too_long = CYRILLIC_ZHE * 32 + "x"  # 65 bytes, but only 33 characters
    assert len(too_long) == 33
    assert len(too_long.encode("utf-8")) == 65
    for markup in (_keyboard(ok), json.dumps(_keyboard(ok))):
        assert _send("menu", reply_markup=markup) == []
    for markup in (_keyboard(too_long), json.dumps(_keyboard(too_long))):
        problems = _send("menu", reply_markup=markup)
        assert problems, markup
        assert any("callback_data" in p and "65 bytes" in p for p in problems), problems


def test_reply_markup_union_alternatives() -> None:
    reply_keyboard = {"keyboard": [[{"text": "A"}, {"text": "B"}]], "resize_keyboard": True}
    for markup in (
        reply_keyboard,
        json.dumps(reply_keyboard),
        {"remove_keyboard": True},
        {"force_reply": True, "input_field_placeholder": "Your answer"},
    ):
        assert _send("pick", reply_markup=markup) == [], markup
    for bad in (
        {"keyboard": [[{"txt": "A"}]]},
        {"inline_keyboard": [[{"text": "A", "callback_data": "a", "colour": "red"}]]},
        {"force_reply": True, "input_field_placeholder": ""},
        {},
        "not json",
        [1, 2],
    ):
        assert _send("pick", reply_markup=bad) != [], bad


def test_answer_callback_query_text_limit() -> None:
    params = {"callback_query_id": "123"}
    assert check_request("answerCallbackQuery", {**params, "text": "t" * 200}) == []
    assert check_request("answerCallbackQuery", {**params, "text": ""}) == []
    problems = check_request("answerCallbackQuery", {**params, "text": "t" * 201})
    assert len(problems) == 1
    assert "201" in problems[0]


def test_set_my_commands_with_scopes() -> None:
    commands = [{"command": "start", "description": "Start the bot"}]
    assert check_request("setMyCommands", {"commands": commands}) == []
    chat_scope = {"type": "chat", "chat_id": -100123}
    assert check_request("setMyCommands", {"commands": commands, "scope": chat_scope}) == []
    # Form style: both arrays and objects as JSON text.
    form = {"commands": json.dumps(commands), "scope": json.dumps({"type": "default"})}
    assert check_request("setMyCommands", form) == []

    bad_type = check_request(
        "setMyCommands", {"commands": commands, "scope": {"type": "everyone", "chat_id": 1}}
    )
    assert bad_type
    assert any("scope" in p for p in bad_type)
    # A known scope type with its required field missing.
    assert check_request(
        "setMyCommands", {"commands": commands, "scope": {"type": "chat_member", "chat_id": 1}}
    )
    # A field that belongs to no scope.
    assert check_request(
        "setMyCommands", {"commands": commands, "scope": {"type": "default", "chat_id": 1}}
    )


def test_bot_command_limits() -> None:
    def commands(command: str, description: str) -> dict[str, Any]:
        return {"commands": [{"command": command, "description": description}]}

    assert check_request("setMyCommands", commands("help", "d" * 256)) == []
    problems = check_request("setMyCommands", commands("help", "d" * 257))
    assert len(problems) == 1
    assert "description" in problems[0]
    assert check_request("setMyCommands", commands("c" * 33, "Help")) != []
    assert check_request("setMyCommands", commands("", "Help")) != []
    assert check_request("setMyCommands", {"commands": [{"command": "help"}]}) != []


def test_form_style_string_values_pass() -> None:
    form = {
        "chat_id": "123",
        "text": "hi",
        "message_thread_id": "7",
        "disable_notification": "true",
        "protect_content": "false",
        "reply_parameters": json.dumps({"message_id": 5}),
    }
    assert check_request("sendMessage", form) == []
    assert check_request("sendMessage", {**form, "chat_id": "@channel"}) == []
    location = {"chat_id": "1", "latitude": "38.5", "longitude": "68"}
    assert check_request("sendLocation", location) == []


def test_wrong_types_fail() -> None:
    assert _send("hi", disable_notification="yes") != []
    assert _send("hi", message_thread_id="seven") != []
    assert _send("hi", message_thread_id=True) != []
    assert _send("hi", message_thread_id=1.5) != []
    assert _send(123) != []
    assert check_request("sendMessage", {"chat_id": [1], "text": "hi"}) != []


def test_input_file_params_accept_anything() -> None:
    assert check_request("sendPhoto", {"chat_id": 1, "photo": "attach://upload1"}) == []
    assert check_request("sendPhoto", {"chat_id": 1, "photo": object()}) == []
    assert check_request("setChatPhoto", {"chat_id": 1, "photo": b"\x89PNG"}) == []


def test_media_group_items_are_checked() -> None:
    media = [
        {"type": "photo", "media": "attach://a", "caption": "<b>one</b>", "parse_mode": "HTML"},
        {"type": "video", "media": "file-id"},
    ]
    assert check_request("sendMediaGroup", {"chat_id": 1, "media": media}) == []
    assert check_request("sendMediaGroup", {"chat_id": 1, "media": json.dumps(media)}) == []
    long_caption = [{"type": "photo", "media": "x", "caption": "c" * 1025}, media[1]]
    assert check_request("sendMediaGroup", {"chat_id": 1, "media": long_caption}) != []
    bad_type = [{"type": "gif", "media": "x"}, media[1]]
    assert check_request("sendMediaGroup", {"chat_id": 1, "media": bad_type}) != []


def test_regenerated_table_matches_committed_file() -> None:
    if not API_SPEC.exists():
        pytest.skip(f"{API_SPEC} is not available")
    generator = _load_generator()
    assert generator.generate(API_SPEC) == FACTS_FILE.read_text(encoding="utf-8")
