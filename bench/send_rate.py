"""Benchmark: the outbox and the paced sender against Telegram's global limit.

3,000 notifications to 3,000 chats through the local Bot API server enforcing 30 messages/s,
with the bot configured at 29/s. Prints the achieved rate over the configured rate and how many
429s the bot's own pace caused (target: ratio >= 0.95 and zero 429s).

    make bench            # or: .venv/bin/python -m bench.send_rate [--messages N] [--rate R]
"""

from __future__ import annotations

import argparse
import asyncio
import logging
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bot.app import build_app, settle_heap, shutdown  # noqa: E402
from bot.clock import SystemClock, to_db  # noqa: E402
from bot.delivery.outbox import Notification  # noqa: E402
from tests.fake_api import FakeTelegram  # noqa: E402
from tests.harness import TOKEN, make_settings  # noqa: E402


async def main(messages: int, rate: float, limit: float) -> int:
    logging.basicConfig(level=logging.WARNING)
    async with FakeTelegram(TOKEN) as fake:
        fake.enforce_limits(global_per_second=limit)
        with tempfile.TemporaryDirectory() as tmp:
            settings = make_settings(Path(tmp) / "bench.sqlite3", bot_api_url=fake.url,
                                     send_rate=rate, chat_rate=1.0, log_level="WARNING",
                                     outbox_max_sending=50)
            app = await build_app(settings, clock=SystemClock())
            try:
                now = app.clock.now()
                async with app.db.transaction() as tx:
                    for uid in range(1_000_000, 1_000_000 + messages):
                        await tx.users.create(uid, to_db(now), "ru")
                        await app.services.outbox.enqueue(tx, Notification(
                            user_id=uid, kind="bench", template="help-text",
                            args={"count": 21}, due_at=now, dedup_key=f"bench:{uid}",
                            urgent=True))
                settle_heap()  # as `bot.app.run` does before it starts
                started = time.perf_counter()
                report = await app.deliverer.run_due()
                elapsed = time.perf_counter() - started
            finally:
                await shutdown(app)
        accepted = len(fake.accepted_sends())
        achieved = accepted / elapsed
        print(f"messages sent:      {report['sent']} of {messages} "
              f"(server accepted {accepted})")
        print(f"elapsed:            {elapsed:.1f} s")
        print(f"configured rate:    {rate:.1f}/s (server limit {limit:.0f}/s)")
        print(f"achieved rate:      {achieved:.2f}/s")
        print(f"achieved/configured ratio: {achieved / rate:.3f}  (target >= 0.95)")
        print(f"429s caused by the bot's pace: {len(fake.rate_limited)}  (target 0)")
        ok = achieved / rate >= 0.95 and not fake.rate_limited and report["sent"] == messages
        return 0 if ok else 1


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--messages", type=int, default=3000)
    parser.add_argument("--rate", type=float, default=29.0)
    parser.add_argument("--limit", type=float, default=30.0)
    args = parser.parse_args()
    sys.exit(asyncio.run(main(args.messages, args.rate, args.limit)))
