"""The slots engine: working hours and opening hours, less closures and bookings."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest

from stores.appointments.slots import (
    Busy,
    GuideCalendar,
    LocalHours,
    ServiceRule,
    StoreCalendar,
    bookable_slots,
    occupied,
)

SHANGHAI = "Asia/Shanghai"
DAY = date(2026, 12, 1)  # a Tuesday
LONG_AGO = datetime(2026, 11, 20, tzinfo=UTC)


def hours(opens: int, closes: int) -> list[LocalHours]:
    return [LocalHours(time(opens), time(closes))]


def every_day(opens: int, closes: int) -> dict[int, list[LocalHours]]:
    return {d: hours(opens, closes) for d in range(7)}


def store(tz: str = SHANGHAI, opens: int = 10, closes: int = 18, **kw: object) -> StoreCalendar:
    return StoreCalendar(timezone=tz, weekly=every_day(opens, closes), **kw)  # type: ignore[arg-type]


def guide(guide_id: int = 1, opens: int = 10, closes: int = 18, **kw: object) -> GuideCalendar:
    return GuideCalendar(guide_id=guide_id, weekly=every_day(opens, closes), **kw)  # type: ignore[arg-type]


def rule(minutes: int = 60, every: int = 30, before: int = 0, after: int = 0) -> ServiceRule:
    return ServiceRule(
        duration=timedelta(minutes=minutes),
        interval=timedelta(minutes=every),
        buffer_before=timedelta(minutes=before),
        buffer_after=timedelta(minutes=after),
    )


def local(day: date, hour: int, minute: int = 0, tz: str = SHANGHAI) -> datetime:
    return datetime.combine(day, time(hour, minute), tzinfo=ZoneInfo(tz)).astimezone(UTC)


def walls(slots: list, tz: str = SHANGHAI) -> list[str]:
    return [s.start.astimezone(ZoneInfo(tz)).strftime("%H:%M") for s in slots]


def booked(start: datetime, r: ServiceRule) -> Busy:
    return Busy(starts_at=start, blocked=occupied(start, rule=r))


def slots_for(
    st: StoreCalendar,
    guides: list[GuideCalendar],
    r: ServiceRule,
    *,
    first: date = DAY,
    last: date = DAY,
    now: datetime = LONG_AGO,
) -> list:
    return bookable_slots(store=st, guides=guides, rule=r, first=first, last=last, now=now)


def test_a_plain_day_in_shanghai() -> None:
    got = slots_for(store(), [guide()], rule())
    assert walls(got) == [f"{h:02d}:{m:02d}" for h in range(10, 17) for m in (0, 30)] + ["17:00"]
    assert got[0].start == datetime(2026, 12, 1, 2, 0, tzinfo=UTC)  # stored in UTC
    assert got[0].end - got[0].start == timedelta(minutes=60)
    assert all(s.guide_ids == (1,) for s in got)


def test_working_hours_intersect_opening_hours() -> None:
    got = slots_for(store(opens=10, closes=18), [guide(opens=12, closes=20)], rule())
    assert walls(got)[0] == "12:00" and walls(got)[-1] == "17:00"


def test_existing_appointments_block_with_both_sides_buffers() -> None:
    existing = rule(minutes=60, after=15)
    busy = [booked(local(DAY, 12), existing)]  # blocks 12:00-13:15
    got = walls(slots_for(store(), [guide(busy=busy)], rule(before=15, after=15)))
    # Set-up before the first appointment needs the guide at work: 10:00 would start at 09:45.
    assert got[0] == "10:30"
    assert "10:30" in got and "11:00" not in got  # 10:45-12:15 would reach into 12:00
    assert "13:00" not in got and "13:30" in got  # 13:15 is when the earlier one is tidied
    assert got[-1] == "16:30"  # tidy-up after 17:00-18:00 would run past the shift


def test_overlapping_services_of_different_lengths() -> None:
    busy = [booked(local(DAY, 10), rule(minutes=90))]  # 10:00-11:30
    short = walls(slots_for(store(), [guide(busy=busy)], rule(minutes=30)))
    assert "11:00" not in short and short[0] == "11:30"
    busy = [booked(local(DAY, 14), rule(minutes=30))]  # 14:00-14:30
    long = walls(slots_for(store(), [guide(busy=busy)], rule(minutes=120)))
    assert "12:00" in long and "12:30" not in long and "13:30" not in long and "14:30" in long


def test_minimum_notice_and_booking_window() -> None:
    now = local(DAY, 11, 10)
    st = store(min_notice=timedelta(hours=2), booking_window=timedelta(days=2))
    got = slots_for(st, [guide()], rule(), first=DAY, last=DAY + timedelta(days=4), now=now)
    assert got[0].start == local(DAY, 13, 30)
    assert got[-1].start == local(DAY + timedelta(days=2), 11, 0)  # now + 2 days
    assert all(s.start >= now + timedelta(hours=2) for s in got)


def test_closures_and_special_hours() -> None:
    tomorrow = DAY + timedelta(days=1)
    st = store(special={DAY: [], tomorrow: hours(14, 16)})
    got = slots_for(st, [guide()], rule(), first=DAY, last=tomorrow)
    assert [s.start for s in got] == [
        local(tomorrow, 14),
        local(tomorrow, 14, 30),
        local(tomorrow, 15),
    ]


def test_leave_and_extra_shifts() -> None:
    tomorrow, after = DAY + timedelta(days=1), DAY + timedelta(days=2)
    g = GuideCalendar(
        guide_id=1,
        weekly={d: hours(10, 14) for d in range(7)},
        leave={DAY: [], tomorrow: [LocalHours(time(11), time(12))]},
        extra={after: hours(14, 18)},
    )
    got = slots_for(store(), [g], rule(), first=DAY, last=after)
    assert not [s for s in got if s.start < local(tomorrow, 0)]  # a day's leave
    assert walls([s for s in got if local(tomorrow, 0) <= s.start < local(after, 0)]) == [
        "10:00",
        "12:00",
        "12:30",
        "13:00",
    ]
    assert walls([s for s in got if s.start >= local(after, 0)])[-1] == "17:00"  # 10-18 joined


def test_any_guide_least_booked_then_round_robin() -> None:
    r = rule()
    busy_one = guide(1, busy=[booked(local(DAY, 16), r)])
    two = guide(2)
    first = slots_for(store(), [busy_one, two], r)[0]
    assert first.guide_ids == (2, 1)  # guide 1 has a booking that day
    recently = datetime(2026, 11, 30, tzinfo=UTC)
    one = guide(1, last_assigned_at=recently)
    two = guide(2, last_assigned_at=recently - timedelta(hours=1))
    assert slots_for(store(), [one, two], r)[0].guide_ids == (2, 1)  # round robin
    assert slots_for(store(), [guide(2), guide(1)], r)[0].guide_ids == (1, 2)  # then by id
    taken = {s.start: s.guide_ids for s in slots_for(store(), [busy_one, guide(2)], r)}
    assert taken[local(DAY, 16)] == (2,)  # only free guides are offered


def test_london_spring_forward_keeps_wall_clock_hours() -> None:
    london = "Europe/London"
    change = date(2026, 3, 29)  # 01:00 GMT becomes 02:00 BST
    got = slots_for(
        store(london, 9, 17),
        [guide(opens=9, closes=17)],
        rule(),
        first=change - timedelta(days=1),
        last=change,
        now=datetime(2026, 3, 20, tzinfo=UTC),
    )
    before = [s for s in got if s.start < datetime(2026, 3, 29, tzinfo=UTC)]
    on = [s for s in got if s.start >= datetime(2026, 3, 29, tzinfo=UTC)]
    assert before[0].start == datetime(2026, 3, 28, 9, 0, tzinfo=UTC)
    assert on[0].start == datetime(2026, 3, 29, 8, 0, tzinfo=UTC)
    assert walls(before, london) == walls(on, london)


def test_new_york_spring_gap_is_skipped_and_durations_are_real_time() -> None:
    ny = "America/New_York"
    change = date(2026, 3, 8)  # 02:00 EST jumps to 03:00 EDT
    st = StoreCalendar(timezone=ny, weekly={6: hours(1, 4)}, min_notice=timedelta(0))
    g = GuideCalendar(guide_id=1, weekly={6: hours(1, 4)})
    now = datetime(2026, 3, 1, tzinfo=UTC)
    got = slots_for(st, [g], rule(), first=change, last=change, now=now)
    # The window is two real hours; 01:30 ends at 03:30 EDT, one hour later.
    assert walls(got, ny) == ["01:00", "01:30", "03:00"]


def test_new_york_autumn_hour_is_offered_twice() -> None:
    ny = "America/New_York"
    change = date(2026, 11, 1)  # 02:00 EDT falls back to 01:00 EST
    st = StoreCalendar(timezone=ny, weekly={6: hours(0, 3)}, min_notice=timedelta(0))
    g = GuideCalendar(guide_id=1, weekly={6: hours(0, 3)})
    now = datetime(2026, 10, 25, tzinfo=UTC)
    got = slots_for(st, [g], rule(every=60), first=change, last=change, now=now)
    assert [s.start.hour for s in got] == [4, 5, 6, 7]  # UTC: four real hours
    assert walls(got, ny) == ["00:00", "01:00", "01:00", "02:00"]


def test_shanghai_days_cross_utc_midnight() -> None:
    st = store(opens=7, closes=9)
    got = slots_for(st, [guide(opens=7, closes=9)], rule(every=60))
    assert [s.start for s in got] == [
        datetime(2026, 11, 30, 23, 0, tzinfo=UTC),  # 07:00 on Dec 1 in Shanghai
        datetime(2026, 12, 1, 0, 0, tzinfo=UTC),
    ]


def test_a_service_needs_a_duration_and_an_interval() -> None:
    with pytest.raises(ValueError):
        slots_for(store(), [guide()], rule(minutes=0))
