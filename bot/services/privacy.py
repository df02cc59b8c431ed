"""What is stored about her: export it, erase it."""

from __future__ import annotations

import json
import secrets
from typing import Any

from bot.clock import to_db
from bot.relay import sender_prefix
from bot.services.mentoring import prefix as mentorship_prefix
from storage import Database


class PrivacyService:
    def __init__(self, db: Database) -> None:
        self.db = db

    async def export(self, user_id: int) -> dict[str, Any] | None:
        """Everything stored about her, as plain JSON-able data."""
        async with self.db.read() as tx:
            user = await tx.users.get(user_id)
            dialogs = await tx.fsm.for_user(user_id)
            notifications = await tx.outbox.for_user(user_id)
            records = await tx.users.records(user_id)
            pairs = await tx.peers.pairs_of(user_id)
        if user is None and not dialogs:
            return None
        data: dict[str, Any] = {"telegram_id": user_id}
        if user is not None:
            data.update({
                "language": user.language,
                "name": user.name,
                "age_group": user.age_group,
                "consent_at": user.consent_at and to_db(user.consent_at),
                "guardian_consent_at": user.guardian_consent_at
                and to_db(user.guardian_consent_at),
                "region": user.region,
                "city": user.city,
                "status": user.status,
                "interests": list(user.interests),
                "level": user.level,
                "wants": user.wants,
                "timezone": user.timezone,
                "quiet_hours": user.quiet_hours,
                "roles": sorted(user.roles),
                "active": user.is_active,
                "created_at": to_db(user.created_at),
                "last_seen_at": to_db(user.last_seen_at),
                "onboarded_at": user.onboarded_at and to_db(user.onboarded_at),
                "source": user.source,
                "announcements_muted": user.announcements_muted,
            })
        data["notifications"] = notifications
        data.update({k: v for k, v in records.items() if k not in ("user_roles",
                                                                   "user_interests")})
        # her pairings and what she wrote to peers, without the other person's id
        data["peer_pairs"] = [{"week": p.week, "status": p.status} for p in pairs]
        for message in data.get("relayed_messages", []):
            if message.get("channel") == "peer":
                message.pop("recipient_id", None)
        data["dialog_state"] = [
            {"state": state, "data": json.loads(payload)} for state, payload in dialogs
        ]
        return data

    async def erase(self, user_id: int) -> None:
        """Her profile, roles, interests, dialog state, and what pending updates said."""
        async with self.db.transaction() as tx:
            await tx.users.forget_editor(user_id)
            await tx.progress.forget_certificate_holder(user_id)
            # what others were sent about her: her questions, her mentor application
            for qid in await tx.questions.ids_of(user_id):
                await tx.outbox.delete_prefix(f"q:{qid}:")
            await tx.outbox.delete_prefix(f"mentor:app:{user_id}:")
            # what she relayed, and what her mentorships still had queued for the other side
            await tx.outbox.delete_prefix(sender_prefix(user_id))
            for mentorship_id in await tx.mentoring.ids_of(user_id):
                await tx.outbox.delete_prefix(mentorship_prefix(mentorship_id))
            # what her peers were told about her (the introductions)
            for pair in await tx.peers.pairs_of(user_id):
                await tx.outbox.delete_prefix(f"peer:{pair.id}:")
            # the audit log keeps what happened under a random id that leads nowhere
            await tx.audit.pseudonymize(user_id, -secrets.randbits(62))
            await tx.users.delete(user_id)
            await tx.fsm.delete_user(user_id)
            await tx.inbox.forget_user(user_id)
            await tx.requests.forget_chat(user_id)
