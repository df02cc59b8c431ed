"""Unit tests of mentor ranking."""

from __future__ import annotations

from bot.services.matching import MentorInfo, Need, rank


def mentor(uid: int, **kw: object) -> MentorInfo:
    values: dict[str, object] = {"languages": frozenset({"ru", "tg"}),
                                 "expertise": frozenset({"web"}), "format": "both",
                                 "region": "TJ-DU", "capacity": 2, "load": 0,
                                 "has_open_offer": False}
    values.update(kw)
    return MentorInfo(uid, **values)  # type: ignore[arg-type]


NEED = Need(topic="web", language="ru", format="online", region="TJ-SU")


def ids(ranked: list[MentorInfo]) -> list[int]:
    return [m.user_id for m in ranked]


def test_a_shared_language_is_required() -> None:
    assert ids(rank(NEED, [mentor(1, languages=frozenset({"en"})), mentor(2)])) == [2]


def test_capacity_is_respected() -> None:
    assert ids(rank(NEED, [mentor(1, capacity=1, load=1), mentor(2, capacity=3, load=2)])) == [2]


def test_a_mentor_holds_one_open_offer_and_is_tried_once_per_request() -> None:
    need = Need("web", "ru", "online", None, tried=frozenset({3}))
    assert ids(rank(need, [mentor(1, has_open_offer=True), mentor(2), mentor(3)])) == [2]


def test_the_format_must_fit() -> None:
    offline = Need("web", "ru", "offline", "TJ-SU")
    assert ids(rank(offline, [mentor(1, format="online"), mentor(2, format="offline")])) == [2]
    assert ids(rank(NEED, [mentor(1, format="offline"), mentor(2, format="online")])) == [2]


def test_topic_overlap_ranks_first() -> None:
    assert ids(rank(NEED, [mentor(1, expertise=frozenset({"design"})), mentor(2)])) == [2, 1]


def test_the_same_region_is_preferred_for_in_person() -> None:
    offline = Need("web", "ru", "offline", "TJ-SU")
    near, far = mentor(1, region="TJ-SU"), mentor(2, region="TJ-DU")
    assert ids(rank(offline, [far, near])) == [1, 2]
    assert ids(rank(NEED, [far, near])) == [1, 2]  # online: region does not matter (id order)


def test_lower_load_ranks_higher() -> None:
    assert ids(rank(NEED, [mentor(1, capacity=4, load=3), mentor(2, capacity=4, load=1)])) == [
        2, 1]


def test_responsive_mentors_rank_higher() -> None:
    slow = mentor(1, answered=1, expired=3)
    quick = mentor(2, answered=4, expired=0)
    assert ids(rank(NEED, [slow, quick])) == [2, 1]


def test_equals_share_fairly_by_who_waited_longest() -> None:
    recent = mentor(1, last_offered_at="2026-09-03T10:00:00Z")
    earlier = mentor(2, last_offered_at="2026-09-01T10:00:00Z")
    never = mentor(3)
    assert ids(rank(NEED, [recent, earlier, never])) == [3, 2, 1]


def test_three_equal_mentors_and_three_requests_get_one_offer_each() -> None:
    mentors = {uid: mentor(uid) for uid in (1, 2, 3)}
    offered = []
    for _ in range(3):
        best = rank(NEED, list(mentors.values()))[0]
        offered.append(best.user_id)
        mentors[best.user_id] = mentor(best.user_id, has_open_offer=True)
    assert sorted(offered) == [1, 2, 3]
