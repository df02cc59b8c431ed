"""Stories: the content files, browsing, the subscription, and the weekly push (once a week,
in daylight of her zone, never twice across a restart)."""

from __future__ import annotations

from datetime import UTC, date, datetime

from bot.community.stories import STORIES_DIR, Story, load_stories
from bot.i18n import Locales
from handlers.stories import send_story
from tests.harness import Harness, TgUser, rows

L = Locales()


async def reader(h: Harness, uid: int = 7100, lang: str = "en") -> TgUser:
    u = TgUser(uid, language_code=lang)
    await h.onboard(u, lang, name="Reader")
    return u


def story_messages(h: Harness, u: TgUser) -> list[str]:
    return [r.params.get("text") or r.params.get("caption") or ""
            for r in h.to(u) if r.method in ("sendMessage", "sendPhoto")
            and "Story of the week" in (r.params.get("text") or r.params.get("caption") or "")]


def test_the_shipped_stories_are_complete() -> None:
    stories = load_stories()
    assert len(stories) >= 4
    assert len({s.id for s in stories}) == len(stories)
    assert [s.published for s in stories] == sorted((s.published for s in stories), reverse=True)
    for s in stories:
        for lang in ("tg", "ru", "en"):
            assert s.name.get(lang) and s.role.get(lang) and len(s.text.get(lang)) > 200
        if s.photo:
            assert (STORIES_DIR / s.photo).read_bytes()[:4] == b"\x89PNG"
    assert any(s.photo for s in stories)


async def test_browsing_published_stories_with_a_photo(harness: Harness) -> None:
    u = await reader(harness)
    await harness.press(u, "m:o", message_id=1)
    screen = harness.last_screen(u)
    assert screen.text.startswith("<b>Stories</b> of women in tech, page 1 of 1")
    assert L["en"]("story-not-subscribed") in screen.text
    opened = [d for _, d in screen.buttons() if d.startswith("sy:o:")]
    assert opened == ["sy:o:mehrona", "sy:o:zarina", "sy:o:nilufar"]  # newest first, published
    await harness.press(u, "sy:o:zarina")
    photo = harness.to(u, "sendPhoto")[-1]
    assert photo.params["caption"].startswith("<b>Zarina, 31</b> — data analyst at a bank")
    assert photo.files["photo"][:4] == b"\x89PNG"
    await harness.press(u, "sy:o:nilufar", message_id=1)
    assert harness.to(u, "sendMessage")[-1].text.startswith("<b>Nilufar, 27</b>")
    before = len(harness.session.requests)
    await harness.press(u, "sy:o:farangis", message_id=1)  # not published yet
    assert harness.session.requests[before:][-1].params["text"] == L["en"]("button-expired")


async def test_a_long_story_with_a_photo_comes_as_photo_then_text(harness: Harness) -> None:
    u = await reader(harness)
    text = "Line of a long story. " * 70
    story = Story.model_validate({
        "id": "long", "published": date(2026, 8, 1), "photo": "zarina.png",
        "name": {"tg": "Ном", "ru": "Имя", "en": "Name"},
        "role": {"tg": "Касб", "ru": "Роль", "en": "Role"},
        "text": {"tg": text, "ru": text, "en": text}})
    await send_story(harness.app.bot, u.id, story, b"\x89PNG....", "en", None)
    photo, message = harness.to(u)[-2:]
    assert photo.method == "sendPhoto" and photo.params["caption"] == "<b>Name</b> — Role"
    assert message.method == "sendMessage" and message.text == text.strip()


async def test_a_new_story_once_a_week_in_daylight_never_twice_across_a_restart(
        harness: Harness) -> None:
    a = await reader(harness, 7101)
    b = await reader(harness, 7102)
    await harness.send(a, "/settings")  # the weekly story is reached from settings too
    await harness.press(a, "sy:l:0")
    await harness.press(a, "sy:s:1")
    assert L["en"]("story-subscribed") in harness.last_screen(a).text
    assert await harness.app.services.stories.subscribed(a.id)
    assert not await harness.app.services.stories.subscribed(b.id)
    stories = harness.app.services.stories
    # Tuesday 1 September, 09:00 in Dushanbe: the newest published story is due at 10:00
    assert await stories.publish_due() == 1
    assert await rows(harness.app.db, "SELECT user_id, dedup_key, due_at FROM outbox "
                                      "WHERE kind = 'story'") == [
        (a.id, f"story:mehrona:{a.id}", "2026-09-01T05:00:00Z")]
    await harness.app.deliverer.run_due()
    assert story_messages(harness, a) == []  # not before 10:00 her time
    harness.clock.set(datetime(2026, 9, 1, 5, 0, tzinfo=UTC))
    await harness.app.deliverer.run_due()
    (pushed,) = story_messages(harness, a)
    assert "Mehrona, 19" in pushed and story_messages(harness, b) == []
    assert await stories.publish_due() == 0  # the same week: nothing more

    h2 = await harness.restart()
    assert await h2.app.services.stories.publish_due() == 0
    await h2.app.deliverer.run_due()
    assert len(story_messages(h2, a)) == 1

    h2.clock.set(datetime(2026, 9, 7, 3, 0, tzinfo=UTC))  # Monday, 08:00 in Dushanbe
    assert await h2.app.services.stories.publish_due() == 1
    await h2.app.deliverer.run_due()
    assert len(story_messages(h2, a)) == 1
    h2.clock.set(datetime(2026, 9, 7, 5, 0, tzinfo=UTC))
    await h2.app.deliverer.run_due()
    assert "Farangis, 35" in story_messages(h2, a)[-1]
    h2.clock.set(datetime(2026, 9, 8, 6, 0, tzinfo=UTC))
    assert await h2.app.services.stories.publish_due() == 0

    await h2.press(a, "sy:s:0", message_id=1)  # she opts out: the next week brings nothing
    h2.clock.set(datetime(2026, 9, 14, 6, 0, tzinfo=UTC))
    assert await h2.app.services.stories.publish_due() == 0
    assert await rows(h2.app.db, "SELECT story_id, recipients FROM story_runs "
                                 "ORDER BY queued_at") == [
        ("mehrona", 1), ("farangis", 1), ("shahnoza", 0)]


async def test_a_weekly_story_with_a_picture_comes_as_a_photo(harness: Harness) -> None:
    harness.clock.set(datetime(2026, 8, 24, 2, 0, tzinfo=UTC))  # Monday, 07:00 in Dushanbe
    u = await reader(harness, 7200, "ru")
    assert await harness.app.services.stories.subscribe(u.id, True)
    assert await harness.app.services.stories.publish_due() == 1
    harness.clock.set(datetime(2026, 8, 24, 5, 0, tzinfo=UTC))
    await harness.app.deliverer.run_due()
    photo = harness.to(u, "sendPhoto")[-1]
    assert photo.params["caption"].startswith("✨ <b>История недели</b>\n\n<b>Зарина, 31 год</b>")
    assert photo.files["photo"][:4] == b"\x89PNG"
    assert [d for _, d in photo.buttons()] == ["sy:l:0"]
    assert await rows(harness.app.db, "SELECT status FROM outbox WHERE kind = 'story'") == [
        ("sent",)]
