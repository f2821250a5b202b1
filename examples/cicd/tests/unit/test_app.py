"""Unit tests: the application with a stand-in for Redis (no network)."""

import redis
import pytest

import app as counter


class FakeRedis:
    """Counts in memory; fails the first `failures` calls as an unreachable Redis would."""

    def __init__(self, failures=0):
        self.hits = 0
        self.failures = failures
        self.calls = 0

    def incr(self, key):
        assert key == "hits"
        self.calls += 1
        if self.failures > 0:
            self.failures -= 1
            raise redis.exceptions.ConnectionError("connection refused")
        self.hits += 1
        return self.hits

    def ping(self):
        if self.failures > 0:
            raise redis.exceptions.ConnectionError("connection refused")
        return True


@pytest.fixture
def client(monkeypatch):
    fake = FakeRedis()
    monkeypatch.setattr(counter, "cache", fake)
    monkeypatch.setattr(counter.time, "sleep", lambda _: None)
    return counter.app.test_client(), fake


def test_each_visit_counts(client):
    http, _ = client
    assert http.get("/").get_data(as_text=True) == "Hello World! I have been seen 1 times.\n"
    assert http.get("/").get_data(as_text=True) == "Hello World! I have been seen 2 times.\n"


def test_a_redis_that_comes_up_late_is_retried(monkeypatch):
    fake = FakeRedis(failures=3)
    monkeypatch.setattr(counter, "cache", fake)
    monkeypatch.setattr(counter.time, "sleep", lambda _: None)
    assert counter.get_hit_count() == 1
    assert fake.calls == 4


def test_a_redis_that_stays_down_is_an_error(monkeypatch):
    monkeypatch.setattr(counter, "cache", FakeRedis(failures=100))
    monkeypatch.setattr(counter.time, "sleep", lambda _: None)
    with pytest.raises(redis.exceptions.ConnectionError):
        counter.get_hit_count()


def test_health_follows_redis(monkeypatch):
    monkeypatch.setattr(counter, "cache", FakeRedis())
    assert counter.app.test_client().get("/health").status_code == 200
    monkeypatch.setattr(counter, "cache", FakeRedis(failures=1))
    assert counter.app.test_client().get("/health").status_code == 503


def test_version_names_the_build(monkeypatch):
    monkeypatch.setenv("APP_VERSION", "0123abcd")
    assert counter.app.test_client().get("/version").get_data(as_text=True) == "0123abcd\n"
