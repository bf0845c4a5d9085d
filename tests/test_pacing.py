"""Per-host pacing, on a fake clock: the schedule is checked, not waited for."""

from __future__ import annotations

import threading

from clean.pacing import HostPacer


class FakeTime:
    def __init__(self) -> None:
        self.now = 0.0
        self.sleeps: list[float] = []

    def clock(self) -> float:
        return self.now

    def sleep(self, seconds: float) -> None:
        self.sleeps.append(seconds)
        self.now += seconds


def run(pacer: HostPacer, time: FakeTime, host: str, duration: float = 0.5) -> float:
    """One request to `host` taking `duration`; returns when it started."""
    with pacer.slot(host):
        start = time.now
        time.now += duration
    return start


def test_requests_to_one_host_are_spaced_from_the_end_of_the_previous() -> None:
    time = FakeTime()
    pacer = HostPacer(2.0, clock=time.clock, sleep=time.sleep)
    starts = [run(pacer, time, "a.org") for _ in range(3)]
    assert starts == [0.0, 2.5, 5.0]


def test_hosts_are_paced_independently() -> None:
    time = FakeTime()
    pacer = HostPacer(2.0, clock=time.clock, sleep=time.sleep)
    run(pacer, time, "a.org")
    assert run(pacer, time, "b.org") == 0.5  # no wait: another host


def test_hold_and_host_delay() -> None:
    time = FakeTime()
    pacer = HostPacer(1.0, clock=time.clock, sleep=time.sleep)
    pacer.hold("a.org", 10.0)
    assert run(pacer, time, "a.org") == 10.0
    pacer.set_delay("a.org", 3.0)
    assert run(pacer, time, "a.org") == 13.5
    pacer.set_delay("b.org", 0.1)  # never shorter than the run's own delay
    assert pacer.delay_for("b.org") == 1.0


def test_one_request_at_a_time_per_host() -> None:
    pacer = HostPacer(0.0)
    active = 0
    most = 0
    guard = threading.Lock()

    def work() -> None:
        nonlocal active, most
        with pacer.slot("a.org"):
            with guard:
                active += 1
                most = max(most, active)
            threading.Event().wait(0.01)
            with guard:
                active -= 1

    threads = [threading.Thread(target=work) for _ in range(6)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=5)
    assert most == 1
