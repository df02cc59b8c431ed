"""/start, the language choice, /language, /help and the menu, through the real Dispatcher."""

from __future__ import annotations

from bot.i18n import Locales
from keyboards.callbacks import Lang, LangCb, MenuCb, MenuItem
from tests.harness import Harness, TgUser

L = Locales()


async def test_start_offers_languages_with_her_telegram_language_first(harness: Harness) -> None:
    ru_user = TgUser(1, language_code="ru")
    en_user = TgUser(2, language_code="en-US")
    other = TgUser(3, language_code="de")
    for u in (ru_user, en_user, other):
        await harness.send(u, "/start")
    assert [label for label, _ in harness.last_screen(ru_user).buttons()] == [
        "Русский", "Тоҷикӣ", "English"]
    assert harness.last_screen(ru_user).text == L["ru"]("language-choose")
    assert harness.last_screen(en_user).buttons()[0][0] == "English"
    # an unknown Telegram language falls back to the default (Tajik)
    assert harness.last_screen(other).buttons()[0][0] == "Тоҷикӣ"
    assert harness.last_screen(other).text == L["tg"]("language-choose")


async def test_chosen_language_is_used_at_once_and_for_her_command_list(
    harness: Harness,
) -> None:
    u = TgUser(10, language_code="ru")
    await harness.send(u, "/start")
    await harness.press(u, LangCb(code=Lang.tg))
    last = harness.last_screen(u)
    assert last.method == "editMessageText"
    assert last.text == L["tg"]("consent-text")
    scoped = [r for r in harness.session.requests if r.method == "setMyCommands"
              and r.params.get("scope", {}).get("type") == "chat"]
    assert scoped and scoped[-1].params["scope"]["chat_id"] == u.id
    assert {c["command"] for c in scoped[-1].params["commands"]} >= {
        "start", "help", "language", "settings", "privacy", "mydata", "deleteme", "cancel"}
    assert scoped[-1].params["commands"][0]["description"] == L["tg"]("cmd-start")
    # before she agrees, her choice lives in the dialog only, and still wins over Telegram's
    await harness.send(u, "/help")
    assert harness.last_screen(u).text.startswith("<b>Women in Tech Тоҷикистон</b>")


async def test_default_command_lists_are_set_per_language_at_start(harness: Harness) -> None:
    from bot.commands import set_default_commands

    await set_default_commands(harness.app.bot, harness.app.locales, "tg")
    lists = {r.params.get("language_code"): r.params["commands"]
             for r in harness.session.requests if r.method == "setMyCommands"}
    assert lists[None][0]["description"] == L["tg"]("cmd-start")
    assert lists["ru"][0]["description"] == L["ru"]("cmd-start")
    assert lists["en"][0]["description"] == L["en"]("cmd-start")


async def test_every_button_press_is_answered(harness: Harness) -> None:
    u = TgUser(11)
    await harness.onboard(u, "en")
    await harness.press(u, MenuCb(item=MenuItem.help))
    await harness.press(u, MenuCb(item=MenuItem.home))
    await harness.press(u, "ob:age:18-24", message_id=1)  # an old button, long gone
    answers = [r for r in harness.session.requests if r.method == "answerCallbackQuery"]
    assert harness.presses > 10
    assert len(answers) == harness.presses
    assert harness.screens(u)[-2].text == L["en"]("help-text", count=1)


async def test_language_can_be_changed_with_command_and_menu(harness: Harness) -> None:
    u = TgUser(12)
    await harness.onboard(u, "ru")
    await harness.send(u, "/language")
    await harness.press(u, LangCb(code=Lang.en))
    user = await harness.app.services.users.get(u.id)
    assert user is not None and user.language == "en"
    assert L["en"]("menu-title") in harness.last_screen(u).text
    await harness.press(u, MenuCb(item=MenuItem.language))
    await harness.press(u, LangCb(code=Lang.tg))
    user = await harness.app.services.users.get(u.id)
    assert user is not None and user.language == "tg"
    assert L["tg"]("menu-title") in harness.last_screen(u).text


async def test_returning_user_gets_the_menu_not_the_picker(harness: Harness) -> None:
    u = TgUser(13)
    await harness.onboard(u, "ru")
    await harness.send(u, "/start")
    last = harness.last_screen(u)
    assert last.text.startswith(L["ru"]("start-welcome-back"))
    labels = [label for label, _ in last.buttons()]
    assert labels == [L["ru"](k) for k in ("menu-courses", "menu-my-courses", "menu-mentorship",
                                           "menu-jobs", "menu-events", "menu-stories",
                                           "menu-peers", "menu-ask", "menu-settings",
                                           "menu-language", "menu-privacy", "menu-help")]


async def test_forged_or_stale_callback_gets_an_answer(harness: Harness) -> None:
    u = TgUser(14, language_code="en")
    await harness.send(u, "/start")
    await harness.press(u, "lg:xx", message_id=1)  # a language that does not exist
    await harness.press(u, "zz:whatever", message_id=1)
    await harness.press(u, "ob:goal:learn", message_id=1)  # a step she is not on
    answers = [r for r in harness.session.requests if r.method == "answerCallbackQuery"]
    assert [a.params["text"] for a in answers] == [L["en"]("button-expired")] * 3
    assert (await harness.app.services.users.get(u.id)) is None


async def test_unknown_text_gets_a_hint(harness: Harness) -> None:
    u = TgUser(15, language_code="ru")
    await harness.onboard(u, "ru")
    await harness.send(u, "<b>что это</b>")
    assert harness.last_screen(u).text.startswith(L["ru"]("fallback-unknown"))


async def test_admins_are_coordinators_from_their_first_message(make_harness) -> None:  # type: ignore[no-untyped-def]
    h = await make_harness(admin_ids="77, 78")
    await h.send(TgUser(77), "hello")
    await h.send(TgUser(79), "hello")
    admin = await h.app.services.users.get(77)
    assert admin is not None and admin.has_role("coordinator")
    assert await h.app.services.users.get(79) is None


async def test_help_counts_the_community_at_most_once_a_minute(harness: Harness) -> None:
    first, second = TgUser(9101), TgUser(9102)
    await harness.onboard(first, "en")
    await harness.send(first, "/help")
    assert harness.last_screen(first).text == L["en"]("help-text", count=1)
    await harness.onboard(second, "en")
    await harness.send(first, "/help")  # the count of a moment ago: no count per press
    assert harness.last_screen(first).text == L["en"]("help-text", count=1)
    harness.clock.advance(seconds=61)
    await harness.send(first, "/help")
    assert harness.last_screen(first).text == L["en"]("help-text", count=2)
