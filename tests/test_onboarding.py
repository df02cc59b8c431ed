"""Onboarding, settings and privacy: real Updates through the Dispatcher, checked in the
database and in what she was shown."""

from __future__ import annotations

import json
import re

import pytest

from bot.i18n import Locales
from bot.profile import label_key
from storage import Database
from tests.harness import Harness, TgUser

L = Locales()


async def everything_stored(db: Database) -> list[tuple[str, object]]:
    """Every cell of every table: what a search for her would look through."""
    cells: list[tuple[str, object]] = []
    for table in await db.table_names():
        async with db.read() as tx:
            cur = await tx.conn.execute(f"SELECT * FROM {table}")
            cells.extend((table, cell) for row in await cur.fetchall() for cell in row)
    return cells


async def assert_nothing_about(h: Harness, user: TgUser, *words: str) -> None:
    """Her id in no cell (as a number, or as a whole number inside text), her words nowhere."""
    id_in_text = re.compile(rf"(?<!\d){user.id}(?!\d)")
    for table, cell in await everything_stored(h.app.db):
        assert cell != user.id, f"her id is still in {table}"
        if isinstance(cell, str):
            assert not id_in_text.search(cell), f"her id is still in {table}: {cell[:200]}"
            for word in words:
                assert word not in cell, f"{word!r} is still in {table}: {cell[:200]}"


async def state_of(h: Harness, user: TgUser) -> str | None:
    async with h.app.db.read() as tx:
        cur = await tx.conn.execute("SELECT state FROM fsm WHERE user_id = ?", (user.id,))
        row = await cur.fetchone()
    return row[0] if row else None


@pytest.mark.parametrize("lang", ["tg", "ru", "en"])
async def test_full_onboarding_in_each_language(harness: Harness, lang: str) -> None:
    u = TgUser(700 + len(lang), first_name="Нилуфар", language_code="ru")
    await harness.onboard(u, lang, name="Нилуфар Раҳимова", age="18-24", region="TJ-GB",
                          city="khorog", status="graduate",
                          interests=("programming", "data_ai"), level="intermediate",
                          goal="learn")
    user = await harness.app.services.users.get(u.id)
    assert user is not None
    assert (user.language, user.name, user.age_group, user.region, user.city, user.status,
            user.interests, user.level, user.wants) == (
        lang, "Нилуфар Раҳимова", "18-24", "TJ-GB", "khorog", "graduate",
        ("data_ai", "programming"), "intermediate", "learn")
    assert user.consent_at == harness.clock.now()
    assert user.guardian_consent_at is None
    assert user.onboarded and user.has_role("participant")
    last = harness.last_screen(u)
    t = L[lang]
    assert last.text.startswith(t("onboarding-done"))
    assert t("menu-title") in last.text
    assert t("menu-settings") in [label for label, _ in last.buttons()]
    assert await state_of(harness, u) is None  # the dialog is over


async def test_every_step_is_asked_in_her_language(harness: Harness) -> None:
    u = TgUser(710, first_name="Зарина")
    t = L["tg"]
    await harness.send(u, "/start")
    await harness.press(u, "lg:tg")
    assert harness.last_screen(u).text == t("consent-text")
    await harness.step(u, "consent", "yes")
    name_screen = harness.last_screen(u)
    assert name_screen.text == t("name-ask")
    assert name_screen.buttons()[0] == (t("name-use", name="Зарина"), "ob:name:tg")
    await harness.step(u, "name", "tg")  # the one-tap Telegram name
    assert harness.last_screen(u).text == t("age-ask")
    await harness.step(u, "age", "25-34")
    assert harness.last_screen(u).text == t("region-ask")
    assert [b for b, _ in harness.last_screen(u).buttons()][:2] == ["Душанбе", "Вилояти Суғд"]
    await harness.step(u, "region", "TJ-KT")
    assert harness.last_screen(u).text == t("city-ask", region="Вилояти Хатлон")
    assert [b for b, _ in harness.last_screen(u).buttons()][:2] == ["Бохтар", "Кӯлоб"]
    await harness.step(u, "city", "other")
    assert harness.last_screen(u).text == t("city-ask-text")
    await harness.send(u, "Ҷайҳун")
    assert harness.last_screen(u).text == t("status-ask")
    await harness.step(u, "status", "seeking")
    assert harness.last_screen(u).text == t("interests-ask", count=0)
    await harness.step(u, "interests", "design")
    interests = harness.last_screen(u)
    assert interests.text == t("interests-ask", count=1)
    assert ("✅ " + t(label_key("interest", "design")), "ob:interests:design") in (
        interests.buttons())
    await harness.step(u, "interests", "design")  # a second tap unticks it
    assert harness.last_screen(u).text == t("interests-ask", count=0)
    await harness.step(u, "interests", "done")  # at least one is needed
    assert harness.session.requests[-1].method == "answerCallbackQuery"
    assert harness.session.requests[-1].params["text"] == t("interests-pick-one")
    await harness.step(u, "interests", "robotics")
    await harness.step(u, "interests", "done")
    assert harness.last_screen(u).text == t("level-ask")
    await harness.step(u, "level", "advanced")
    assert harness.last_screen(u).text == t("goal-ask")
    await harness.step(u, "goal", "mentor")
    assert harness.last_screen(u).text.startswith(t("onboarding-done-mentor"))
    user = await harness.app.services.users.get(u.id)
    assert user is not None and user.name == "Зарина" and user.city == "Ҷайҳун"
    assert user.wants == "mentor" and not user.has_role("mentor")  # a wish, not a role yet


async def test_declining_consent_stores_nothing(harness: Harness) -> None:
    u = TgUser(720, first_name="Мадина")
    await harness.send(u, "/start")
    await harness.press(u, "lg:ru")
    await harness.step(u, "consent", "no")
    assert harness.last_screen(u).text == L["ru"]("consent-declined")
    await assert_nothing_about(harness, u, "Мадина")
    # she can come back
    await harness.send(u, "/start")
    assert harness.last_screen(u).text == L["ru"]("language-choose")


async def test_under_13_stores_nothing(harness: Harness) -> None:
    u = TgUser(721, first_name="Сабрина")
    await harness.send(u, "/start")
    await harness.press(u, "lg:tg")
    await harness.step(u, "consent", "yes")
    await harness.send(u, "Сабрина")
    await harness.step(u, "age", "under13")
    assert harness.last_screen(u).text == L["tg"]("age-too-young")
    await assert_nothing_about(harness, u, "Сабрина")


async def test_under_18_records_the_guardian_consent_time(harness: Harness) -> None:
    u = TgUser(722)
    await harness.send(u, "/start")
    await harness.press(u, "lg:ru")
    await harness.step(u, "consent", "yes")
    await harness.send(u, "Гулноза")
    await harness.step(u, "age", "13-15")
    assert harness.last_screen(u).text == L["ru"]("guardian-ask")
    user = await harness.app.services.users.get(u.id)
    assert user is not None and user.age_group is None  # not kept until the guardian agrees
    harness.clock.advance(minutes=3)
    await harness.step(u, "guardian", "yes")
    user = await harness.app.services.users.get(u.id)
    assert user is not None and user.age_group == "13-15"
    assert user.guardian_consent_at == harness.clock.now()
    assert user.consent_at is not None and user.consent_at < user.guardian_consent_at
    assert harness.last_screen(u).text == L["ru"]("region-ask")


async def test_guardian_not_yet_stores_nothing(harness: Harness) -> None:
    u = TgUser(723)
    await harness.send(u, "/start")
    await harness.press(u, "lg:en")
    await harness.step(u, "consent", "yes")
    await harness.send(u, "Firuza")
    await harness.step(u, "age", "16-17")
    await harness.step(u, "guardian", "no")
    assert harness.last_screen(u).text == L["en"]("guardian-declined")
    await assert_nothing_about(harness, u, "Firuza")


async def test_back_at_every_step(harness: Harness) -> None:
    u = TgUser(730)
    t = L["en"]
    await harness.send(u, "/start")
    await harness.press(u, "lg:en")

    async def back_from(step: str, expected: str) -> None:
        await harness.step(u, step, "back")
        assert harness.last_screen(u).text == expected, step

    await back_from("consent", t("language-choose"))
    await harness.press(u, "lg:en")
    await harness.step(u, "consent", "yes")
    await back_from("name", t("consent-text"))
    await harness.step(u, "consent", "yes")
    await harness.send(u, "Shahnoza")
    await back_from("age", t("name-ask"))
    await harness.send(u, "Shahnoza")
    await harness.step(u, "age", "16-17")
    await back_from("guardian", t("age-ask"))
    await harness.step(u, "age", "16-17")
    await harness.step(u, "guardian", "yes")
    await back_from("region", t("age-ask"))
    await harness.step(u, "age", "16-17")  # guardian already agreed: not asked again
    assert harness.last_screen(u).text == t("region-ask")
    await harness.step(u, "region", "TJ-SU")
    await back_from("city", t("region-ask"))
    await harness.step(u, "region", "TJ-SU")
    await harness.step(u, "city", "other")
    await back_from("city_text", t("city-ask", region="Sughd region"))
    await harness.step(u, "city", "isfara")
    await back_from("status", t("city-ask", region="Sughd region"))
    await harness.step(u, "city", "isfara")
    await harness.step(u, "status", "school")
    await back_from("interests", t("status-ask"))
    await harness.step(u, "status", "school")
    await harness.step(u, "interests", "mobile")
    await harness.step(u, "interests", "done")
    await back_from("level", t("interests-ask", count=1))
    await harness.step(u, "interests", "done")
    await harness.step(u, "level", "beginner")
    await back_from("goal", t("level-ask"))
    await harness.step(u, "level", "beginner")
    await harness.step(u, "goal", "learn")
    user = await harness.app.services.users.get(u.id)
    assert user is not None and user.onboarded
    assert (user.name, user.age_group, user.city, user.status, user.interests) == (
        "Shahnoza", "16-17", "isfara", "school", ("mobile",))


async def test_back_from_status_goes_to_the_step_she_came_from(harness: Harness) -> None:
    capital, abroad = TgUser(731), TgUser(732)
    for u, region in ((capital, "TJ-DU"), (abroad, "abroad")):
        await harness.send(u, "/start")
        await harness.press(u, "lg:en")
        await harness.step(u, "consent", "yes")
        await harness.send(u, "Sitora")
        await harness.step(u, "age", "25-34")
        await harness.step(u, "region", region)
    assert harness.last_screen(capital).text == L["en"]("status-ask")  # no city step
    assert harness.last_screen(abroad).text == L["en"]("city-ask-abroad")
    await harness.send(abroad, "Germany, Berlin")
    await harness.step(capital, "status", "back")
    await harness.step(abroad, "status", "back")
    assert harness.last_screen(capital).text == L["en"]("region-ask")
    assert harness.last_screen(abroad).text == L["en"]("city-ask-abroad")
    user = await harness.app.services.users.get(capital.id)
    assert user is not None and user.city == "dushanbe"


async def test_cancel_keeps_what_was_entered_and_start_resumes(harness: Harness) -> None:
    u = TgUser(740)
    await harness.send(u, "/start")
    await harness.press(u, "lg:ru")
    await harness.step(u, "consent", "yes")
    await harness.send(u, "Мехрангез")
    await harness.step(u, "age", "18-24")
    await harness.send(u, "/cancel")
    assert harness.last_screen(u).text == L["ru"]("cancel-onboarding")
    assert await state_of(harness, u) is None
    user = await harness.app.services.users.get(u.id)
    assert user is not None and (user.name, user.age_group) == ("Мехрангез", "18-24")
    await harness.send(u, "/start")
    assert harness.last_screen(u).text == L["ru"]("region-ask")
    await harness.send(u, "/cancel")
    await harness.send(u, "/menu")  # any way back leads to the step she was on
    assert harness.last_screen(u).text == L["ru"]("onboarding-continue") + "\n\n" + L["ru"](
        "region-ask")
    await harness.send(u, "/cancel")
    await harness.send(u, "/cancel")
    assert harness.last_screen(u).text == L["ru"]("cancel-nothing")


@pytest.mark.parametrize(
    ("text", "hint"),
    [
        (None, "name-text-only"),
        ("А" * 500, "name-too-long"),
        ("https://t.me/spam", "name-no-links"),
        ("@dilnoza_tj", "name-no-links"),
        ("1234567", "name-no-digits"),
        ("Ш", "name-too-short"),
        ("Ника!!!", "name-letters-only"),
        ("🌸🌸", "name-letters-only"),
    ],
)
async def test_bad_name_gets_a_hint_and_the_same_question(
    harness: Harness, text: str | None, hint: str
) -> None:
    u = TgUser(750)
    await harness.send(u, "/start")
    await harness.press(u, "lg:tg")
    await harness.step(u, "consent", "yes")
    if text is None:
        await harness.send_sticker(u)
    else:
        await harness.send(u, text)
    t = L["tg"]
    assert harness.last_screen(u).text == t(hint) + "\n\n" + t("name-ask")
    user = await harness.app.services.users.get(u.id)
    assert user is not None and user.name is None
    await harness.send(u, "  Нигина   Саидова ")
    user = await harness.app.services.users.get(u.id)
    assert user is not None and user.name == "Нигина Саидова"


@pytest.mark.parametrize(
    ("text", "hint"),
    [
        (None, "city-text-only"),
        ("Б" * 61, "city-too-long"),
        ("www.example.com", "city-no-links"),
        ("734000", "city-no-digits"),
        ("Х", "city-too-short"),
        ("Хоруғ <script>", "city-letters-only"),
    ],
)
async def test_bad_city_gets_a_hint_and_the_same_question(
    harness: Harness, text: str | None, hint: str
) -> None:
    u = TgUser(751)
    await harness.send(u, "/start")
    await harness.press(u, "lg:en")
    await harness.step(u, "consent", "yes")
    await harness.send(u, "Parvina")
    await harness.step(u, "age", "35+")
    await harness.step(u, "region", "abroad")
    if text is None:
        await harness.send_sticker(u)
    else:
        await harness.send(u, text)
    t = L["en"]
    assert harness.last_screen(u).text == t(hint) + "\n\n" + t("city-ask-abroad")
    await harness.send(u, "Russia, Moscow")
    user = await harness.app.services.users.get(u.id)
    assert user is not None and user.city == "Russia, Moscow"


async def test_text_where_buttons_are_expected_gets_a_hint(harness: Harness) -> None:
    u = TgUser(752)
    await harness.send(u, "/start")
    await harness.press(u, "lg:ru")
    await harness.step(u, "consent", "yes")
    await harness.send(u, "Дильноза")
    await harness.send(u, "мне 20")
    t = L["ru"]
    assert harness.last_screen(u).text == t("hint-use-buttons") + "\n\n" + t("age-ask")
    await harness.send_sticker(u)
    assert harness.last_screen(u).text == t("hint-use-buttons") + "\n\n" + t("age-ask")


async def test_forged_values_never_get_stored(harness: Harness) -> None:
    u = TgUser(753)
    await harness.send(u, "/start")
    await harness.press(u, "lg:en")
    await harness.step(u, "consent", "yes")
    await harness.send(u, "Roya")
    mid = harness.message_with_button(u.id, "ob:age:18-24")
    await harness.press(u, "ob:age:99-100", message_id=mid)
    assert harness.session.requests[-1].params["text"] == L["en"]("hint-use-buttons")
    user = await harness.app.services.users.get(u.id)
    assert user is not None and user.age_group is None


async def test_restart_in_the_middle_resumes_the_same_step(harness: Harness) -> None:
    u = TgUser(760)
    await harness.send(u, "/start")
    await harness.press(u, "lg:tg")
    await harness.step(u, "consent", "yes")
    await harness.send(u, "Шабнам")
    await harness.step(u, "age", "18-24")
    await harness.step(u, "region", "TJ-RA")
    restarted = await harness.restart()
    await restarted.send(u, "/start")
    assert restarted.last_screen(u).text == L["tg"]("city-ask", region="Ноҳияҳои тобеи ҷумҳурӣ")
    await restarted.step(u, "city", "rogun")
    assert restarted.last_screen(u).text == L["tg"]("status-ask")


async def test_restart_before_consent_keeps_her_language(harness: Harness) -> None:
    u = TgUser(761, language_code="en")
    await harness.send(u, "/start")
    await harness.press(u, "lg:tg")
    restarted = await harness.restart()
    await restarted.send(u, "hello")  # she comes back with anything at all
    assert restarted.last_screen(u).text == L["tg"]("hint-use-buttons") + "\n\n" + L["tg"](
        "consent-text")


async def test_the_same_button_pressed_twice_acts_once(harness: Harness) -> None:
    u = TgUser(762)
    await harness.send(u, "/start")
    await harness.press(u, "lg:ru")
    await harness.step(u, "consent", "yes")
    await harness.send(u, "Мавзуна")
    await harness.step(u, "age", "18-24")
    await harness.step(u, "region", "TJ-SU")
    mid = harness.message_with_button(u.id, "ob:city:khujand")
    await harness.press(u, "ob:city:khujand", message_id=mid)
    edits_before = len(harness.screens(u))
    await harness.press(u, "ob:city:khujand", message_id=mid)  # a double tap
    assert len(harness.screens(u)) == edits_before
    assert harness.session.requests[-1].params["text"] == L["ru"]("button-expired")
    assert harness.last_screen(u).text == L["ru"]("status-ask")


async def test_settings_change_each_field(harness: Harness) -> None:
    u = TgUser(770)
    await harness.onboard(u, "ru")
    t = L["ru"]
    await harness.send(u, "/settings")
    screen = harness.last_screen(u)
    assert "Малика" in screen.text and "Худжанд" in screen.text
    assert [b for _, b in screen.buttons()][:7] == [
        "st:language", "st:name", "st:age", "st:region", "st:status", "st:interests",
        "st:level"]

    await harness.press(u, "st:name")
    await harness.send(u, "Малика Каримова")
    assert harness.last_screen(u).text.startswith(t("settings-saved"))
    await harness.press(u, "st:age")
    assert "ob:age:under13" not in [b for _, b in harness.last_screen(u).buttons()]
    await harness.step(u, "age", "25-34")
    await harness.press(u, "st:region")
    await harness.step(u, "region", "TJ-DU")
    await harness.press(u, "st:status")
    await harness.step(u, "status", "employed")
    await harness.press(u, "st:interests")
    await harness.step(u, "interests", "cybersecurity")
    await harness.step(u, "interests", "done")
    await harness.press(u, "st:level")
    await harness.step(u, "level", "advanced")
    await harness.press(u, "st:language")
    await harness.press(u, "lg:en")
    user = await harness.app.services.users.get(u.id)
    assert user is not None
    assert (user.name, user.age_group, user.region, user.city, user.status, user.interests,
            user.level, user.language) == (
        "Малика Каримова", "25-34", "TJ-DU", "dushanbe", "employed",
        ("cybersecurity", "web"), "advanced", "en")
    final = harness.last_screen(u).text
    assert final.startswith(L["en"]("settings-saved"))
    assert "Dushanbe" in final and "Cybersecurity, Web development" in final
    assert await state_of(harness, u) is None


async def test_settings_region_with_city_and_back(harness: Harness) -> None:
    u = TgUser(771)
    await harness.onboard(u, "en")
    await harness.send(u, "/settings")
    await harness.press(u, "st:region")
    await harness.step(u, "region", "back")
    assert harness.last_screen(u).text.startswith("<b>Profile and settings</b>")
    await harness.press(u, "st:region")
    await harness.step(u, "region", "TJ-KT")
    await harness.step(u, "city", "kulob")
    user = await harness.app.services.users.get(u.id)
    assert user is not None and (user.region, user.city) == ("TJ-KT", "kulob")


async def test_settings_minor_age_needs_the_guardian(harness: Harness) -> None:
    u = TgUser(772)
    await harness.onboard(u, "en", age="18-24")
    await harness.send(u, "/settings")
    await harness.press(u, "st:age")
    await harness.step(u, "age", "16-17")
    assert harness.last_screen(u).text == L["en"]("guardian-ask")
    await harness.step(u, "guardian", "no")
    user = await harness.app.services.users.get(u.id)
    assert user is not None and user.age_group == "18-24" and user.guardian_consent_at is None
    assert harness.last_screen(u).text.startswith(L["en"]("age-not-changed"))
    await harness.press(u, "st:age")
    await harness.step(u, "age", "16-17")
    await harness.step(u, "guardian", "yes")
    user = await harness.app.services.users.get(u.id)
    assert user is not None and user.age_group == "16-17"
    assert user.guardian_consent_at == harness.clock.now()


async def test_settings_before_onboarding_resumes_it(harness: Harness) -> None:
    u = TgUser(773)
    await harness.send(u, "/start")
    await harness.press(u, "lg:en")
    await harness.step(u, "consent", "yes")
    await harness.send(u, "/settings")
    assert harness.last_screen(u).text == L["en"]("onboarding-continue") + "\n\n" + L["en"](
        "name-ask")


async def test_user_text_is_escaped_in_html_screens(harness: Harness) -> None:
    u = TgUser(774)
    await harness.onboard(u, "en", region="abroad", city="O'Neill, Kent")
    await harness.send(u, "/settings")
    assert "O'Neill, Kent" in harness.last_screen(u).text
    await harness.press(u, "st:name")
    await harness.send(u, "Anna-Maria O'Hara")
    assert "Anna-Maria O'Hara" in harness.last_screen(u).text
    user = await harness.app.services.users.get(u.id)
    assert user is not None and user.name == "Anna-Maria O'Hara"


async def test_privacy_says_what_why_who_and_how_long(harness: Harness) -> None:
    u = TgUser(780, language_code="ru")
    await harness.send(u, "/privacy")
    text = harness.last_screen(u).text
    assert text == L["ru"]("privacy-text", relay_days=30)
    for part in ("Что мы храним", "Зачем", "Кто видит", "Как долго", "/mydata", "/deleteme"):
        assert part in text


async def test_mydata_contains_every_stored_field(harness: Harness) -> None:
    u = TgUser(781)
    await harness.onboard(u, "tg", age="16-17", region="TJ-SU", city="panjakent",
                          interests=("web", "design"), goal="mentor")
    await harness.send(u, "/mydata")
    doc = harness.to(u, "sendDocument")[-1]
    assert doc.params["caption"] == L["tg"]("mydata-caption")
    data = json.loads(doc.files["document"])
    user = await harness.app.services.users.get(u.id)
    assert user is not None
    assert data["telegram_id"] == u.id
    assert data["name"] == "Малика" and data["age_group"] == "16-17"
    assert data["region"] == "TJ-SU" and data["city"] == "panjakent"
    assert data["interests"] == ["design", "web"] and data["wants"] == "mentor"
    assert data["language"] == "tg" and data["roles"] == ["participant"]
    assert data["consent_at"] and data["guardian_consent_at"] and data["onboarded_at"]
    assert [(n["kind"], n["status"]) for n in data["notifications"]] == [
        ("onboarding.reminder", "cancelled")]
    assert {"enrollments", "lesson_progress", "quiz_answers", "certificates"} <= set(data)
    async with harness.app.db.read() as tx:
        cur = await tx.conn.execute("PRAGMA table_info(users)")
        columns = {row[1] for row in await cur.fetchall()}
    exported = set(data) | {"id", "is_active", "blocked_at"}
    assert columns - exported == set(), "a stored field is missing from /mydata"


async def test_mydata_when_nothing_is_stored(harness: Harness) -> None:
    u = TgUser(782, language_code="en")
    await harness.send(u, "/mydata")
    assert harness.last_screen(u).text == L["en"]("mydata-nothing")


async def test_deleteme_asks_twice_erases_everything_and_start_works_again(
    harness: Harness,
) -> None:
    u = TgUser(783)
    await harness.onboard(u, "ru", name="Тахмина", region="abroad", city="Kazan")
    await harness.send(u, "/deleteme")
    assert harness.last_screen(u).text == L["ru"]("deleteme-ask")
    await harness.press(u, "dl:1")
    assert harness.last_screen(u).text == L["ru"]("deleteme-ask-again")
    assert await harness.app.services.users.get(u.id) is not None  # not yet
    await harness.press(u, "dl:2")
    assert harness.last_screen(u).text == L["ru"]("deleteme-done")
    await assert_nothing_about(harness, u, "Тахмина", "Kazan")
    await harness.send(u, "/start")
    assert harness.last_screen(u).text == L["ru"]("language-choose")
    await harness.onboard(u, "en", name="Tahmina")
    user = await harness.app.services.users.get(u.id)
    assert user is not None and user.onboarded and user.name == "Tahmina"


async def test_deleteme_can_be_called_off_and_old_buttons_do_nothing(harness: Harness) -> None:
    u = TgUser(784)
    await harness.onboard(u, "en")
    await harness.send(u, "/deleteme")
    first = harness.message_with_button(u.id, "dl:1")
    await harness.press(u, "dl:k")
    assert harness.last_screen(u).text == L["en"]("deleteme-kept")
    await harness.press(u, "dl:2", message_id=first)  # forged: the second step was never shown
    await harness.press(u, "dl:1", message_id=first)
    assert await harness.app.services.users.get(u.id) is not None
    answers = [r.params.get("text") for r in harness.session.requests
               if r.method == "answerCallbackQuery"][-2:]
    assert answers == [L["en"]("button-expired")] * 2
