"""Typed callback data with short prefixes. Every press is re-checked by its handler."""

from __future__ import annotations

from enum import StrEnum

from aiogram.filters.callback_data import CallbackData

MAX_ID = 2**62  # larger numbers in button data are forged: no row has them


def parse_id(text: str) -> int | None:
    """A row id from a button's text field, or None for anything a real button never has."""
    if not text.isascii() or not text.isdigit() or len(text) > 18:
        return None
    value = int(text)
    return value if 0 < value < MAX_ID else None


class Lang(StrEnum):
    tg = "tg"
    ru = "ru"
    en = "en"


class LangCb(CallbackData, prefix="lg"):
    code: Lang


class MenuItem(StrEnum):
    home = "h"
    help = "?"
    language = "l"
    settings = "s"
    privacy = "p"
    courses = "c"
    my_courses = "y"
    mentorship = "t"
    ask = "a"  # ask the team
    jobs = "j"
    events = "e"
    stories = "o"
    peers = "n"


class MenuCb(CallbackData, prefix="m"):
    item: MenuItem


class OnbCb(CallbackData, prefix="ob"):
    """An answer to one onboarding or profile step: the step and the chosen value.

    The handler accepts it only while that step is the one being asked.
    """

    step: str
    value: str


class SetCb(CallbackData, prefix="st"):
    """Settings: open one profile field for editing."""

    field: str


class TzCb(CallbackData, prefix="tz"):
    """Settings: her time zone (an IANA name from the offered list)."""

    zone: str


class QuietCb(CallbackData, prefix="qh"):
    """Settings: quiet hours, by the index of the offered choice."""

    choice: int


class DelAction(StrEnum):
    first = "1"
    second = "2"
    keep = "k"


class DelCb(CallbackData, prefix="dl"):
    action: DelAction


class CourseAction(StrEnum):
    open = "o"
    enroll = "e"
    leave_ask = "u"
    leave = "l"
    map = "p"
    confirm = "f"
    decline = "d"


class CourseCb(CallbackData, prefix="c1"):
    action: CourseAction
    course_id: int


class CatCb(CallbackData, prefix="ct"):
    """The catalog: filters, page, and which filter is being chosen ("" for the list)."""

    topic: str = ""
    fmt: str = ""
    lang: str = ""
    region: str = ""
    page: int = 0
    pick: str = ""


class EditWhat(StrEnum):
    menu = "m"
    seats = "s"
    date = "d"
    venue = "v"
    skip_pin = "k"


class EditCb(CallbackData, prefix="ce"):
    """A coordinator's edit of an offline course (re-checked in the service)."""

    course_id: int
    what: EditWhat
    session: str = ""


class LearnAction(StrEnum):
    go = "g"  # continue where she left off
    done = "d"  # finished reading the lesson
    retry = "r"  # take the quiz again
    cert = "c"  # get the certificate


class LearnCb(CallbackData, prefix="ln"):
    action: LearnAction
    course_id: int
    lesson: str = ""


class QuizCb(CallbackData, prefix="qz"):
    course_id: int
    lesson: str
    question: int
    choice: int


class AppAction(StrEnum):
    approve = "a"
    reject = "r"


class AppCb(CallbackData, prefix="ma"):
    """A coordinator's decision on a mentor application (re-checked in the service)."""

    action: AppAction
    user_id: int


class OfferAction(StrEnum):
    accept = "a"
    decline = "d"


class OfferCb(CallbackData, prefix="mo"):
    """A mentor's answer to an offer (only she may answer it; re-checked in the service)."""

    action: OfferAction
    offer_id: int


class MentorCb(CallbackData, prefix="mt"):
    """Steps of the mentor application, the mentor's panel and a participant's request."""

    action: str
    value: str = ""


class MatchCb(CallbackData, prefix="mh"):
    """A coordinator matching a request by hand."""

    request_id: int
    mentor_id: int = 0


class AdminAction(StrEnum):
    menu = "m"
    stats = "s"
    export = "e"  # value: which file ("" = the choice)
    broadcast = "b"
    team = "t"  # the coordinators (owners manage them)
    grant = "g"
    revoke = "r"  # value: the user id
    audit = "l"
    job = "j"  # post a job opening


class AdminCb(CallbackData, prefix="ad"):
    """The coordinator menu (the role is checked again on every press)."""

    action: AdminAction
    value: str = ""


class BcAction(StrEnum):
    write = "w"  # value: the language to write in
    draft = "r"  # back to the draft
    audience = "a"
    dimension = "d"  # value: which kind of filter to choose
    toggle = "t"  # value: "<kind letter>.<value>"
    active = "v"  # value: days ("" = any time)
    everyone = "e"
    preview = "p"
    urgent = "u"
    now = "n"
    later = "l"
    confirm = "f"
    discard = "q"
    cancel = "x"  # value: the broadcast id


class BcCb(CallbackData, prefix="bc"):
    """Composing, confirming and cancelling a broadcast."""

    action: BcAction
    value: str = ""


class QuestionCb(CallbackData, prefix="qa"):
    """A coordinator answering a participant's question."""

    id: int


class JobAction(StrEnum):
    list = "l"  # every open opening, page by page
    mine = "m"  # only those matching her alert
    saved = "s"
    save = "v"  # value: the job id (save or unsave)
    alerts = "a"
    subscribe = "o"
    frequency = "f"  # value: daily / weekly / off
    topics = "t"  # the topic toggles
    topic = "p"  # value: a topic code
    level = "e"  # value: a level or "" (any)
    remote = "r"  # value: any / remote / onsite
    hours = "h"  # the hour picker
    hour = "u"  # value: 0-23
    words = "w"  # value: "in" or "out": she types them next


class JobCb(CallbackData, prefix="jb"):
    action: JobAction
    value: str = ""
    page: int = 0
    view: str = ""  # for save: the screen to show again (l, m or s)


class PostAction(StrEnum):
    remote = "r"
    level = "e"  # value: a level or "" (not stated)
    topic = "p"  # value: a topic code
    topics_done = "d"
    no_deadline = "n"
    confirm = "f"
    cancel = "x"


class PostCb(CallbackData, prefix="jp"):
    """A coordinator posting a job opening (the role is checked on every step)."""

    action: PostAction
    value: str = ""


class EvAction(StrEnum):
    list = "l"  # value: the page
    open = "o"
    rsvp = "r"
    leave = "x"
    ics = "c"  # add to calendar: an .ics file
    map = "p"
    rate = "s"  # value: 1-5 stars


class EvCb(CallbackData, prefix="ev"):
    """A participant's event buttons (re-checked in EventService)."""

    action: EvAction
    event_id: int = 0
    value: int = 0


class EaAction(StrEnum):
    list = "l"
    new = "n"
    open = "o"  # the edit screen
    field = "f"  # value: which field she types next
    kind = "k"  # value: meetup / talk / webinar
    lang = "g"  # value: tg / ru / en
    online = "w"
    region = "r"  # value: a region code ("" = the choice)
    city = "c"  # value: a city code
    publish = "p"
    cancel_ask = "q"
    cancel = "x"
    people = "a"  # the attendee list
    message = "m"  # write to the attendees


class EaCb(CallbackData, prefix="ea"):
    """A coordinator drafting and managing events (the role is checked on every press)."""

    action: EaAction
    event_id: int = 0
    value: str = ""


class StoryAction(StrEnum):
    list = "l"  # value: the page
    open = "o"  # value: the story id
    subscribe = "s"  # value: "1" on, "0" off


class StoryCb(CallbackData, prefix="sy"):
    action: StoryAction
    value: str = ""


class PeerAction(StrEnum):
    screen = "h"
    join = "j"
    leave = "q"
    offline = "f"  # toggle: she wants to meet in person
    write = "w"
    stop = "s"  # stop writing
    skip = "k"
    block = "b"
    report = "r"


class PeerCb(CallbackData, prefix="pc"):
    """Peer connections: the opt-in screen and one pairing's buttons (only its two people)."""

    action: PeerAction
    pair_id: int = 0


class MshipAction(StrEnum):
    open = "o"  # her view of one mentorship
    end_ask = "e"
    end = "E"
    report_ask = "r"
    report = "R"
    meet = "m"  # plan a meeting: choose the day


class MshipCb(CallbackData, prefix="mx"):
    """One mentorship, as one of its two people (membership re-checked in the service)."""

    action: MshipAction
    mentorship_id: int


class RelayAction(StrEnum):
    write = "w"  # start writing to the other side
    stop = "x"


class RelayCb(CallbackData, prefix="rl"):
    action: RelayAction
    mentorship_id: int


class MeetAction(StrEnum):
    day = "d"  # id: the mentorship; value: the date in her zone (YYYYMMDD)
    hour = "h"  # value: YYYYMMDDHH
    minute = "q"  # value: YYYYMMDDHHMM, the time to propose
    confirm = "y"  # id: the meeting
    decline = "n"


class MeetCb(CallbackData, prefix="mg"):
    action: MeetAction
    id: int
    value: str = ""


class FeedbackKind(StrEnum):
    happened = "h"  # id: the meeting; value 1/0
    meeting = "r"  # id: the meeting; value: stars
    mentorship = "m"  # id: the mentorship; value: stars
    checkin = "c"  # id: the mentorship; value: day and answer (14g, 28b)
    comment = "t"  # id: the meeting or mentorship (value: "r" or "m"), then she writes


class FeedbackCb(CallbackData, prefix="fb"):
    kind: FeedbackKind
    id: int
    value: str = ""


class ReportAction(StrEnum):
    resume = "r"
    end = "e"
    suspend = "s"


class ReportCb(CallbackData, prefix="rp"):
    """A coordinator's decision on a report (the role is checked again)."""

    action: ReportAction
    report_id: int
