"""core.cache.RedisCache: Django's Redis backend, with one client per connection pool (against the local Redis)."""

import socket
import uuid

import pytest

from core.cache import RedisCache


@pytest.fixture
def redis_url():
    try:
        socket.create_connection(("127.0.0.1", 6379), timeout=1).close()
    except OSError:
        pytest.skip("no Redis on 127.0.0.1:6379")
    return "redis://127.0.0.1:6379/14"


def test_stores_and_reads_like_djangos_backend_with_one_client(redis_url):
    cache = RedisCache(redis_url, {"KEY_PREFIX": uuid.uuid4().hex})
    cache.set("side", (b"<html>", 200, {"Cache-Control": "public"}), 30)
    assert cache.get_many(["side", "mangler"]) == {"side": (b"<html>", 200, {"Cache-Control": "public"})}
    assert cache._cache.get_client() is cache._cache.get_client(write=True)
    cache.delete("side")
    assert cache.get("side") is None
