"""Django's Redis cache backend, with one client object per connection pool instead of per call.

Django's client builds a new `redis.Redis` for every cache operation; with redis-py 8 that
object fills a table of some 170 response callbacks each time, which was a third of the time a
cached page took to serve (bench/README.md). The client is thread-safe and holds no state of
its own beyond its pool, so one per pool is kept and reused. Everything else is Django's.
"""

from django.core.cache.backends.redis import RedisCache as DjangoRedisCache
from django.core.cache.backends.redis import RedisCacheClient as DjangoRedisCacheClient


class RedisCacheClient(DjangoRedisCacheClient):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._clients = {}

    def get_client(self, key=None, *, write=False):
        pool = self._get_connection_pool(write)
        client = self._clients.get(id(pool))
        if client is None:
            client = self._clients[id(pool)] = self._client(connection_pool=pool)
        return client


class RedisCache(DjangoRedisCache):
    def __init__(self, server, params):
        super().__init__(server, params)
        self._class = RedisCacheClient
