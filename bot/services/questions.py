"""Ask the team: a participant's question reaches every coordinator with a Reply button;
the first answer reaches her through the bot."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta
from enum import StrEnum

from bot.clock import Clock, to_db
from bot.delivery.outbox import Button, Notification, Outbox
from bot.services.users import COORDINATOR
from keyboards.callbacks import QuestionCb
from storage import Database

QUESTION_MIN, QUESTION_MAX = 5, 1000
ANSWER_MIN, ANSWER_MAX = 2, 2000
PER_DAY = 5  # questions one participant may send in 24 hours


def free_text(raw: str | None, low: int, high: int) -> tuple[str | None, str | None]:
    """A question or answer as typed (line breaks kept), or the key of a hint."""
    if raw is None:
        return None, "team-text-only"
    text = "\n".join(" ".join(line.split()) for line in raw.strip().splitlines()).strip()
    while "\n\n\n" in text:
        text = text.replace("\n\n\n", "\n\n")
    if len(text) < low:
        return None, "team-too-short"
    if len(text) > high:
        return None, "team-too-long"
    return text, None


class Asked(StrEnum):
    ok = "ok"
    invalid = "invalid"
    too_many = "too_many"
    answered = "answered"  # someone answered first
    gone = "gone"  # the question or its author no longer exists
    forbidden = "forbidden"


@dataclass(frozen=True)
class Result:
    outcome: Asked
    hint: str | None = None
    question_id: int | None = None


class QuestionService:
    def __init__(self, db: Database, clock: Clock, outbox: Outbox) -> None:
        self.db = db
        self.clock = clock
        self.outbox = outbox

    async def ask(self, user_id: int, raw: str | None) -> Result:
        text, hint = free_text(raw, QUESTION_MIN, QUESTION_MAX)
        if text is None:
            return Result(Asked.invalid, hint)
        now = self.clock.now()
        async with self.db.transaction() as tx:
            user = await tx.users.get(user_id)
            if user is None or not user.onboarded:
                return Result(Asked.forbidden)
            if await tx.questions.asked_since(user_id, to_db(now - timedelta(days=1))) \
                    >= PER_DAY:
                return Result(Asked.too_many)
            qid = await tx.questions.add(user_id, text, to_db(now))
            reply = QuestionCb(id=qid).pack()
            for coordinator in await tx.users.with_role(COORDINATOR):
                await self.outbox.enqueue(tx, Notification(
                    user_id=coordinator, kind="team.question", template="team-question-new",
                    args={"name": user.name or "", "question": text, "id": qid},
                    buttons=((Button("btn-reply", reply),),), due_at=now, priority=3,
                    urgent=False, dedup_key=f"q:{qid}:to:{coordinator}"))
        return Result(Asked.ok, question_id=qid)

    async def question(self, question_id: int) -> tuple[str, str | None] | None:
        """(her question, the answer if there is one)."""
        async with self.db.read() as tx:
            q = await tx.questions.get(question_id)
        return (q.text, q.answer) if q else None

    async def answer(self, coordinator_id: int, question_id: int, raw: str | None) -> Result:
        text, hint = free_text(raw, ANSWER_MIN, ANSWER_MAX)
        if text is None:
            return Result(Asked.invalid, hint)
        now = self.clock.now()
        async with self.db.transaction() as tx:
            if COORDINATOR not in await tx.users.roles(coordinator_id):
                return Result(Asked.forbidden)
            q = await tx.questions.get(question_id)
            if q is None:
                return Result(Asked.gone)
            if not await tx.questions.answer(question_id, text, coordinator_id, to_db(now)):
                return Result(Asked.answered)
            await self.outbox.enqueue(tx, Notification(
                user_id=q.user_id, kind="team.answer", template="team-answer",
                args={"question": q.text, "answer": text}, due_at=now, priority=2,
                urgent=True, dedup_key=f"q:{question_id}:answer"))
            await tx.audit.add(to_db(now), coordinator_id, "question.reply",
                               f"question:{question_id}")
        return Result(Asked.ok, question_id=question_id)
