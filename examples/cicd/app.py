"""The tutorial's Flask + Redis counter, with the endpoints a pipeline needs.

`/` counts visits in Redis (as in the tutorial), `/health` answers 200 when Redis answers (the
health check of compose and of the swarm), `/version` names the release (the commit id the
image was built from, passed as the APP_VERSION build argument).
"""

import os
import time

import redis
from flask import Flask

app = Flask(__name__)
cache = redis.Redis(host=os.environ.get("REDIS_HOST", "redis"), port=6379)


def get_hit_count():
    retries = 5
    while True:
        try:
            return cache.incr("hits")
        except redis.exceptions.ConnectionError as exc:
            if retries == 0:
                raise exc
            retries -= 1
            time.sleep(0.5)


@app.route("/")
def hello():
    count = get_hit_count()
    return f"Hello World! I have been seen {count} times.\n"


@app.route("/health")
def health():
    try:
        cache.ping()
    except redis.exceptions.RedisError as exc:
        return f"redis: {exc}\n", 503
    return "ok\n"


@app.route("/version")
def version():
    return os.environ.get("APP_VERSION", "dev") + "\n"


if __name__ == "__main__":
    app.run(host="0.0.0.0", port=5000)
