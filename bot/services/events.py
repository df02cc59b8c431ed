"""Events: meetups, talks and webinars with RSVPs, a waitlist with automatic promotion,
reminders (a day and an hour before), a rating after, calendar files, and coordinators'
drafting, editing, cancelling and messaging.

Every rule runs inside one short transaction (BEGIN IMMEDIATE): two people taking the last
seat at once give one "going" and one "waitlisted"; a double tap gives one row (the UNIQUE
(event_id, user_id) constraint is the backstop). What people are told later goes to the
outbox in the same transaction.
"""

from __future__ import annotations

import html
import secrets
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from enum import StrEnum
from typing import Any
from urllib.parse import urlsplit

from bot.clock import Clock, from_db, to_db
from bot.community.ics import CalendarEvent, calendar
from bot.delivery.outbox import FALLBACK_ORDER, Button, Notification, Outbox, Pin
from bot.services.users import COORDINATOR
from keyboards.callbacks import EvAction, EvCb
from storage import Database, Tx
from storage.community import EventRow

PAGE_SIZE = 5
KINDS = ("meetup", "talk", "webinar")
KIND_LANGS = ("tg", "ru", "en")  # the languages an event can be held in
REMINDERS = (("day", timedelta(days=1)), ("hour", timedelta(hours=1)))
RATING_WINDOW = timedelta(days=7)
MAX_TEXT = {"title": 120, "description": 1500, "speaker": 120}


class Outcome(StrEnum):
    going = "going"
    waitlisted = "waitlisted"
    already_going = "already-going"
    already_waitlisted = "already-waitlisted"
    left = "left"
    not_going = "not-going"
    closed = "closed"
    rated = "rated"
    saved = "saved"
    published = "published"
    incomplete = "incomplete"
    cancelled = "cancelled"
    sent = "sent"
    invalid = "invalid"
    forbidden = "forbidden"


def pick(texts: dict[str, str], lang: str) -> str:
    """Her language if written, else the fixed fallback order."""
    if texts.get(lang):
        return texts[lang]
    return next((texts[x] for x in FALLBACK_ORDER if texts.get(x)), "")


@dataclass(frozen=True)
class EventView:
    row: EventRow

    @property
    def id(self) -> int:
        return self.row.id

    @property
    def starts_at(self) -> datetime | None:
        return from_db(self.row.starts_at) if self.row.starts_at else None

    @property
    def ends_at(self) -> datetime | None:
        start = self.starts_at
        return start + timedelta(minutes=self.row.duration_min) if start else None

    @property
    def online(self) -> bool:
        return self.row.venue_name is None

    def title(self, lang: str) -> str:
        return pick(self.row.title, lang)

    def description(self, lang: str) -> str:
        return pick(self.row.description, lang)

    def every_language(self, texts: dict[str, str]) -> dict[str, str]:
        """A text for the outbox: HTML-escaped, in every language (with the fallback)."""
        return {lang: html.escape(pick(texts, lang), quote=False) for lang in FALLBACK_ORDER}

    def pin(self) -> Pin | None:
        r = self.row
        if r.lat is None or r.lon is None or r.venue_name is None:
            return None
        same = {lang: r.venue_name for lang in FALLBACK_ORDER}
        where = {lang: r.venue_address or "" for lang in FALLBACK_ORDER}
        return Pin(r.lat, r.lon, same, where)

    def missing(self, now: datetime) -> list[str]:
        """What a coordinator still has to fill in before publishing (locale keys)."""
        r, out = self.row, []
        if not any(r.title.values()):
            out.append("eva-field-title")
        if self.starts_at is None or self.starts_at <= now:
            out.append("eva-field-when")
        if self.online and not r.link:
            out.append("eva-field-place")
        if not self.online and (r.lat is None or r.region is None):
            out.append("eva-field-place")
        return out


@dataclass(frozen=True)
class Standing:
    status: str | None  # going / waitlisted / None
    position: int | None = None
    seats_left: int | None = None
    going: int = 0


@dataclass(frozen=True)
class Result:
    outcome: Outcome
    event: EventView | None = None
    standing: Standing | None = None
    args: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class Page:
    items: tuple[tuple[EventView, str | None], ...]  # the event and her status
    page: int
    pages: int
    total: int


def prefix_of(event_id: int, user_id: int) -> str:
    """Her reminders and rating request of one event."""
    return f"ev:{event_id}:u:{user_id}:"


def valid_link(text: str) -> bool:
    parts = urlsplit(text)
    return parts.scheme in ("http", "https") and bool(parts.netloc) and " " not in text and (
        len(text) <= 300)


class EventService:
    def __init__(self, db: Database, clock: Clock, outbox: Outbox) -> None:
        self.db = db
        self.clock = clock
        self.outbox = outbox

    # --- what participants see ----------------------------------------------------------
    async def upcoming(self, user_id: int, page: int) -> Page:
        async with self.db.read() as tx:
            events = await tx.events.upcoming(to_db(self.clock.now()))
            mine = {}
            for e in events:
                r = await tx.events.rsvp(e.id, user_id)
                mine[e.id] = r.status if r and r.status != "left" else None
        pages = max(1, -(-len(events) // PAGE_SIZE))
        page = min(max(page, 0), pages - 1)
        chosen = events[page * PAGE_SIZE:(page + 1) * PAGE_SIZE]
        return Page(tuple((EventView(e), mine[e.id]) for e in chosen), page, pages, len(events))

    async def get(self, event_id: int, *, drafts: bool = False) -> EventView | None:
        async with self.db.read() as tx:
            row = await tx.events.get(event_id)
        if row is None or (row.status != "published" and not drafts):
            return None
        return EventView(row)

    async def standing(self, user_id: int, event_id: int) -> Standing:
        async with self.db.read() as tx:
            return await self._standing(tx, user_id, event_id)

    async def _standing(self, tx: Tx, user_id: int, event_id: int) -> Standing:
        row = await tx.events.get(event_id)
        going = await tx.events.count(event_id, "going")
        seats_left = None
        if row is not None and row.seats is not None:
            seats_left = max(0, row.seats - going)
        mine = await tx.events.rsvp(event_id, user_id)
        if mine is None or mine.status == "left":
            return Standing(None, seats_left=seats_left, going=going)
        position = await tx.events.position(event_id, user_id) if (
            mine.status == "waitlisted") else None
        return Standing(mine.status, position, seats_left, going)

    def is_open(self, view: EventView) -> bool:
        start = view.starts_at
        return view.row.status == "published" and start is not None and (
            start > self.clock.now())

    async def record_visit(self, event_id: int, source: str, new_user: bool) -> None:
        async with self.db.transaction() as tx:
            await tx.events.add_visit(event_id, source, new_user, to_db(self.clock.now()))

    # --- RSVP ---------------------------------------------------------------------------
    async def rsvp(self, user_id: int, event_id: int, source: str | None = None) -> Result:
        now = self.clock.now()
        async with self.db.transaction() as tx:
            row = await tx.events.get(event_id)
            if row is None or await tx.users.get(user_id) is None:
                return Result(Outcome.closed)
            view = EventView(row)
            if not self.is_open(view):
                return Result(Outcome.closed, view)
            mine = await tx.events.rsvp(event_id, user_id)
            if mine and mine.status == "going":
                return Result(Outcome.already_going, view,
                              await self._standing(tx, user_id, event_id))
            if mine and mine.status == "waitlisted":
                return Result(Outcome.already_waitlisted, view,
                              await self._standing(tx, user_id, event_id))
            going = await tx.events.count(event_id, "going")
            status = "going" if row.seats is None or going < row.seats else "waitlisted"
            await tx.events.put_rsvp(event_id, user_id, status, to_db(now), source)
            if status == "going":
                await self._schedule(tx, view, user_id, now)
            standing = await self._standing(tx, user_id, event_id)
        return Result(Outcome.going if status == "going" else Outcome.waitlisted, view, standing)

    async def leave(self, user_id: int, event_id: int) -> Result:
        now = self.clock.now()
        async with self.db.transaction() as tx:
            row = await tx.events.get(event_id)
            mine = await tx.events.rsvp(event_id, user_id)
            if row is None or mine is None or mine.status == "left":
                return Result(Outcome.not_going)
            view = EventView(row)
            await tx.events.set_rsvp_status(mine.id, "left", to_db(now))
            await self.outbox.cancel_prefix(tx, prefix_of(event_id, user_id))
            if mine.status == "going" and self.is_open(view):
                await self._fill_seats(tx, view, now)
            standing = await self._standing(tx, user_id, event_id)
        return Result(Outcome.left, view, standing)

    async def _fill_seats(self, tx: Tx, view: EventView, now: datetime) -> None:
        """Free seats go to the first on the waitlist, who are told through the outbox."""
        if view.row.seats is None:
            return
        free = view.row.seats - await tx.events.count(view.id, "going")
        if free <= 0:
            return
        for nxt in (await tx.events.with_status(view.id, "waitlisted"))[:free]:
            await tx.events.set_rsvp_status(nxt.id, "going", to_db(now))
            await self._schedule(tx, view, nxt.user_id, now)
            await self.outbox.enqueue(tx, Notification(
                user_id=nxt.user_id, kind="event.promoted", template="ev-promoted",
                args=self._args(view), due_at=now, priority=2, urgent=True,
                buttons=((Button("ev-btn-open", EvCb(action=EvAction.open,
                                                     event_id=view.id).pack()),),),
                expires_at=view.starts_at,
                dedup_key=f"ev:{view.id}:promoted:{nxt.user_id}:{nxt.queued_at}"))

    def _args(self, view: EventView) -> dict[str, object]:
        r = view.row
        args: dict[str, object] = {"title": {"$t": view.every_language(r.title)},
                                   "when": {"$when": r.starts_at or ""}}
        if view.online:
            args["link"] = r.link or ""
        else:
            args["venue"] = r.venue_name or ""
            args["address"] = r.venue_address or ""
        return args

    async def _schedule(self, tx: Tx, view: EventView, user_id: int, now: datetime) -> None:
        """Her reminders and the rating request, replacing any she had for this event."""
        prefix = prefix_of(view.id, user_id)
        await self.outbox.cancel_prefix(tx, prefix)
        start, end = view.starts_at, view.ends_at
        if start is None or end is None or start <= now:
            return
        stamp = to_db(start)
        template = "ev-reminder-online" if view.online else "ev-reminder-venue"
        for label, before in REMINDERS:
            due = start - before
            if due <= now:
                continue
            await self.outbox.enqueue(tx, Notification(
                user_id=user_id, kind=f"event.reminder_{label}", template=template,
                args=self._args(view), due_at=due, expires_at=start, priority=3,
                venue=None if view.online else view.pin(),
                buttons=((Button("ev-btn-open", EvCb(action=EvAction.open,
                                                     event_id=view.id).pack()),),),
                dedup_key=f"{prefix}{label}:{stamp}"))
        stars = tuple(Button(f"ev-star-{n}", EvCb(action=EvAction.rate, event_id=view.id,
                                                  value=n).pack()) for n in range(1, 6))
        await self.outbox.enqueue(tx, Notification(
            user_id=user_id, kind="event.rating", template="ev-rate-ask",
            args={"title": {"$t": view.every_language(view.row.title)}}, buttons=(stars,),
            due_at=end, expires_at=end + RATING_WINDOW, priority=7,
            dedup_key=f"{prefix}rate:{stamp}"))

    async def rate(self, user_id: int, event_id: int, stars: int) -> Result:
        now = self.clock.now()
        async with self.db.transaction() as tx:
            row = await tx.events.get(event_id)
            mine = await tx.events.rsvp(event_id, user_id)
            if row is None or mine is None or mine.status != "going" or not 1 <= stars <= 5:
                return Result(Outcome.invalid)
            view = EventView(row)
            start = view.starts_at
            if start is None or start > now or row.status != "published":
                return Result(Outcome.invalid, view)
            await tx.events.rate(event_id, user_id, stars, to_db(now))
        return Result(Outcome.rated, view, args={"stars": stars})

    async def calendar_file(self, event_id: int, lang: str) -> tuple[str, bytes] | None:
        view = await self.get(event_id)
        if view is None or view.starts_at is None or view.ends_at is None:
            return None
        r = view.row
        location = r.link or ", ".join(x for x in (r.venue_name, r.venue_address) if x)
        data = calendar(CalendarEvent(
            uid=f"event-{r.id}@wit.tj", title=view.title(lang),
            description="\n".join(x for x in (view.description(lang), r.speaker) if x),
            starts_at=view.starts_at, ends_at=view.ends_at, location=location,
            url=r.link or "", lat=r.lat, lon=r.lon), self.clock.now())
        return f"event-{r.id}.ics", data

    # --- coordinators -------------------------------------------------------------------
    async def _coordinator(self, tx: Tx, by: int) -> bool:
        user = await tx.users.get(by)
        return user is not None and user.has_role(COORDINATOR)

    async def can_manage(self, by: int) -> bool:
        async with self.db.read() as tx:
            return await self._coordinator(tx, by)

    async def managed(self, by: int) -> list[EventView] | None:
        """Drafts and upcoming events (soonest first), then those that ended in the last 30
        days (newest first)."""
        now = self.clock.now()
        async with self.db.read() as tx:
            if not await self._coordinator(tx, by):
                return None
            views = [EventView(r) for r in await tx.events.for_coordinators(to_db(now))]
        ended = [v for v in views if v.ends_at is not None and v.ends_at <= now]
        return [v for v in views if v not in ended] + ended[::-1]

    def has_ended(self, view: EventView) -> bool:
        return view.ends_at is not None and view.ends_at <= self.clock.now()

    async def create(self, by: int, language: str) -> Result:
        now = self.clock.now()
        async with self.db.transaction() as tx:
            if not await self._coordinator(tx, by):
                return Result(Outcome.forbidden)
            event_id = await tx.events.create(by, to_db(now), None,
                                              language if language in KIND_LANGS else "tg")
            await tx.audit.add(to_db(now), by, "event.created", f"event:{event_id}")
            row = await tx.events.get(event_id)
        assert row is not None
        return Result(Outcome.saved, EventView(row))

    async def _editable(self, tx: Tx, by: int, event_id: int) -> EventView | Outcome:
        if not await self._coordinator(tx, by):
            return Outcome.forbidden
        row = await tx.events.get(event_id)
        if row is None or row.status == "cancelled":
            return Outcome.invalid
        return EventView(row)

    async def editable(self, by: int, event_id: int) -> EventView | None:
        async with self.db.read() as tx:
            found = await self._editable(tx, by, event_id)
        return found if isinstance(found, EventView) else None

    async def edit(self, by: int, event_id: int, **values: object) -> Result:
        """Change fields of a draft or a published event. A published event's attendees
        get their reminders rescheduled; a new date or place is announced to them."""
        now = self.clock.now()
        async with self.db.transaction() as tx:
            view = await self._editable(tx, by, event_id)
            if not isinstance(view, EventView):
                return Result(view)
            problem = self._check(view, values, now)
            if problem is not None:
                return Result(Outcome.invalid, view, args={"problem": problem})
            if "title" in values or "description" in values:
                for name in ("title", "description"):
                    if name in values:
                        values[name] = {**getattr(view.row, name), **values[name]}  # type: ignore[dict-item]
            await tx.events.set(event_id, to_db(now), **values)
            await tx.audit.add(to_db(now), by, "event.edited", f"event:{event_id}",
                               {"fields": sorted(values)})
            row = await tx.events.get(event_id)
            assert row is not None
            new = EventView(row)
            if row.status == "published":
                await self._after_change(tx, view, new, now)
        return Result(Outcome.saved, new)

    def _check(self, view: EventView, values: dict[str, object], now: datetime) -> str | None:
        """A locale key saying what is wrong, or None."""
        starts = values.get("starts_at")
        if starts is not None and from_db(str(starts)) <= now:
            return "eva-when-past"
        seats = values.get("seats")
        if seats is not None and not 1 <= int(str(seats)) <= 10_000:
            return "eva-seats-invalid"
        duration = values.get("duration_min")
        if duration is not None and not 15 <= int(str(duration)) <= 12 * 60:
            return "eva-duration-invalid"
        link = values.get("link")
        if link is not None and not valid_link(str(link)):
            return "eva-link-invalid"
        if "kind" in values and values["kind"] not in KINDS:
            return "eva-invalid"
        if "language" in values and values["language"] not in KIND_LANGS:
            return "eva-invalid"
        for name in ("title", "description"):
            texts = values.get(name)
            if texts is not None and any(len(v) > MAX_TEXT[name]
                                         for v in texts.values()):  # type: ignore[attr-defined]
                return "eva-too-long"
        speaker = values.get("speaker")
        if speaker is not None and len(str(speaker)) > MAX_TEXT["speaker"]:
            return "eva-too-long"
        return None

    async def _after_change(self, tx: Tx, old: EventView, new: EventView,
                            now: datetime) -> None:
        moved = old.row.starts_at != new.row.starts_at
        place = (old.row.link, old.row.venue_name, old.row.venue_address, old.row.lat) != (
            new.row.link, new.row.venue_name, new.row.venue_address, new.row.lat)
        if new.row.seats != old.row.seats:
            await self._fill_seats(tx, new, now)
        people = await tx.events.with_status(new.id, "going")
        for person in people:
            await self._schedule(tx, new, person.user_id, now)
        if not (moved or place):
            return
        stamp = to_db(now)
        for person in await tx.events.with_status(new.id, "going", "waitlisted"):
            await self.outbox.enqueue(tx, Notification(
                user_id=person.user_id, kind="event.changed",
                template="ev-moved" if moved else "ev-place-changed", args=self._args(new),
                due_at=now, priority=3, urgent=moved, venue=None if new.online else new.pin(),
                buttons=((Button("ev-btn-open", EvCb(action=EvAction.open,
                                                     event_id=new.id).pack()),),),
                dedup_key=f"ev:{new.id}:changed:{stamp}:{person.user_id}"))

    async def publish(self, by: int, event_id: int) -> Result:
        now = self.clock.now()
        async with self.db.transaction() as tx:
            view = await self._editable(tx, by, event_id)
            if not isinstance(view, EventView):
                return Result(view)
            missing = view.missing(now)
            if missing:
                return Result(Outcome.incomplete, view, args={"missing": missing})
            if view.row.status == "published":
                return Result(Outcome.published, view)
            await tx.events.set_status(event_id, "published", to_db(now))
            await tx.audit.add(to_db(now), by, "event.published", f"event:{event_id}")
            row = await tx.events.get(event_id)
        assert row is not None
        return Result(Outcome.published, EventView(row))

    async def cancel_event(self, by: int, event_id: int) -> Result:
        now = self.clock.now()
        async with self.db.transaction() as tx:
            view = await self._editable(tx, by, event_id)
            if not isinstance(view, EventView):
                return Result(view)
            if view.starts_at is not None and view.starts_at <= now:
                return Result(Outcome.invalid, view)  # it has taken place
            await tx.events.set_status(event_id, "cancelled", to_db(now))
            told = 0
            for person in await tx.events.with_status(event_id, "going", "waitlisted"):
                await self.outbox.cancel_prefix(tx, prefix_of(event_id, person.user_id))
                if view.row.status == "published":
                    told += await self.outbox.enqueue(tx, Notification(
                        user_id=person.user_id, kind="event.cancelled",
                        template="ev-cancelled-notice",
                        args={"title": {"$t": view.every_language(view.row.title)},
                              "when": {"$when": view.row.starts_at or ""}},
                        due_at=now, priority=2, urgent=True,
                        dedup_key=f"ev:{event_id}:cancelled:{person.user_id}"))
            await tx.audit.add(to_db(now), by, "event.cancelled", f"event:{event_id}",
                               {"told": told})
        return Result(Outcome.cancelled, view, args={"count": told})

    async def attendees(self, by: int, event_id: int) -> Result:
        async with self.db.read() as tx:
            view = await self._editable(tx, by, event_id)
            if not isinstance(view, EventView):
                return Result(view)
            people = await tx.events.attendees(event_id)
            count, average = await tx.events.rating(event_id)
        return Result(Outcome.saved, view, args={
            "going": [name for status, name in people if status == "going"],
            "waiting": [name for status, name in people if status == "waitlisted"],
            "ratings": count, "average": average})

    async def message_attendees(self, by: int, event_id: int, text: str) -> Result:
        """Her text to everyone going, once each, through the outbox; audited."""
        now = self.clock.now()
        text = text.strip()
        if not text or len(text) > 3000:
            return Result(Outcome.invalid)
        async with self.db.transaction() as tx:
            view = await self._editable(tx, by, event_id)
            if not isinstance(view, EventView):
                return Result(view)
            token = secrets.token_hex(4)
            count = 0
            # close to the event it may matter now: it ignores quiet hours; otherwise it waits
            soon = view.starts_at is not None and view.starts_at - now < timedelta(days=1)
            for person in await tx.events.with_status(event_id, "going"):
                count += await self.outbox.enqueue(tx, Notification(
                    user_id=person.user_id, kind="event.message", template="ev-message",
                    args={"title": {"$t": view.every_language(view.row.title)}, "text": text},
                    due_at=now, priority=3, urgent=soon,
                    buttons=((Button("ev-btn-open", EvCb(action=EvAction.open,
                                                         event_id=event_id).pack()),),),
                    dedup_key=f"ev:{event_id}:msg:{token}:{person.user_id}"))
            await tx.audit.add(to_db(now), by, "event.message", f"event:{event_id}",
                               {"recipients": count, "length": len(text)})
        return Result(Outcome.sent, view, args={"count": count})

