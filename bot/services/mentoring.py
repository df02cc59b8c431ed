"""Mentorship after the match: the relayed chat, meetings with reminders and feedback,
check-ins on day 14 and 28, ending with feedback, and reports that pause a mentorship until a
coordinator resumes it, ends it or suspends the mentor.

Every rule is checked again in the transaction that acts: who is asking (one of the two, or a
coordinator) and whether the mentorship, meeting or report is still in the state the button
was made for. Everything anyone is told goes through the outbox in that same transaction.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from enum import StrEnum

from bot.clock import Clock, from_db, to_db
from bot.delivery.outbox import Button, Notification, Outbox
from bot.profile import MINOR_AGE_GROUPS, label_key
from bot.relay import Outgoing, Relay
from bot.services.users import COORDINATOR, MENTOR
from keyboards.callbacks import (
    FeedbackCb,
    FeedbackKind,
    MeetAction,
    MeetCb,
    RelayAction,
    RelayCb,
    ReportAction,
    ReportCb,
)
from storage import Database, Tx
from storage.mentoring import MeetingRow, MentorshipRow
from storage.models import UserRow

CHANNEL = "mentorship"
CHECKIN_DAYS = (14, 28)
MEETING_DAYS = 14  # a meeting can be proposed for the next 14 days
MIN_LEAD = timedelta(hours=1)  # and at least an hour ahead
FEEDBACK_AFTER = timedelta(hours=2)  # asked two hours after the start
CONTEXT_MESSAGES = 10  # relayed messages shown to coordinators with a report
CONTEXT_CHARS = 2500
COMMENT_MAX = 500
CHECKIN_ANSWERS = ("good", "ok", "bad")


class Outcome(StrEnum):
    ok = "ok"
    forbidden = "forbidden"  # not hers, or not a coordinator
    paused = "paused"  # a report is being checked
    ended = "ended"
    already = "already"  # answered or decided before
    invalid = "invalid"  # a time in the past, out of range, too long
    gone = "gone"  # no longer there


@dataclass(frozen=True)
class Side:
    """One mentorship as one of its two people sees it."""
    mentorship: MentorshipRow
    me: int
    other: UserRow | None
    i_am_mentor: bool
    next_meeting: MeetingRow | None = None

    @property
    def id(self) -> int:
        return self.mentorship.id

    @property
    def other_name(self) -> str:
        return (self.other.name if self.other else None) or "—"


@dataclass(frozen=True)
class Result:
    outcome: Outcome
    masked: bool = False
    side: Side | None = None
    meeting: MeetingRow | None = None
    by: int | None = None  # the coordinator who decided first


def prefix(mentorship_id: int) -> str:
    """Outbox keys of everything queued for one mentorship."""
    return f"mship:{mentorship_id}:"


def is_minor(user: UserRow | None) -> bool:
    return user is not None and user.age_group in MINOR_AGE_GROUPS


def one_row(*buttons: Button) -> tuple[tuple[Button, ...], ...]:
    return (tuple(buttons),)


class MentoringService:
    def __init__(self, db: Database, clock: Clock, outbox: Outbox, relay: Relay, *,
                 retention_days: int = 30) -> None:
        self.db = db
        self.clock = clock
        self.outbox = outbox
        self.relay_core = relay
        self.retention = timedelta(days=retention_days)

    # --- looking ------------------------------------------------------------------------
    async def _side(self, tx: Tx, user_id: int, mentorship_id: int) -> Side | None:
        m = await tx.mentoring.get(mentorship_id)
        if m is None or not m.has(user_id):
            return None
        other = await tx.users.get(m.other(user_id))
        upcoming = await tx.mentoring.next_meeting(m.id, to_db(self.clock.now()))
        return Side(m, user_id, other, m.mentor_id == user_id, upcoming)

    async def sides(self, user_id: int) -> list[Side]:
        """Her mentorships that have not ended."""
        async with self.db.read() as tx:
            found = []
            for m in await tx.mentoring.of_user(user_id):
                side = await self._side(tx, user_id, m.id)
                if side is not None:
                    found.append(side)
            return found

    async def side(self, user_id: int, mentorship_id: int) -> Side | None:
        async with self.db.read() as tx:
            return await self._side(tx, user_id, mentorship_id)

    @staticmethod
    def state_of(side: Side | None) -> Outcome:
        if side is None:
            return Outcome.forbidden
        return {"active": Outcome.ok, "paused": Outcome.paused}.get(side.mentorship.status,
                                                                    Outcome.ended)

    async def can_write(self, user_id: int, mentorship_id: int) -> Result:
        side = await self.side(user_id, mentorship_id)
        return Result(self.state_of(side), side=side)

    # --- the relayed chat ---------------------------------------------------------------
    async def relay(self, user_id: int, mentorship_id: int, message: Outgoing) -> Result:
        async with self.db.transaction() as tx:
            side = await self._side(tx, user_id, mentorship_id)
            state = self.state_of(side)
            if side is None or state != Outcome.ok:
                return Result(state, side=side)
            me = await tx.users.get(user_id)
            mask = is_minor(me) or is_minor(side.other)
            _, masked = await self.relay_core.queue(
                tx, channel=CHANNEL, thread_id=mentorship_id, sender_id=user_id,
                recipient_id=side.mentorship.other(user_id),
                header="relay-from-mentor" if side.i_am_mentor else "relay-from-mentee",
                header_args={"name": (me.name if me else None) or "—"}, message=message,
                mask=mask, buttons=one_row(Button("btn-relay-reply", RelayCb(
                    action=RelayAction.write, mentorship_id=mentorship_id).pack())))
        return Result(Outcome.ok, masked=masked, side=side)

    # --- meetings -----------------------------------------------------------------------
    def meeting_window(self) -> tuple[datetime, datetime]:
        now = self.clock.now()
        return now + MIN_LEAD, now + timedelta(days=MEETING_DAYS)

    async def propose(self, user_id: int, mentorship_id: int, starts_at: datetime) -> Result:
        earliest, latest = self.meeting_window()
        now = self.clock.now()
        async with self.db.transaction() as tx:
            side = await self._side(tx, user_id, mentorship_id)
            state = self.state_of(side)
            if side is None or state != Outcome.ok:
                return Result(state, side=side)
            if not earliest <= starts_at <= latest:
                return Result(Outcome.invalid, side=side)
            meeting_id = await tx.mentoring.add_meeting(mentorship_id, user_id,
                                                        to_db(starts_at), to_db(now))
            me = await tx.users.get(user_id)
            buttons = one_row(
                Button("btn-meeting-confirm", MeetCb(action=MeetAction.confirm,
                                                     id=meeting_id).pack()),
                Button("btn-meeting-decline", MeetCb(action=MeetAction.decline,
                                                     id=meeting_id).pack()))
            await self.outbox.enqueue(tx, Notification(
                user_id=side.mentorship.other(user_id), kind="mentor.meeting",
                template="meeting-proposed",
                args={"name": (me.name if me else None) or "—",
                      "when": {"$when": to_db(starts_at)}},
                buttons=buttons, due_at=now, expires_at=starts_at, priority=2,
                dedup_key=f"{prefix(mentorship_id)}meet:{meeting_id}:proposed"))
            meeting = await tx.mentoring.meeting(meeting_id)
        return Result(Outcome.ok, side=side, meeting=meeting)

    async def answer_meeting(self, user_id: int, meeting_id: int, confirm: bool) -> Result:
        now = self.clock.now()
        async with self.db.transaction() as tx:
            meeting = await tx.mentoring.meeting(meeting_id)
            if meeting is None:
                return Result(Outcome.forbidden)
            side = await self._side(tx, user_id, meeting.mentorship_id)
            if side is None or meeting.proposed_by == user_id:
                return Result(Outcome.forbidden)  # someone else's meeting, or her own proposal
            state = self.state_of(side)
            if state != Outcome.ok:
                return Result(state, side=side)
            if meeting.status != "proposed":
                return Result(Outcome.already, side=side, meeting=meeting)
            starts = from_db(meeting.starts_at)
            if starts <= now:
                return Result(Outcome.gone, side=side, meeting=meeting)
            await tx.mentoring.answer_meeting(meeting_id, "confirmed" if confirm
                                              else "declined", to_db(now))
            me = await tx.users.get(user_id)
            key = f"{prefix(meeting.mentorship_id)}meet:{meeting_id}:"
            await self.outbox.cancel(tx, f"{key}proposed")
            await self.outbox.enqueue(tx, Notification(
                user_id=meeting.proposed_by, kind="mentor.meeting",
                template="meeting-confirmed" if confirm else "meeting-declined",
                args={"name": (me.name if me else None) or "—",
                      "when": {"$when": meeting.starts_at}},
                due_at=now, priority=2, dedup_key=f"{key}answer"))
            if confirm:
                await self._schedule_meeting(tx, side.mentorship, meeting, now)
            meeting = await tx.mentoring.meeting(meeting_id)
        return Result(Outcome.ok, side=side, meeting=meeting)

    async def _schedule_meeting(self, tx: Tx, m: MentorshipRow, meeting: MeetingRow,
                                now: datetime) -> None:
        """Reminders a day and an hour before, and the question afterwards, for both."""
        starts = from_db(meeting.starts_at)
        key = f"{prefix(m.id)}meet:{meeting.id}:"
        mentor, mentee = await tx.users.get(m.mentor_id), await tx.users.get(m.mentee_id)
        for uid, other in ((m.mentor_id, mentee), (m.mentee_id, mentor)):
            args = {"name": (other.name if other else None) or "—",
                    "when": {"$when": meeting.starts_at}}
            for ahead, label in ((timedelta(days=1), "day"), (timedelta(hours=1), "hour")):
                if starts - ahead > now:
                    await self.outbox.enqueue(tx, Notification(
                        user_id=uid, kind="mentor.meeting_reminder",
                        template=f"meeting-reminder-{label}", args=args,
                        due_at=starts - ahead, expires_at=starts, priority=2,
                        dedup_key=f"{key}remind-{label}:{uid}"))
            await self.outbox.enqueue(tx, Notification(
                user_id=uid, kind="mentor.meeting_feedback", template="meeting-happened-ask",
                args=args, due_at=starts + FEEDBACK_AFTER, priority=4,
                buttons=one_row(
                    Button("btn-yes", FeedbackCb(kind=FeedbackKind.happened, id=meeting.id,
                                                 value="1").pack()),
                    Button("btn-no", FeedbackCb(kind=FeedbackKind.happened, id=meeting.id,
                                                value="0").pack())),
                dedup_key=f"{key}ask:{uid}"))

    async def _meeting_of(self, tx: Tx, user_id: int, meeting_id: int
                          ) -> tuple[MeetingRow | None, Side | None]:
        meeting = await tx.mentoring.meeting(meeting_id)
        if meeting is None:
            return None, None
        return meeting, await self._side(tx, user_id, meeting.mentorship_id)

    async def happened(self, user_id: int, meeting_id: int, happened: bool) -> Result:
        """After the meeting: did it take place? A 'no' counts as a missed meeting."""
        now = self.clock.now()
        async with self.db.transaction() as tx:
            meeting, side = await self._meeting_of(tx, user_id, meeting_id)
            if meeting is None or side is None or meeting.status != "confirmed":
                return Result(Outcome.forbidden)
            if from_db(meeting.starts_at) > now:
                return Result(Outcome.invalid, side=side, meeting=meeting)
            if not await tx.mentoring.set_happened(meeting_id, user_id, happened, to_db(now)):
                return Result(Outcome.already, side=side, meeting=meeting)
        return Result(Outcome.ok, side=side, meeting=meeting)

    async def rate_meeting(self, user_id: int, meeting_id: int, rating: int) -> Result:
        if not 1 <= rating <= 5:
            return Result(Outcome.invalid)
        async with self.db.transaction() as tx:
            meeting, side = await self._meeting_of(tx, user_id, meeting_id)
            if meeting is None or side is None:
                return Result(Outcome.forbidden)
            if not await tx.mentoring.rate_meeting(meeting_id, user_id, rating):
                return Result(Outcome.already, side=side)
        return Result(Outcome.ok, side=side, meeting=meeting)

    async def comment_meeting(self, user_id: int, meeting_id: int, comment: str) -> Result:
        comment = " ".join(comment.split())
        if not 1 <= len(comment) <= COMMENT_MAX:
            return Result(Outcome.invalid)
        async with self.db.transaction() as tx:
            meeting, side = await self._meeting_of(tx, user_id, meeting_id)
            if meeting is None or side is None:
                return Result(Outcome.forbidden)
            if not await tx.mentoring.comment_meeting(meeting_id, user_id, comment):
                return Result(Outcome.already, side=side)
        return Result(Outcome.ok, side=side)

    # --- check-ins ----------------------------------------------------------------------
    async def schedule_checkins(self, tx: Tx, mentorship_id: int, started: datetime,
                                now: datetime) -> None:
        """Day 14 and day 28, for both; those already past are not sent late."""
        m = await tx.mentoring.get(mentorship_id)
        if m is None:
            return
        mentor, mentee = await tx.users.get(m.mentor_id), await tx.users.get(m.mentee_id)
        for day in CHECKIN_DAYS:
            due = started + timedelta(days=day)
            if due <= now:
                continue
            for uid, other in ((m.mentor_id, mentee), (m.mentee_id, mentor)):
                await self.outbox.enqueue(tx, Notification(
                    user_id=uid, kind="mentor.checkin", template="mentor-checkin",
                    args={"name": (other.name if other else None) or "—", "day": day},
                    buttons=(tuple(Button(f"btn-checkin-{a}", FeedbackCb(
                        kind=FeedbackKind.checkin, id=mentorship_id,
                        value=f"{day}{a[0]}").pack()) for a in CHECKIN_ANSWERS),),
                    due_at=due, priority=4,
                    dedup_key=f"{prefix(mentorship_id)}checkin:{day}:{uid}"))

    async def checkin(self, user_id: int, mentorship_id: int, day: int, answer: str) -> Result:
        if day not in CHECKIN_DAYS or answer not in CHECKIN_ANSWERS:
            return Result(Outcome.invalid)
        now = self.clock.now()
        async with self.db.transaction() as tx:
            side = await self._side(tx, user_id, mentorship_id)
            if side is None:
                return Result(Outcome.forbidden)
            if from_db(side.mentorship.started_at) + timedelta(days=day) > now:
                return Result(Outcome.invalid, side=side)  # a forged early check-in
            if not await tx.mentoring.checkin(mentorship_id, user_id, day, answer, to_db(now)):
                return Result(Outcome.already, side=side)
        return Result(Outcome.ok, side=side)

    # --- ending -------------------------------------------------------------------------
    async def end(self, user_id: int, mentorship_id: int) -> Result:
        """Either side ends it: the mentor's place is free at once; both are asked for
        feedback (she who ended it right away, the other through the outbox)."""
        now = self.clock.now()
        async with self.db.transaction() as tx:
            side = await self._side(tx, user_id, mentorship_id)
            if side is None:
                return Result(Outcome.forbidden)
            if side.mentorship.status != "active":
                return Result(self.state_of(side), side=side)
            await self._close(tx, side.mentorship, user_id, now)
            me = await tx.users.get(user_id)
            await self.outbox.enqueue(tx, Notification(
                user_id=side.mentorship.other(user_id), kind="mentor.ended",
                template="mentorship-ended-by-other",
                args={"name": (me.name if me else None) or "—"},
                buttons=self._rating_buttons(FeedbackKind.mentorship, mentorship_id),
                due_at=now, priority=2, dedup_key=f"{prefix(mentorship_id)}ended:other"))
        return Result(Outcome.ok, side=side)

    async def _close(self, tx: Tx, m: MentorshipRow, by: int, now: datetime) -> None:
        await tx.mentoring.set_status(m.id, "ended", ("active", "paused"), by, to_db(now))
        await self.outbox.cancel_prefix(tx, prefix(m.id))  # check-ins, reminders, questions
        await tx.mentoring.cancel_upcoming(m.id, to_db(now))

    @staticmethod
    def _rating_buttons(kind: FeedbackKind, item_id: int) -> tuple[tuple[Button, ...], ...]:
        return (tuple(Button(f"btn-star-{n}", FeedbackCb(kind=kind, id=item_id,
                                                         value=str(n)).pack())
                      for n in range(1, 6)),)

    async def rate_mentorship(self, user_id: int, mentorship_id: int, rating: int) -> Result:
        if not 1 <= rating <= 5:
            return Result(Outcome.invalid)
        async with self.db.transaction() as tx:
            side = await self._side(tx, user_id, mentorship_id)
            if side is None:
                return Result(Outcome.forbidden)
            if side.mentorship.status != "ended":
                return Result(Outcome.invalid, side=side)
            if not await tx.mentoring.rate_mentorship(mentorship_id, user_id, rating,
                                                      to_db(self.clock.now())):
                return Result(Outcome.already, side=side)
        return Result(Outcome.ok, side=side)

    async def comment_mentorship(self, user_id: int, mentorship_id: int,
                                 comment: str) -> Result:
        comment = " ".join(comment.split())
        if not 1 <= len(comment) <= COMMENT_MAX:
            return Result(Outcome.invalid)
        async with self.db.transaction() as tx:
            side = await self._side(tx, user_id, mentorship_id)
            if side is None:
                return Result(Outcome.forbidden)
            if not await tx.mentoring.comment_mentorship(mentorship_id, user_id, comment):
                return Result(Outcome.already, side=side)
        return Result(Outcome.ok, side=side)

    # --- reports ------------------------------------------------------------------------
    async def report(self, user_id: int, mentorship_id: int) -> Result:
        """Pauses the mentorship at once and sends coordinators the report with the recent
        relayed messages. The reporter may add what happened afterwards (`add_details`)."""
        now = self.clock.now()
        async with self.db.transaction() as tx:
            side = await self._side(tx, user_id, mentorship_id)
            if side is None:
                return Result(Outcome.forbidden)
            if side.mentorship.status != "active":
                return Result(self.state_of(side), side=side)
            m = side.mentorship
            await tx.mentoring.set_status(m.id, "paused", ("active",))
            report_id = await tx.mentoring.add_report(m.id, user_id, None, to_db(now))
            await self._pause_plans(tx, m, now)
            await self.outbox.enqueue(tx, Notification(  # she who reported is answered now
                user_id=m.other(user_id), kind="mentor.paused", template="mentorship-paused",
                args={"name": (await self._name(tx, user_id)) or "—"}, due_at=now, priority=2,
                dedup_key=f"{prefix(m.id)}paused:{report_id}"))
            context = await self._context(tx, m)
            mentor_name = await self._name(tx, m.mentor_id)
            mentee_name = await self._name(tx, m.mentee_id)
            buttons = one_row(*(Button(f"btn-report-{a.name}", ReportCb(
                action=a, report_id=report_id).pack()) for a in ReportAction))
            for coordinator in await tx.users.with_role(COORDINATOR):
                await self.outbox.enqueue(tx, Notification(
                    user_id=coordinator, kind="mentor.report", template="mentor-report",
                    args={"id": report_id, "reporter": (await self._name(tx, user_id)) or "—",
                          "mentor": mentor_name or "—", "mentee": mentee_name or "—",
                          "topic": {"$keys": [label_key("interest", m.topic)]}, "context": context},
                    buttons=buttons, due_at=now, priority=1, urgent=True,
                    dedup_key=f"{prefix(m.id)}report:{report_id}:{coordinator}"))
            report = await tx.mentoring.report(report_id)
        assert report is not None
        return Result(Outcome.ok, side=side, by=report.id)

    async def add_details(self, user_id: int, report_id: int, text: str) -> Result:
        """What happened, in her words: kept with the report and sent to coordinators."""
        text = text.strip()
        if not 1 <= len(text) <= COMMENT_MAX * 2:
            return Result(Outcome.invalid)
        now = self.clock.now()
        async with self.db.transaction() as tx:
            report = await tx.mentoring.report(report_id)
            if report is None or report.reporter_id != user_id:
                return Result(Outcome.forbidden)
            if report.text is not None:
                return Result(Outcome.already)
            await tx.mentoring.set_report_text(report_id, text)
            for coordinator in await tx.users.with_role(COORDINATOR):
                await self.outbox.enqueue(tx, Notification(
                    user_id=coordinator, kind="mentor.report", template="mentor-report-details",
                    args={"id": report_id, "text": text}, due_at=now, priority=1, urgent=True,
                    dedup_key=f"{prefix(report.mentorship_id)}report:{report_id}:details:"
                              f"{coordinator}"))
        return Result(Outcome.ok)

    async def _name(self, tx: Tx, user_id: int) -> str | None:
        user = await tx.users.get(user_id)
        return user.name if user else None

    async def _pause_plans(self, tx: Tx, m: MentorshipRow, now: datetime) -> None:
        """While a report is checked nothing goes on: no meetings, check-ins or reminders."""
        await self.outbox.cancel_prefix(tx, prefix(m.id) + "meet:")
        await self.outbox.cancel_prefix(tx, prefix(m.id) + "checkin:")
        await tx.mentoring.cancel_upcoming(m.id, to_db(now))

    async def _context(self, tx: Tx, m: MentorshipRow) -> str:
        """The recent relayed messages, as coordinators read them with the report."""
        names = {m.mentor_id: await self._name(tx, m.mentor_id),
                 m.mentee_id: await self._name(tx, m.mentee_id)}
        lines = []
        for r in await tx.relayed.recent(CHANNEL, m.id, CONTEXT_MESSAGES):
            kind = "" if r.kind == "text" else f"[{r.kind}] "
            text = " ".join((r.text or "").split())
            lines.append(f"{r.created_at[:16].replace('T', ' ')} {names.get(r.sender_id) or '—'}"
                         f": {kind}{text}")
        out = "\n".join(lines)
        if len(out) > CONTEXT_CHARS:
            out = "…" + out[-CONTEXT_CHARS:]
        return out or "—"

    async def decide_report(self, coordinator_id: int, report_id: int,
                            action: ReportAction) -> Result:
        now = self.clock.now()
        async with self.db.transaction() as tx:
            me = await tx.users.get(coordinator_id)
            if me is None or not me.has_role(COORDINATOR):
                return Result(Outcome.forbidden)
            report = await tx.mentoring.report(report_id)
            if report is None:
                return Result(Outcome.gone)
            if report.status != "open":
                return Result(Outcome.already, by=report.decided_by)
            m = await tx.mentoring.get(report.mentorship_id)
            if m is None:
                return Result(Outcome.gone)
            status = {ReportAction.resume: "resumed", ReportAction.end: "ended",
                      ReportAction.suspend: "suspended"}[action]
            await tx.mentoring.decide_report(report_id, status, coordinator_id, to_db(now))
            await tx.audit.add(to_db(now), coordinator_id, f"mentor.report.{status}",
                               f"mentorship:{m.id}", {"report": report_id})
            if action == ReportAction.resume:
                await tx.mentoring.set_status(m.id, "active", ("paused",))
                await self.schedule_checkins(tx, m.id, from_db(m.started_at), now)
                for uid in (m.mentor_id, m.mentee_id):
                    await self._tell(tx, uid, "mentorship-resumed", m, report_id, now,
                                     buttons=one_row(Button("btn-relay-write", RelayCb(
                                         action=RelayAction.write, mentorship_id=m.id).pack())))
            elif action == ReportAction.end:
                await self._close(tx, m, coordinator_id, now)
                for uid in (m.mentor_id, m.mentee_id):
                    await self._tell(tx, uid, "mentorship-ended-by-team", m, report_id, now)
            else:
                await self._suspend(tx, m.mentor_id, coordinator_id, report_id, now)
        return Result(Outcome.ok, by=coordinator_id)

    async def _tell(self, tx: Tx, uid: int, template: str, m: MentorshipRow, report_id: int,
                    now: datetime, buttons: tuple[tuple[Button, ...], ...] = ()) -> None:
        await self.outbox.enqueue(tx, Notification(
            user_id=uid, kind="mentor.report_decision", template=template,
            args={"name": (await self._name(tx, m.other(uid))) or "—"}, due_at=now,
            buttons=buttons,
            priority=2, dedup_key=f"{prefix(m.id)}decided:{report_id}:{uid}"))

    async def _suspend(self, tx: Tx, mentor_id: int, coordinator_id: int, report_id: int,
                       now: datetime) -> None:
        """She is offered nobody again and loses the mentor role; every mentorship of hers
        ends, and her mentees are told they can ask for a new mentor."""
        await tx.mentoring.suspend_mentor(mentor_id, to_db(now))
        await tx.users.remove_role(mentor_id, MENTOR)
        offer = await tx.mentors.open_offer_of_mentor(mentor_id)
        if offer is not None:
            await tx.mentors.answer_offer(offer.id, "withdrawn", to_db(now))
            await self.outbox.cancel_prefix(tx, f"mentor:offer:{offer.id}:")
        for m in await tx.mentoring.of_mentor(mentor_id):
            await self._close(tx, m, coordinator_id, now)
            await tx.mentoring.close_open_reports(m.id, "suspended", coordinator_id,
                                                  to_db(now))
            await self._tell(tx, m.mentee_id, "mentorship-ended-mentor-suspended", m,
                             report_id, now)
        await self.outbox.enqueue(tx, Notification(
            user_id=mentor_id, kind="mentor.report_decision", template="mentor-suspended",
            due_at=now, priority=2, dedup_key=f"suspended:{mentor_id}:{report_id}"))

    # --- retention ----------------------------------------------------------------------
    async def prune(self) -> int:
        """Relayed messages and report texts past their retention are deleted."""
        before = to_db(self.clock.now() - self.retention)
        async with self.db.transaction() as tx:
            gone = await tx.relayed.prune(before)
            await tx.mentoring.forget_reports(before)
        return gone
