"""Learning in the chat: lessons in order on the course's drip schedule, quizzes with
retries, progress, session reminders, gentle nudges, and certificates.

Progress is kept by lesson id, so a re-imported course keeps it. Every button is re-checked
here: a lesson of a course she is not in, a locked lesson, someone else's quiz or an old
question does nothing.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from enum import StrEnum

from bot.clock import Clock, from_db, to_db
from bot.content import Course, Format, Lesson
from bot.delivery.outbox import Button, Notification, Outbox
from bot.services.courses import CourseService, CourseView
from bot.services.reminders import localized, nudge_prefix, schedule_nudge
from keyboards.callbacks import LearnAction, LearnCb
from storage import Database, Tx
from storage.courses import CertificateRow, EnrollmentRow


class Problem(StrEnum):
    not_enrolled = "learn-not-enrolled"
    locked = "learn-not-finished"
    stale = "button-expired"


@dataclass(frozen=True)
class Progress:
    course: CourseView
    done: frozenset[str]
    next_index: int | None  # the lesson to do next; None when every lesson is done
    opens_at: datetime | None  # when that lesson opens, if it is still locked

    @property
    def total(self) -> int:
        return len(self.course.course.lessons)

    @property
    def percent(self) -> int:
        ids = {les.id for les in self.course.course.lessons}
        return round(100 * len(self.done & ids) / self.total) if self.total else 100

    @property
    def complete(self) -> bool:
        return self.total > 0 and self.next_index is None

    def bar(self, width: int = 10) -> str:
        return progress_bar(self.percent, width)


def progress_bar(percent: int, width: int = 10) -> str:
    """▓▓▓░░ 60%: course progress, a broadcast's progress."""
    filled = round(width * percent / 100)
    return "▓" * filled + "░" * (width - filled) + f" {percent}%"


@dataclass(frozen=True)
class LessonStep:
    progress: Progress
    index: int
    lesson: Lesson


@dataclass(frozen=True)
class QuizStep:
    progress: Progress
    index: int
    lesson: Lesson
    question: int  # the question to show
    answered: bool | None = None  # the answer just given was right / wrong
    chosen: int | None = None
    score: tuple[int, int] | None = None  # (right, total) when the quiz is over
    passed: bool | None = None


class LearningService:
    def __init__(self, db: Database, clock: Clock, outbox: Outbox,
                 courses: CourseService) -> None:
        self.db = db
        self.clock = clock
        self.outbox = outbox
        self.courses = courses

    # --- where she is -------------------------------------------------------------------
    def _opens_at(self, course: Course, enrolled: EnrollmentRow, index: int) -> datetime:
        start = from_db(enrolled.enrolled_at or enrolled.queued_at)
        return start + timedelta(days=course.drip.every_days * index)

    async def _progress(self, tx: Tx, user_id: int, view: CourseView,
                        mine: EnrollmentRow) -> Progress:
        done = await tx.progress.done(user_id, view.id)
        lessons = view.course.lessons
        nxt = next((i for i, les in enumerate(lessons) if les.id not in done), None)
        opens = None
        if nxt is not None:
            at = self._opens_at(view.course, mine, nxt)
            opens = at if at > self.clock.now() else None
        return Progress(view, frozenset(done), nxt, opens)

    async def _enrolled(self, tx: Tx, user_id: int,
                        course_id: int) -> tuple[CourseView, EnrollmentRow] | Problem:
        mine = await tx.enrollments.get(course_id, user_id)
        row = await tx.courses.get(course_id)
        if mine is None or mine.status != "enrolled" or row is None or not row.active:
            return Problem.not_enrolled
        view = await self.courses.view_of(tx, row)
        if view.course.format != Format.online_self:
            return Problem.stale
        return view, mine

    async def _at_lesson(self, tx: Tx, user_id: int, course_id: int, lesson_id: str) -> (
        tuple[CourseView, EnrollmentRow, Progress, int] | Problem
    ):
        """She is enrolled and this lesson is the one she is on, and it is open."""
        found = await self._enrolled(tx, user_id, course_id)
        if isinstance(found, Problem):
            return found
        view, mine = found
        progress = await self._progress(tx, user_id, view, mine)
        index = _index(view.course, lesson_id)
        if index is None or progress.next_index != index or progress.opens_at:
            return Problem.stale
        return view, mine, progress, index

    async def progress(self, user_id: int, course_id: int) -> Progress | None:
        async with self.db.read() as tx:
            found = await self._enrolled(tx, user_id, course_id)
            if isinstance(found, Problem):
                return None
            return await self._progress(tx, user_id, *found)

    async def current(self, user_id: int, course_id: int) -> LessonStep | Progress | Problem:
        """Continue: the lesson she is on, or her progress if it is locked or all done."""
        async with self.db.read() as tx:
            found = await self._enrolled(tx, user_id, course_id)
            if isinstance(found, Problem):
                return found
            progress = await self._progress(tx, user_id, *found)
        if progress.next_index is None or progress.opens_at is not None:
            return progress
        return LessonStep(progress, progress.next_index,
                          progress.course.course.lessons[progress.next_index])

    # --- lessons and quizzes --------------------------------------------------------------
    async def finish_lesson(self, user_id: int, course_id: int,
                            lesson_id: str) -> LessonStep | Progress | QuizStep | Problem:
        """Done on a lesson: a quiz if it has one, otherwise the lesson counts as done."""
        now = self.clock.now()
        async with self.db.transaction() as tx:
            at = await self._at_lesson(tx, user_id, course_id, lesson_id)
            if isinstance(at, Problem):
                return at
            view, mine, progress, index = at
            lesson = view.course.lessons[index]
            await tx.progress.touch(user_id, course_id, to_db(now))
            if lesson.quiz:
                await tx.progress.clear_answers(user_id, course_id, lesson.id)
                await schedule_nudge(self.outbox, tx, view, user_id, now)
                return QuizStep(progress, index, lesson, 0)
            await tx.progress.complete(user_id, course_id, lesson.id, to_db(now))
            return await self._after_lesson(tx, view, mine, user_id, now)

    async def answer(self, user_id: int, course_id: int, lesson_id: str, question: int,
                     choice: int) -> QuizStep | Problem:
        now = self.clock.now()
        async with self.db.transaction() as tx:
            at = await self._at_lesson(tx, user_id, course_id, lesson_id)
            if isinstance(at, Problem):
                return at
            view, mine, progress, index = at
            lesson = view.course.lessons[index]
            answered = await tx.progress.answers(user_id, course_id, lesson_id)
            expected = min(set(range(len(lesson.quiz))) - set(answered), default=None)
            if question != expected or not 0 <= choice < len(lesson.quiz[question].options):
                return Problem.stale  # an old question, pressed twice, or forged
            right = choice == lesson.quiz[question].correct
            await tx.progress.answer(user_id, course_id, lesson_id, question, choice, right,
                                     to_db(now))
            await tx.progress.touch(user_id, course_id, to_db(now))
            await schedule_nudge(self.outbox, tx, view, user_id, now)
            answered[question] = right
            if len(answered) < len(lesson.quiz):
                return QuizStep(progress, index, lesson, question, right, choice)
            score = (sum(answered.values()), len(lesson.quiz))
            passed = score[0] * 100 >= view.course.pass_mark * score[1]
            if passed:
                await tx.progress.complete(user_id, course_id, lesson_id, to_db(now))
                progress = await self._progress(tx, user_id, view, mine)
                await self._after_lesson(tx, view, mine, user_id, now)
            else:
                await tx.progress.clear_answers(user_id, course_id, lesson_id)
            return QuizStep(progress, index, lesson, question, right, choice, score, passed)

    async def retry_quiz(self, user_id: int, course_id: int, lesson_id: str) -> QuizStep | Problem:
        async with self.db.transaction() as tx:
            at = await self._at_lesson(tx, user_id, course_id, lesson_id)
            if isinstance(at, Problem):
                return at
            view, _, progress, index = at
            await tx.progress.clear_answers(user_id, course_id, lesson_id)
            return QuizStep(progress, index, view.course.lessons[index], 0)

    async def _after_lesson(self, tx: Tx, view: CourseView, mine: EnrollmentRow, user_id: int,
                            now: datetime) -> LessonStep | Progress:
        progress = await self._progress(tx, user_id, view, mine)
        if progress.complete:
            await self.outbox.cancel_prefix(tx, nudge_prefix(view.id, user_id))
            return progress
        await schedule_nudge(self.outbox, tx, view, user_id, now)
        assert progress.next_index is not None
        if progress.opens_at is not None:
            lesson = view.course.lessons[progress.next_index]
            await self.outbox.enqueue(tx, Notification(
                user_id=user_id, kind="course.lesson_open", template="learn-lesson-open",
                args={"title": localized(view.course.title), "lesson": localized(lesson.title)},
                buttons=((Button("btn-continue", LearnCb(action=LearnAction.go,
                                                         course_id=view.id).pack()),),),
                due_at=progress.opens_at, priority=6,
                dedup_key=f"course:{view.id}:open:{user_id}:{lesson.id}"))
            return progress
        return LessonStep(progress, progress.next_index,
                          view.course.lessons[progress.next_index])

    # --- certificates ---------------------------------------------------------------------
    async def certificate(self, user_id: int, course_id: int) -> CertificateRow | None:
        async with self.db.read() as tx:
            return await tx.progress.certificate(user_id, course_id)

    async def issue_certificate(self, user_id: int, course_id: int, name: str, language: str,
                                code: str) -> CertificateRow | Problem:
        """One certificate per learner and course, even when two requests race."""
        now = self.clock.now()
        async with self.db.transaction() as tx:
            existing = await tx.progress.certificate(user_id, course_id)
            if existing is not None:
                return existing
            found = await self._enrolled(tx, user_id, course_id)
            if isinstance(found, Problem):
                return found
            if not (await self._progress(tx, user_id, *found)).complete:
                return Problem.locked
            await tx.progress.add_certificate(code, user_id, course_id, name, language,
                                              to_db(now))
            cert = await tx.progress.certificate(user_id, course_id)
        assert cert is not None
        return cert

    async def verify(self, code: str) -> tuple[CertificateRow, CourseView | None] | None:
        async with self.db.read() as tx:
            cert = await tx.progress.certificate_by_code(code)
            if cert is None:
                return None
            row = await tx.courses.get(cert.course_id)
            view = await self.courses.view_of(tx, row) if row else None
            return cert, view


def _index(course: Course, lesson_id: str) -> int | None:
    return next((i for i, les in enumerate(course.lessons) if les.id == lesson_id), None)

