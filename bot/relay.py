"""The relay: two people write to each other through the bot and never see each other's
username or phone number. Shared by mentorships and peer connections.

A relayed message is a row in `relayed_messages` (kept for RELAY_RETENTION_DAYS so a report can
be checked) and one outbox notification of kind `relay` in the same transaction, so it is sent
at most once, paced, in the recipient's waking hours. At send time the recipient sees a header
naming the sender's first name in her own language, then the text (sendMessage) or the photo,
document or voice message (copyMessage, which never shows where it came from) with the caption.
For minors, phone numbers, @usernames, e-mail addresses and links are masked before storing.
"""

from __future__ import annotations

import html
import json
import re
from dataclasses import dataclass

from aiogram import Bot
from aiogram.types import Message, MessageId

from bot.clock import Clock, to_db
from bot.delivery.outbox import Button, Deliverer, Notification, Outbox
from storage import Database, Tx
from storage.outbox import OutboxRow

KINDS = ("text", "photo", "document", "voice")
HIDDEN = "[•••]"
TEXT_LIMIT, CAPTION_LIMIT = 4096, 1024

_TLDS = ("com|ru|tj|org|net|me|io|info|biz|uz|kz|kg|de|uk|us|app|dev|co|ly|gg|link|site|"
         "online|xyz|tk|su|by|ua|eu|fr|tv|cc|to|live|pro|store|shop|page|ai|vk|ok")
_PATTERNS = [
    re.compile(r"(?i)\b(?:https?://|www\.)\S+"),  # links with a scheme or www
    re.compile(r"(?i)\b(?:t|telegram)\.(?:me|dog)/\S*"),  # Telegram links
    re.compile(r"(?i)[\w.+-]+@[\w-]+(?:\.[\w-]+)+"),  # e-mail addresses
    re.compile(rf"(?i)\b[\w-]+(?:\.[\w-]+)*\.(?:{_TLDS})\b(?:/\S*)?"),  # bare domains
    re.compile(r"(?<![\w@])@[A-Za-z0-9_]{3,32}\b"),  # @usernames
]
# a run of digits, spaces, dots, dashes and brackets, optionally after +, with 9+ digits:
# every phone number (Tajik ones have 9 or 12 digits) but not a date (8) or a year
_PHONE = re.compile(r"\+?\(?\d[\d\s().\-]{6,}\d")


def mask_contacts(text: str) -> tuple[str, bool]:
    """Phone numbers, @usernames, e-mail addresses and links replaced by [•••]."""
    masked = text
    for pattern in _PATTERNS:
        masked = pattern.sub(HIDDEN, masked)

    def phone(m: re.Match[str]) -> str:
        return HIDDEN if sum(c.isdigit() for c in m.group()) >= 9 else m.group()

    masked = _PHONE.sub(phone, masked)
    return masked, masked != text


@dataclass(frozen=True)
class Outgoing:
    """What she sent, as far as the relay needs it."""
    kind: str
    text: str | None
    chat_id: int
    message_id: int


def outgoing(message: Message) -> Outgoing | None:
    """The relayable part of a message, or None for types the relay does not carry."""
    chat, mid = message.chat.id, message.message_id
    if message.text is not None:
        return Outgoing("text", message.text, chat, mid)
    for kind in ("photo", "document", "voice"):
        if getattr(message, kind):
            return Outgoing(kind, message.caption, chat, mid)
    return None


def chunks(text: str, size: int) -> list[str]:
    """Text cut into pieces of at most `size` characters, at a line or space when possible."""
    out: list[str] = []
    while len(text) > size:
        cut = max(text.rfind("\n", 0, size), text.rfind(" ", 0, size))
        cut = cut if cut > size // 2 else size
        out.append(text[:cut])
        text = text[cut:].lstrip()
    return [*out, text] if text or not out else out


class Relay:
    """Queues relayed messages (inside the caller's transaction) and sends them."""

    def __init__(self, clock: Clock, outbox: Outbox) -> None:
        self.clock = clock
        self.outbox = outbox

    async def queue(self, tx: Tx, *, channel: str, thread_id: int, sender_id: int,
                    recipient_id: int, header: str, header_args: dict[str, object],
                    message: Outgoing, mask: bool,
                    buttons: tuple[tuple[Button, ...], ...] = ()) -> tuple[int, bool]:
        """Store it and queue its delivery; (relayed id, whether something was masked).
        `header` is the locale key of the line above it, rendered in the recipient's
        language."""
        text, masked = message.text, False
        if mask and text:
            text, masked = mask_contacts(text)
        now = self.clock.now()
        relay_id = await tx.relayed.add(channel, thread_id, sender_id, recipient_id,
                                        message.kind, text, masked, message.chat_id,
                                        message.message_id, to_db(now))
        await self.outbox.enqueue(tx, Notification(
            user_id=recipient_id, kind="relay", template=header,
            args={**header_args, "relay": relay_id}, buttons=buttons, due_at=now,
            priority=2, dedup_key=f"{sender_prefix(sender_id)}{relay_id}"))
        return relay_id, masked


def sender_prefix(user_id: int) -> str:
    """The outbox key prefix of what she relayed (removed when she deletes her data)."""
    return f"relay:{user_id}:"


class RelaySender:
    """The outbox's sender for `relay` rows."""

    def __init__(self, db: Database, bot: Bot, deliverer: Deliverer) -> None:
        self.db = db
        self.bot = bot
        self.deliverer = deliverer

    async def __call__(self, row: OutboxRow) -> Message | MessageId | None:
        relay_id = json.loads(row.args).get("relay")
        async with self.db.read() as tx:
            relayed = await tx.relayed.get(int(relay_id or 0))
        if relayed is None:  # deleted with its sender's data before it went out
            return None
        header, markup = self.deliverer.render(row)
        raw = relayed.text or ""
        if relayed.kind == "text":  # cut before escaping, so no piece splits an entity
            pieces = chunks(raw, TEXT_LIMIT - len(header) - 2)
            first: Message | None = None
            for i, piece in enumerate(pieces):
                body = html.escape(piece, quote=False)
                sent = await self.bot.send_message(
                    row.user_id, f"{header}\n\n{body}" if i == 0 else body,
                    reply_markup=markup if i == len(pieces) - 1 else None)
                first = first or sent
            return first
        rest: list[str] = []
        if len(header) + 2 + len(raw) > CAPTION_LIMIT:  # the text follows as its own message
            rest = chunks(raw, TEXT_LIMIT)
            caption = header
        else:
            caption = f"{header}\n\n{html.escape(raw, quote=False)}" if raw else header
        copied = await self.bot.copy_message(row.user_id, relayed.chat_id, relayed.message_id,
                                             caption=caption,
                                             reply_markup=None if rest else markup)
        for i, piece in enumerate(rest):
            await self.bot.send_message(row.user_id, html.escape(piece, quote=False),
                                        reply_markup=markup if i == len(rest) - 1 else None)
        return copied
