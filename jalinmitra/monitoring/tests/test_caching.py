"""The cycle collector is paused while a large cached value is computed, and always resumed."""

import gc

import pytest

from jalinmitra.monitoring import caching


@pytest.fixture
def collector_on():
    was = gc.isenabled()
    gc.enable()
    yield
    if not was:
        gc.disable()


@pytest.mark.django_db
def test_compute_runs_with_the_collector_paused_and_resumed_after(collector_on):
    seen = []

    def compute():
        seen.append(gc.isenabled())
        return {"rows": [(1, 2)]}

    assert caching.stamped("test:paused", "s1", compute, 60) == {"rows": [(1, 2)]}
    assert seen == [False]
    assert gc.isenabled()
    # Kept: read back without computing, the collector on again after.
    assert caching.stamped("test:paused", "s1", lambda: pytest.fail("computed again"), 60)
    assert gc.isenabled()


@pytest.mark.django_db
def test_the_collector_is_resumed_when_the_compute_fails(collector_on):
    def compute():
        raise ValueError("boom")

    with pytest.raises(ValueError):
        caching.stamped("test:fails", "s1", compute, 60)
    assert gc.isenabled()


def test_a_pause_inside_a_pause_leaves_it_paused_until_the_outer_one_ends(collector_on):
    with caching.collector_paused():
        with caching.collector_paused():
            assert not gc.isenabled()
        assert not gc.isenabled()
    assert gc.isenabled()


def test_a_collector_already_off_is_left_off(collector_on):
    gc.disable()
    with caching.collector_paused():
        pass
    assert not gc.isenabled()
    gc.enable()
