"""A button press goes straight to the feature routers that can take it.

aiogram offers an update to each router in turn, and in each router tries every handler's
filters until one matches. A button's data starts with the prefix of its CallbackData class
("ob", "c1", "m", ...), and a CallbackData filter refuses any other prefix, so most of that
trying is known to fail before it starts: a press of the main menu's buttons used to go
through thirteen routers and some forty filters first. The dispatcher here learns, once, which
prefixes each of its routers' handlers accept, and offers a press only to the routers that
accept its prefix (and, in their order, to any that take every press, like the fallback).

Nothing else changes: messages and every other kind of update go the usual way, a router
with outer middlewares of its own for presses is always offered them, and the order of the
routers that are offered a press is the order they were included in.

Second, aiogram runs a filter that is a plain function, such as a magic filter
(`F.chat.type == "private"`), in a worker thread (`asyncio.to_thread`), each time it is
tried. A text message met fifteen of them at the routers' doors alone: fifteen trips to a
thread and back for checks that take a microsecond. `run_filters_inline` makes them run on
the event loop instead.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from aiogram import Dispatcher, Router
from aiogram.dispatcher.event.bases import UNHANDLED
from aiogram.dispatcher.event.handler import FilterObject
from aiogram.dispatcher.event.telegram import TelegramEventObserver
from aiogram.filters.callback_data import CallbackQueryFilter
from aiogram.types import CallbackQuery, TelegramObject

PRESS = "callback_query"
SEPARATOR = ":"  # aiogram's default for CallbackData; a class with another is not routed


def accepted_prefixes(router: Router) -> frozenset[str] | None:
    """The data prefixes a press must have to be handled by this router or the routers inside
    it; None when it may handle any press (a handler without a CallbackData filter, a root
    filter, or an outer middleware that could act on its own)."""
    observer = router.observers[PRESS]
    if observer.outer_middleware or observer._handler.filters:
        return None
    prefixes: set[str] = set()
    for handler in observer.handlers:
        own = [f.callback.callback_data for f in handler.filters or ()
               if isinstance(f.callback, CallbackQueryFilter)]
        if not own or own[0].__separator__ != SEPARATOR:
            return None
        prefixes.add(own[0].__prefix__)
    for inner in router.sub_routers:
        theirs = accepted_prefixes(inner)
        if theirs is None:
            return None
        prefixes |= theirs
    return frozenset(prefixes)


class PrefixDispatcher(Dispatcher):
    """A Dispatcher that offers a button press only to the routers that can handle it."""

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self._routes: list[tuple[Router, frozenset[str] | None]] | None = None

    def _routing(self) -> list[tuple[Router, frozenset[str] | None]]:
        if self._routes is None:  # learned at the first press, when every router is included
            self._routes = [(r, accepted_prefixes(r)) for r in self.sub_routers]
        return self._routes

    async def _propagate_event(self, observer: TelegramEventObserver | None, update_type: str,
                               event: TelegramObject, **kwargs: Any) -> Any:
        if (update_type != PRESS or not isinstance(event, CallbackQuery) or observer is None
                or observer.handlers or observer._handler.filters):
            return await super()._propagate_event(observer, update_type, event, **kwargs)
        prefix = (event.data or "").split(SEPARATOR, 1)[0]
        response = UNHANDLED
        for router, prefixes in self._routing():
            if prefixes is not None and prefix not in prefixes:
                continue
            response = await router.propagate_event(update_type=update_type, event=event,
                                                    **kwargs)
            if response is not UNHANDLED:
                break
        return response


def _inline(sync: Callable[..., Any]) -> Callable[..., Any]:
    async def run(*args: Any, **kwargs: Any) -> Any:
        return sync(*args, **kwargs)
    return run


def run_filters_inline(router: Router) -> int:
    """Every plain-function filter of the router and the routers inside it runs on the event
    loop, not in a worker thread; how many there were. Handlers are left as they are."""
    count = 0
    for observer in router.observers.values():
        filters: list[FilterObject] = list(observer._handler.filters or ())
        for handler in observer.handlers:
            filters.extend(handler.filters or ())
        for f in filters:
            if not f.awaitable:
                # the parameters it takes were read from the function itself and stay
                f.callback = _inline(f.callback)
                f.awaitable = True
                count += 1
    return count + sum(run_filters_inline(inner) for inner in router.sub_routers)
