"""Django's Redis cache backend, with one Redis client per connection pool instead of one per cache call.

Django's `RedisCacheClient.get_client()` builds a new `redis.Redis` for every get and set, and its constructor
copies some 170 response callbacks: about 0.2 ms, more than the round trip to Redis itself, paid on every page
served from the page cache (core.pagecache). A `redis.Redis` is safe to share: it borrows a connection from its
pool for each command. Django keeps one cache object per thread, so each thread still has its own clients.
"""

from django.core.cache.backends import redis


class _Client(redis.RedisCacheClient):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._clients = {}

    def get_client(self, key=None, *, write=False):
        pool = self._get_connection_pool(write)
        client = self._clients.get(id(pool))
        if client is None:
            client = self._clients[id(pool)] = self._client(connection_pool=pool)
        return client


class RedisCache(redis.RedisCache):
    def __init__(self, server, params):
        super().__init__(server, params)
        self._class = _Client
