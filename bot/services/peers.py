"""Peer connections: opting in, the weekly pairing, the introductions, the relayed chat of a
pair, and ending it (skip, block, report).

Pairing rules live in `bot.community.pairing` (a pure function). Here: who may be paired (opted
in, onboarded, active), what each is told about the other (first name, city, interests —
never a username or phone), and the relay (`bot.relay`, channel "peer", thread = the pair):
contacts are masked when either of the two is under 18 (or gave no age group). An ended pair
relays nothing more, and what the other had queued to her is not sent.
"""

from __future__ import annotations

import html
from dataclasses import dataclass
from datetime import datetime, timedelta
from enum import StrEnum

from bot.clock import Clock, to_db
from bot.community.pairing import Person, pair_week
from bot.delivery.outbox import Button, Notification, Outbox
from bot.delivery.timezones import zone
from bot.geo import ABROAD, Geography
from bot.profile import MINOR_AGE_GROUPS, label_key
from bot.relay import Outgoing, Relay
from bot.services.users import COORDINATOR
from bot.settings import LANGUAGES
from keyboards.callbacks import PeerAction, PeerCb
from storage import Database, Tx
from storage.community import PairRow, PeerRow
from storage.models import UserRow

CHANNEL = "peer"
ENDINGS = ("skipped", "blocked", "reported")
REPORT_CONTEXT = 6  # relayed messages shown to coordinators with a report


class Outcome(StrEnum):
    ok = "ok"
    ended = "ended"
    forbidden = "forbidden"
    gone = "gone"  # the other person left the bot


def minor(user: UserRow | None) -> bool:
    """Under 18, or no age group known: treated as a minor (the safer side)."""
    return user is None or user.age_group is None or user.age_group in MINOR_AGE_GROUPS


@dataclass(frozen=True)
class Screen:
    opted_in: bool
    offline: bool
    pairs: tuple[tuple[int, str], ...]  # active pairs: (pair id, the other's first name)
    region_known: bool  # in a region of Tajikistan: meeting in person is possible


@dataclass(frozen=True)
class Relayed:
    outcome: Outcome
    masked: bool = False
    name: str = ""


class PeerService:
    def __init__(self, db: Database, clock: Clock, outbox: Outbox, relay: Relay,
                 geo: Geography, *, default_timezone: str) -> None:
        self.db = db
        self.clock = clock
        self.outbox = outbox
        self.relay = relay
        self.geo = geo
        self.default_timezone = default_timezone

    # --- her screen -----------------------------------------------------------------------
    async def screen(self, user_id: int) -> Screen:
        async with self.db.read() as tx:
            profile = await tx.peers.profile(user_id)
            user = await tx.users.get(user_id)
            pairs = []
            for pair in await tx.peers.pairs_of(user_id):
                if pair.status != "active":
                    continue
                other = await tx.users.get(pair.other(user_id))
                if other is not None:
                    pairs.append((pair.id, other.name or "—"))
        opted, offline = profile or (False, False)
        return Screen(opted, offline, tuple(pairs),
                      bool(user and user.region and user.region != ABROAD))

    async def set_profile(self, user_id: int, *, opted_in: bool | None = None,
                          toggle_offline: bool = False) -> bool:
        async with self.db.transaction() as tx:
            user = await tx.users.get(user_id)
            if user is None or not user.onboarded:
                return False
            offline = None
            if toggle_offline:
                current = await tx.peers.profile(user_id)
                if current is None or not current[0]:
                    return False
                offline = not current[1]
                if offline and user.region in (None, ABROAD):
                    return False  # no region of Tajikistan to meet in
            await tx.peers.put_profile(user_id, to_db(self.clock.now()), opted_in=opted_in,
                                       wants_offline=offline)
        return True

    # --- the weekly pairing -----------------------------------------------------------------
    def week_of(self, now: datetime) -> str:
        local = now.astimezone(zone(None, self.default_timezone)).date()
        return (local - timedelta(days=local.weekday())).isoformat()

    async def pair_week(self, now: datetime | None = None) -> int:
        """Pair this week's opted-in people once (a restart does not pair again); the
        number of pairs made."""
        now = now or self.clock.now()
        week = self.week_of(now)
        async with self.db.transaction() as tx:
            if not await tx.peers.claim_week(week, to_db(now)):
                return 0
            rows = await tx.peers.opted_in()
            # "outside Tajikistan" is no place to meet in person: such a region counts as unknown
            people = [Person(r.user_id, r.language, None if r.region == ABROAD else r.region,
                             r.wants_offline,
                             frozenset(r.interests), r.age_group is None or
                             r.age_group in MINOR_AGE_GROUPS, r.waited) for r in rows]
            result = pair_week(people, await tx.peers.past_pairs())
            by_id = {r.user_id: r for r in rows}
            made = 0
            for a, b in result.pairs:
                pair_id = await tx.peers.add_pair(a, b, week, to_db(now))
                if pair_id is None:
                    continue
                made += 1
                for me, other in ((a, b), (b, a)):
                    await self._introduce(tx, pair_id, me, by_id[other], now)
            await tx.peers.set_waited(set(result.left_out), set(by_id))
            await tx.peers.count_week(week, made)
        return made

    async def _introduce(self, tx: Tx, pair_id: int, user_id: int, o: PeerRow,
                         now: datetime) -> None:
        """Only what she may know of the other: first name, city, interests."""
        place = {lang: html.escape(self._place(o.region, o.city, lang), quote=False)
                 for lang in LANGUAGES}
        buttons = ((Button("peer-btn-write", PeerCb(action=PeerAction.write,
                                                    pair_id=pair_id).pack()),
                    Button("peer-btn-skip", PeerCb(action=PeerAction.skip,
                                                   pair_id=pair_id).pack())),)
        await self.outbox.enqueue(tx, Notification(
            user_id=user_id, kind="peer.intro", template="peer-intro",
            args={"name": o.name or "—", "place": {"$t": place},
                  "interests": {"$keys": [label_key("interest", c) for c in o.interests]}},
            buttons=buttons, due_at=now, priority=6, expires_at=now + timedelta(days=7),
            dedup_key=f"peer:{pair_id}:intro:{user_id}"))

    def _place(self, region: str | None, city: str | None, lang: str) -> str:
        found = self.geo.region(region)
        city_name = self.geo.city_name(region, city, lang)
        if city_name:
            return city_name
        return found.name(lang) if found else "—"

    # --- the relayed chat -------------------------------------------------------------------
    async def _pair(self, tx: Tx, user_id: int, pair_id: int) -> PairRow | None:
        pair = await tx.peers.pair(pair_id)
        return pair if pair is not None and pair.has(user_id) else None

    async def can_write(self, user_id: int, pair_id: int) -> Relayed:
        async with self.db.read() as tx:
            pair = await self._pair(tx, user_id, pair_id)
            if pair is None:
                return Relayed(Outcome.forbidden)
            other = await tx.users.get(pair.other(user_id))
        if pair.status != "active":
            return Relayed(Outcome.ended)
        if other is None or not other.is_active:
            return Relayed(Outcome.gone)
        return Relayed(Outcome.ok, name=other.name or "—")

    async def send(self, user_id: int, pair_id: int, message: Outgoing) -> Relayed:
        async with self.db.transaction() as tx:
            pair = await self._pair(tx, user_id, pair_id)
            if pair is None:
                return Relayed(Outcome.forbidden)
            if pair.status != "active":
                return Relayed(Outcome.ended)
            me = await tx.users.get(user_id)
            other = await tx.users.get(pair.other(user_id))
            if me is None or other is None or not other.is_active:
                return Relayed(Outcome.gone)
            buttons = ((Button("peer-btn-reply", PeerCb(action=PeerAction.write,
                                                        pair_id=pair_id).pack()),),)
            _, masked = await self.relay.queue(
                tx, channel=CHANNEL, thread_id=pair_id, sender_id=user_id,
                recipient_id=other.id, header="peer-relay-header",
                header_args={"name": me.name or "—"}, message=message,
                mask=minor(me) or minor(other), buttons=buttons)
        return Relayed(Outcome.ok, masked, other.name or "—")

    async def _context(self, tx: Tx, pair: PairRow) -> str:
        """The last relayed messages of the pair, as coordinators read them with a report."""
        names = {}
        for uid in (pair.a, pair.b):
            found = await tx.users.get(uid)
            names[uid] = (found.name if found else None) or "—"
        lines = [f"{names.get(m.sender_id, '—')}: {m.text or '[' + m.kind + ']'}"
                 for m in await tx.relayed.recent(CHANNEL, pair.id, REPORT_CONTEXT)]
        return "\n".join(line[:300] for line in lines) or "—"

    async def end(self, user_id: int, pair_id: int, how: str) -> Outcome:
        """Skip, block or report: the pair is over for both; a report is audited and the
        coordinators are told (the pair id only; they read the relayed messages in the
        database if needed)."""
        if how not in ENDINGS:
            return Outcome.forbidden
        now = self.clock.now()
        async with self.db.transaction() as tx:
            pair = await self._pair(tx, user_id, pair_id)
            if pair is None:
                return Outcome.forbidden
            if not await tx.peers.end(pair_id, how, user_id, to_db(now)):
                return Outcome.ended
            other = pair.other(user_id)
            await tx.peers.cancel_relays(other, user_id, to_db(now))
            if how == "reported":
                await tx.audit.add(to_db(now), user_id, "peer.report", f"pair:{pair_id}")
                context = await self._context(tx, pair)
                for coordinator in await tx.users.with_role(COORDINATOR):
                    await self.outbox.enqueue(tx, Notification(
                        user_id=coordinator, kind="peer.report", template="peer-report-notice",
                        args={"pair": pair_id, "messages": context}, due_at=now, priority=2,
                        dedup_key=f"peer:{pair_id}:report:{coordinator}"))
        return Outcome.ok
