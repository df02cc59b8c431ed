"""A button press goes only to the routers that can take its prefix, in their order."""

from __future__ import annotations

import threading
from typing import Any

from aiogram import Bot, F, Router
from aiogram.filters.callback_data import CallbackData
from aiogram.types import CallbackQuery, Message, Update

from bot.dispatch import PrefixDispatcher, accepted_prefixes, run_filters_inline
from tests.harness import TOKEN
from tests.recording import RecordingSession


class Alpha(CallbackData, prefix="a"):
    n: int


class Beta(CallbackData, prefix="b"):
    n: int


class Dotted(CallbackData, prefix="d", sep="."):
    n: int


def press(data: str, update_id: int = 1) -> Update:
    user = {"id": 7, "is_bot": False, "first_name": "Nigina"}
    return Update.model_validate({"update_id": update_id, "callback_query": {
        "id": str(update_id), "from": user, "chat_instance": "ci", "data": data}})


def noting(seen: list[str], name: str) -> Any:
    async def handler(cq: CallbackQuery) -> None:
        seen.append(name)
    return handler


def test_the_prefixes_a_router_accepts() -> None:
    plain = Router()
    plain.callback_query.register(noting([], "x"), Alpha.filter())
    plain.callback_query.register(noting([], "y"), Beta.filter(F.n == 2))
    assert accepted_prefixes(plain) == {"a", "b"}

    outer = Router()
    outer.include_router(plain)
    inner_b = Router()
    inner_b.callback_query.register(noting([], "z"), Beta.filter())
    outer.include_router(inner_b)
    assert accepted_prefixes(outer) == {"a", "b"}

    assert accepted_prefixes(Router()) == frozenset()  # it takes no press at all

    takes_all = Router()
    takes_all.callback_query.register(noting([], "any"))
    assert accepted_prefixes(takes_all) is None
    wrapping = Router()
    wrapping.include_router(takes_all)
    assert accepted_prefixes(wrapping) is None

    filtered = Router()
    filtered.callback_query.filter(F.data.startswith("a"))
    filtered.callback_query.register(noting([], "x"), Alpha.filter())
    assert accepted_prefixes(filtered) is None

    watched = Router()
    watched.callback_query.outer_middleware(lambda handler, event, data: handler(event, data))
    watched.callback_query.register(noting([], "x"), Alpha.filter())
    assert accepted_prefixes(watched) is None

    dotted = Router()
    dotted.callback_query.register(noting([], "x"), Dotted.filter())
    assert accepted_prefixes(dotted) is None


async def test_a_press_is_offered_in_order_to_the_routers_that_take_its_prefix() -> None:
    seen: list[str] = []
    tried_by_beta: list[str | None] = []

    def spy(cq: CallbackQuery) -> bool:  # a filter before Beta's: it sees what is offered
        tried_by_beta.append(cq.data)
        return True

    first_b, alpha_two, any_press, alpha_any = Router(), Router(), Router(), Router()
    first_b.callback_query.register(noting(seen, "beta"), spy, Beta.filter())
    alpha_two.callback_query.register(noting(seen, "alpha two"), Alpha.filter(F.n == 2))
    any_press.callback_query.register(noting(seen, "any"), F.data == "a:3")
    alpha_any.callback_query.register(noting(seen, "alpha"), Alpha.filter())
    dp = PrefixDispatcher()
    dp.include_routers(first_b, alpha_two, any_press, alpha_any)
    bot = Bot(TOKEN, session=RecordingSession())
    try:
        for n, data in enumerate(["a:2", "a:1", "a:3", "b:5", "zz:1", ""], start=1):
            await dp.feed_update(bot, press(data, n))
    finally:
        await bot.session.close()
    # a:1 skips the router that wants n == 2 and the one that takes only "a:3"; "zz:1" and
    # an empty press are handled by nobody, as a plain Dispatcher would leave them
    assert seen == ["alpha two", "alpha", "any", "beta"]
    assert tried_by_beta == ["b:5"]  # a plain Dispatcher offers it all six


async def test_plain_function_filters_run_on_the_event_loop_not_in_a_thread() -> None:
    threads: list[str] = []

    def private(message: Message) -> bool:
        threads.append(threading.current_thread().name)
        return message.chat.type == "private"

    seen: list[str] = []
    outer, inner = Router(), Router()
    outer.message.filter(private)
    inner.message.register(noting(seen, "text"), F.text, private)
    outer.include_router(inner)
    dp = PrefixDispatcher()
    dp.include_router(outer)
    assert run_filters_inline(dp) == 3  # the door's, and F.text and `private` at the handler
    text = {"message_id": 1, "date": 0, "chat": {"id": 7, "type": "private"},
            "from": {"id": 7, "is_bot": False, "first_name": "Nigina"}, "text": "салом"}
    bot = Bot(TOKEN, session=RecordingSession())
    try:
        await dp.feed_update(bot, Update.model_validate({"update_id": 1, "message": text}))
        group = {**text, "chat": {"id": -5, "type": "group", "title": "WiT"}}
        await dp.feed_update(bot, Update.model_validate({"update_id": 2, "message": group}))
    finally:
        await bot.session.close()
    assert seen == ["text"]  # the filters still decide: the group's message is not handled
    assert threads == [threading.current_thread().name] * 3
