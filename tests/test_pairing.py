"""The weekly peer pairing, a pure function: rules, fairness, no repeats over many weeks."""

from __future__ import annotations

import random

from bot.community.pairing import Pairing, Person, compatible, key, pair_week

TOPICS = ("web", "data_ai", "design", "mobile", "security", "robotics")


def person(pid: int, lang: str = "tg", region: str = "TJ-DU", *, offline: bool = False,
           interests: tuple[str, ...] = ("web",), minor: bool = False,
           waited: bool = False) -> Person:
    return Person(pid, lang, region, offline, frozenset(interests), minor, waited)


def check_rules(people: list[Person], result: Pairing, past: set[tuple[int, int]]) -> None:
    by_id = {p.id: p for p in people}
    seen: list[int] = []
    for a, b in result.pairs:
        assert a < b
        p, q = by_id[a], by_id[b]
        assert p.language == q.language
        assert p.minor == q.minor
        assert p.interests & q.interests
        if p.wants_offline or q.wants_offline:
            assert p.region == q.region
        assert (a, b) not in past
        seen += [a, b]
    assert len(seen) == len(set(seen)), "someone is in two pairs"
    assert set(seen) | set(result.left_out) == set(by_id)
    assert not set(seen) & set(result.left_out)


def test_same_language_and_age_group_only() -> None:
    people = [person(1, "tg"), person(2, "ru"), person(3, "tg", minor=True),
              person(4, "ru", minor=True)]
    result = pair_week(people, set())
    assert result.pairs == () and result.left_out == (1, 2, 3, 4)
    people += [person(5, "tg"), person(6, "tg", minor=True)]
    result = pair_week(people, set())
    assert set(result.pairs) == {(1, 5), (3, 6)}
    assert result.left_out == (2, 4)


def test_meeting_in_person_needs_the_same_region() -> None:
    a = person(1, region="TJ-SU", offline=True)
    b = person(2, region="TJ-DU")
    c = person(3, region="TJ-SU")
    assert not compatible(a, b, set()) and compatible(a, c, set())
    assert compatible(b, person(4, region="TJ-KT"), set())  # online: any region
    assert not compatible(person(5, region=None, offline=True),
                          person(6, region=None, offline=True), set())
    assert pair_week([a, b, c], set()).pairs == ((1, 3),)


def test_more_shared_interests_are_preferred() -> None:
    people = [person(1, interests=("web", "data_ai", "design")),
              person(2, interests=("robotics",)),
              person(3, interests=("web", "data_ai", "design")),
              person(4, interests=("robotics", "security"))]
    assert pair_week(people, set()).pairs == ((1, 3), (2, 4))


def test_no_one_is_paired_with_someone_from_before() -> None:
    people = [person(i) for i in range(1, 5)]
    past = {(1, 2), (3, 4), (1, 3)}
    result = pair_week(people, past)
    assert result.pairs == ((1, 4), (2, 3))
    assert pair_week(people, past | {(1, 4), (2, 3), (2, 4)}).pairs == ()


def test_the_one_left_out_goes_first_next_week() -> None:
    people = [person(1, interests=("web",)), person(2, interests=("web",)),
              person(3, interests=("data_ai",))]
    first = pair_week(people, set())
    assert first.pairs == ((1, 2),) and first.left_out == (3,)
    # next week 3 waited: she chooses first, and takes the partner she shares most with
    people = [person(1, interests=("data_ai",)), person(2, interests=("web",)),
              person(3, interests=("data_ai",), waited=True), person(4, interests=("data_ai",))]
    second = pair_week(people, set(first.pairs))
    assert 3 not in second.left_out
    assert (1, 3) in second.pairs or (3, 4) in second.pairs


def test_many_weeks_of_a_changing_community() -> None:
    rng = random.Random(11)
    population = []
    for pid in range(1, 61):
        population.append(person(
            pid, rng.choice(("tg", "tg", "ru", "en")),
            rng.choice(("TJ-DU", "TJ-SU", "TJ-KT", None)), offline=rng.random() < 0.3,
            interests=tuple(rng.sample(TOPICS, rng.randint(2, 4))), minor=rng.random() < 0.3))
    past: set[tuple[int, int]] = set()
    waited: set[int] = set()
    paired_weeks = 0
    for _week in range(30):
        opted = [p for p in population if rng.random() < 0.8]  # some opt out for a week
        people = [Person(p.id, p.language, p.region, p.wants_offline, p.interests, p.minor,
                         p.id in waited) for p in opted]
        result = pair_week(people, past)
        check_rules(people, result, past)
        # one who waited is left out again only if each possible partner went to another
        # who waited too (they choose first)
        partner = {a: b for a, b in result.pairs} | {b: a for a, b in result.pairs}
        for p in people:
            if p.waited and p.id in result.left_out:
                for q in people:
                    if compatible(p, q, past):
                        assert q.id not in result.left_out, (p, q)
                        assert q.waited or partner[q.id] in waited, (p, q)
        past |= set(result.pairs)
        waited = set(result.left_out)
        paired_weeks += bool(result.pairs)
    assert paired_weeks >= 25 and len(past) > 200
    assert len(past) == len({key(a, b) for a, b in past})


def test_opting_out_means_not_in_the_input_and_the_result_is_reproducible() -> None:
    people = [person(i, interests=(TOPICS[i % 3],)) for i in range(1, 9)]
    assert pair_week(people, set()) == pair_week(list(reversed(people)), set())
    without = pair_week(people[1:], set())
    assert all(1 not in pair for pair in without.pairs) and 1 not in without.left_out


def test_two_without_an_interest_in_common_are_not_paired() -> None:
    a, b = person(1, interests=("web",)), person(2, interests=("robotics",))
    assert not compatible(a, b, set())
    assert pair_week([a, b], set()) == Pairing((), (1, 2))
    c = person(3, interests=("robotics", "web"))
    assert len(pair_week([a, b, c], set()).pairs) == 1
