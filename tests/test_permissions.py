"""The permission matrix: every command and a button of every feature, used by a stranger who
never onboarded, a participant, an approved mentor, a granted coordinator and the owner.

Outcomes, as she would see them:
  act  the feature answers (no refusal, no "unknown command", no "button expired")
  no   refused: "unknown command" for a command, "this button no longer works" for a button,
       or a localized "not yours" / "only coordinators"; nothing changes in the database;
       where the Coordinator filter guards it, the attempt is in the audit log
  onb  a stranger is sent to onboarding (the language choice, or "let's finish your profile");
       where the Coordinator filter guards it, the attempt is in the audit log too
Browsing the course catalog needs no profile; enrolling does.
Every button press is answered, whoever presses it. A new feature adds rows.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta
from typing import Any

import pytest

from bot.i18n import Locales
from bot.services.admin import Grant
from bot.services.mentorship import Application
from tests.harness import Harness, TgUser, rows
from tests.test_fuzz_text import fast
from tests.test_mentorship import C1, approved_mentor, ask_for_mentor

L = Locales()["en"]
OWNER = TgUser(C1.id, first_name="Owner", language_code="en")
HELPER = TgUser(8802, first_name="Helper", language_code="en")  # a granted coordinator
MENTOR_ID = 8803
PARTICIPANT = TgUser(8804, language_code="en")
STRANGER = TgUser(8805, language_code="en")
ASKER = TgUser(8806, language_code="en")  # her request is offered to the mentor
APPLICANT = TgUser(8808, language_code="en")  # her mentor application waits for a decision
REFUSALS = {L(k) for k in ("button-expired", "mentor-coordinators-only", "edit-forbidden",
                           "learn-not-enrolled", "mship-not-active", "feedback-too-early")}
PEOPLE = {"stranger": STRANGER, "participant": PARTICIPANT,
          "mentor": TgUser(MENTOR_ID, language_code="en"), "coordinator": HELPER,
          "owner": OWNER}
AUDITED = ("ad:", "bc:", "jp:", "qa:", "rp:", "/admin", "/stats")


@dataclass(frozen=True)
class Row:
    action: str  # a command, or button data with {offer}, {question}, {mentorship} ...
    stranger: str
    participant: str
    mentor: str
    coordinator: str
    owner: str

    def expected(self, who: str) -> str:
        return str(getattr(self, who))


def R(action: str, s: str, p: str, m: str, c: str, o: str) -> Row:
    return Row(action, s, p, m, c, o)


#        action                        stranger participant mentor coordinator owner
TABLE = [
    R("/start", "onb", "act", "act", "act", "act"),
    R("/menu", "onb", "act", "act", "act", "act"),
    R("/help", "act", "act", "act", "act", "act"),
    R("/language", "act", "act", "act", "act", "act"),
    R("/settings", "onb", "act", "act", "act", "act"),
    R("/privacy", "act", "act", "act", "act", "act"),
    R("/mydata", "act", "act", "act", "act", "act"),
    R("/deleteme", "act", "act", "act", "act", "act"),
    R("/courses", "act", "act", "act", "act", "act"),
    R("/mycourses", "act", "act", "act", "act", "act"),
    R("/verify", "act", "act", "act", "act", "act"),
    R("/mentor", "onb", "act", "act", "act", "act"),
    R("/findmentor", "onb", "act", "act", "act", "act"),
    R("/jobs", "onb", "act", "act", "act", "act"),
    R("/cancel", "act", "act", "act", "act", "act"),
    R("/admin", "onb", "no", "no", "act", "act"),
    R("/stats", "onb", "no", "no", "act", "act"),
    # menu and settings
    R("m:h", "act", "act", "act", "act", "act"),
    R("m:?", "act", "act", "act", "act", "act"),
    R("m:l", "act", "act", "act", "act", "act"),
    R("m:s", "onb", "act", "act", "act", "act"),
    R("m:p", "act", "act", "act", "act", "act"),
    R("st:name", "no", "act", "act", "act", "act"),
    R("tz:Europe/Berlin", "no", "act", "act", "act", "act"),
    R("qh:1", "no", "act", "act", "act", "act"),
    R("dl:k", "act", "act", "act", "act", "act"),
    # courses and learning
    R("m:c", "act", "act", "act", "act", "act"),
    R("m:y", "act", "act", "act", "act", "act"),
    R("ct:::::0:", "act", "act", "act", "act", "act"),
    R("c1:o:101", "act", "act", "act", "act", "act"),
    R("c1:e:101", "onb", "act", "act", "act", "act"),
    R("ln:g:101:", "no", "act", "act", "act", "act"),  # enrolled by the row above
    R("ce:102:m:", "no", "no", "no", "act", "act"),
    # mentorship
    R("m:t", "onb", "act", "act", "act", "act"),
    R("mt:find:", "onb", "act", "act", "act", "act"),
    R("ma:a:{applicant}", "no", "no", "no", "act", "act"),
    R("mo:d:{offer}", "no", "no", "act", "no", "no"),
    R("mh:{request}:0", "no", "no", "no", "act", "act"),
    R("mx:o:{mentorship}", "no", "no", "act", "no", "no"),
    R("rl:w:{mentorship}", "no", "no", "act", "no", "no"),
    R("mg:n:{meeting}", "no", "no", "no", "no", "no"),  # she proposed it: only the mentee
    R("fb:m:{mentorship}:5", "no", "no", "no", "no", "no"),  # not ended: too early
    R("rp:r:{report}", "no", "no", "no", "act", "act"),
    # jobs
    R("m:j", "onb", "act", "act", "act", "act"),
    R("jb:l::0:", "no", "act", "act", "act", "act"),
    R("jb:a::0:", "no", "act", "act", "act", "act"),
    # ask the team
    R("m:a", "onb", "act", "act", "act", "act"),
    R("qa:{question}", "no", "no", "no", "act", "act"),
    # coordinators
    R("ad:m:", "no", "no", "no", "act", "act"),
    R("ad:s:", "no", "no", "no", "act", "act"),
    R("ad:e:", "no", "no", "no", "act", "act"),
    R("ad:l:", "no", "no", "no", "act", "act"),
    R("ad:b:", "no", "no", "no", "act", "act"),
    R("bc:w:en", "no", "no", "no", "no", "no"),  # no draft open: stale for everyone
    R("bc:x:{broadcast}", "no", "no", "no", "act", "act"),
    R("ad:j:", "no", "no", "no", "act", "act"),
    R("jp:x:", "no", "no", "no", "act", "act"),
    R("ad:t:", "no", "no", "no", "no", "act"),
    R("ad:g:", "no", "no", "no", "no", "act"),
    R("ad:r:{participant}", "no", "no", "no", "no", "act"),
]

STATIC = ("users", "user_roles", "enrollments", "mentors", "mentor_requests", "mentor_offers",
          "mentorships", "meetings", "mentorship_reports", "questions", "broadcasts", "jobs",
          "job_alerts", "saved_jobs", "courses", "session_changes")
VOLATILE = {"last_seen_at"}


async def world(make_harness: Any) -> tuple[Harness, dict[str, int]]:
    """Everyone in the table, and one of each thing a button can point at."""
    h: Harness = await fast(make_harness)(admin_ids=str(OWNER.id), mentor_offer_hours=48)
    await h.onboard(OWNER, "en", name="Firuza")
    await h.onboard(HELPER, "en", name="Helper")
    assert await h.app.services.admin.grant(OWNER.id, HELPER.id) == Grant.ok
    await approved_mentor(h, MENTOR_ID, name="Mavluda", capacity=2)
    await h.onboard(PARTICIPANT, "en", name="Parvina")
    mentee = TgUser(8807, language_code="en")
    await h.onboard(mentee, "en", name="Mehri")
    await ask_for_mentor(h, mentee)
    await h.app.deliverer.run_due(h.clock.now())
    (first,) = await rows(h.app.db, "SELECT id FROM mentor_offers")
    await h.press(PEOPLE["mentor"], f"mo:a:{first[0]}", message_id=1)
    await h.onboard(ASKER, "en", name="Asker")
    await ask_for_mentor(h, ASKER)
    await h.app.deliverer.run_due(h.clock.now())
    await h.onboard(APPLICANT, "en", name="Applicant", goal="mentor")
    await h.app.services.mentorship.apply(APPLICANT.id, Application(
        ["web"], ["en"], "online", None, "Ten years of web development.", "Alif", 1))
    ids: dict[str, int] = {"applicant": APPLICANT.id, "participant": PARTICIPANT.id}
    ids["offer"] = (await rows(h.app.db, "SELECT max(id) FROM mentor_offers"))[0][0]  # type: ignore[assignment]
    ids["request"] = (await rows(h.app.db, "SELECT max(id) FROM mentor_requests"))[0][0]  # type: ignore[assignment]
    ids["mentorship"] = (await rows(h.app.db, "SELECT id FROM mentorships"))[0][0]  # type: ignore[assignment]
    now = h.clock.now().isoformat()
    async with h.app.db.transaction() as tx:
        cur = await tx.conn.execute(
            "INSERT INTO meetings (mentorship_id, proposed_by, starts_at, status, created_at) "
            "VALUES (?, ?, ?, 'proposed', ?)", (ids["mentorship"], MENTOR_ID, now, now))
        ids["meeting"] = int(cur.lastrowid or 0)
        cur = await tx.conn.execute(
            "INSERT INTO mentorship_reports (mentorship_id, reporter_id, status, created_at) "
            "VALUES (?, ?, 'resumed', ?)", (ids["mentorship"], mentee.id, now))
        ids["report"] = int(cur.lastrowid or 0)
    await h.press(OWNER, "ad:b:", message_id=1)  # a broadcast for tomorrow, to cancel
    await h.press(OWNER, "bc:w:en")
    await h.send(OWNER, "Tomorrow's meetup")
    await h.press(OWNER, "bc:l:")
    when = (h.clock.now() + timedelta(days=1)).astimezone(h.app.settings.tz)
    await h.send(OWNER, when.strftime("%d.%m.%Y %H:%M"))
    await h.press(OWNER, "bc:f:")
    ids["broadcast"] = (await rows(h.app.db, "SELECT id FROM broadcasts"))[0][0]  # type: ignore[assignment]
    result = await h.app.services.questions.ask(mentee.id, "Where is the next meetup?")
    ids["question"] = result.question_id  # type: ignore[assignment]
    return h, ids


async def snapshot(h: Harness) -> dict[str, list[tuple[object, ...]]]:
    out = {}
    for table in STATIC:
        async with h.app.db.read() as tx:
            cur = await tx.conn.execute(f"SELECT * FROM {table}")
            names = [d[0] for d in cur.description]
            out[table] = sorted((tuple(v for n, v in zip(names, r, strict=True)
                                       if n not in VOLATILE) for r in await cur.fetchall()),
                                key=repr)
    return out


def outcome(new: list[Any], action: str) -> str:
    texts = [str(r.params.get("text") or "") for r in new]
    if any(L("fallback-unknown") in x for x in texts) or set(texts) & REFUSALS:
        return "no"
    onboarding = (L("onboarding-continue"),) if action in ("/language", "m:l") else (
        L("onboarding-continue"), L("language-choose"))
    if any(x.startswith(onboarding) for x in texts):
        return "onb"
    return "act" if new else "silent"


async def denied_count(h: Harness, uid: int) -> int:
    found = await rows(h.app.db, "SELECT count(*) FROM audit_log WHERE action = 'denied' "
                       "AND actor = ?", uid)
    return int(found[0][0])  # type: ignore[arg-type]


@pytest.mark.parametrize("who", list(PEOPLE))
async def test_who_may_do_what(make_harness: Any, who: str) -> None:
    h, ids = await world(make_harness)
    u = PEOPLE[who]
    wrong = []
    for row in TABLE:
        action = row.action.format(**ids)
        is_command = action.startswith("/")
        before, audited = len(h.session.requests), await denied_count(h, u.id)
        state = await snapshot(h)
        if is_command:
            await h.send(u, action)
        else:
            await h.press(u, action, message_id=1)
        new = [r for r in h.session.requests[before:] if r.chat_id == u.id
               or r.method == "answerCallbackQuery"]
        got = outcome(new, action)
        if not is_command and not [r for r in new if r.method == "answerCallbackQuery"]:
            wrong.append(f"{action}: the button was not answered")
        if got != row.expected(who):
            wrong.append(f"{action}: expected {row.expected(who)}, got {got}: "
                         f"{[str(r.params.get('text'))[:60] for r in new]}")
        if got == "no" and await snapshot(h) != state:
            wrong.append(f"{action}: refused, but the database changed")
        gated = (action.startswith(AUDITED) and who not in ("coordinator", "owner")) or (
            action.startswith(("ad:t", "ad:g", "ad:r")) and who == "coordinator")
        if gated and await denied_count(h, u.id) != audited + 1:
            wrong.append(f"{action}: refused, but not in the audit log")
        await h.app.dp.fsm.get_context(h.app.bot, u.id, u.id).clear()
    assert not wrong, "\n".join(wrong)
