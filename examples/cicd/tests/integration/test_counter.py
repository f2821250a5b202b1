"""Integration tests: the running application and its Redis (`up --wait` started them)."""

import os
import urllib.request

import redis

WEB_URL = os.environ.get("WEB_URL", "http://web:5000")
REDIS_HOST = os.environ.get("REDIS_HOST", "redis")


def get(path):
    with urllib.request.urlopen(WEB_URL + path, timeout=10) as response:
        return response.status, response.read().decode()


def count(body):
    # "Hello World! I have been seen N times."
    return int(body.split("seen ")[1].split(" ")[0])


def test_redis_answers():
    assert redis.Redis(host=REDIS_HOST, port=6379).ping()


def test_each_visit_is_counted_in_redis():
    store = redis.Redis(host=REDIS_HOST, port=6379)
    _, first = get("/")
    _, second = get("/")
    assert count(second) == count(first) + 1
    assert int(store.get("hits")) == count(second)


def test_health_and_version():
    status, body = get("/health")
    assert (status, body) == (200, "ok\n")
    status, body = get("/version")
    assert (status, body.strip()) == (200, os.environ.get("EXPECTED_VERSION", "dev"))
