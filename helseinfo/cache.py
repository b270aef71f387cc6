"""The shared cache, which the site can do without: an unreachable Redis is a cache miss, not an error."""

import logging
import time

from django.core.cache.backends.base import DEFAULT_TIMEOUT
from django.core.cache.backends.redis import RedisCache, RedisCacheClient
from redis import exceptions

logger = logging.getLogger(__name__)
UNREACHABLE = (exceptions.ConnectionError, exceptions.TimeoutError)


class KeptClients(RedisCacheClient):
    """Django's Redis client, keeping its redis.Redis object per connection pool. Django makes a new
    one for every cache call, and redis-py fills in some 170 response callbacks for each: more time
    than the round trip to Redis, several times a page. (Django keeps a backend per thread, and a
    redis.Redis object could be shared anyway: each command takes a connection from the pool.)"""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._clients = {}

    def get_client(self, key=None, *, write=False):
        pool = self._get_connection_pool(write)
        client = self._clients.get(id(pool))
        if client is None:
            client = self._clients[id(pool)] = self._client(connection_pool=pool)
        return client


class ResilientRedisCache(RedisCache):
    """Django's Redis cache, answering as an empty cache while Redis cannot be reached.

    Reads miss, writes are dropped, and pages are computed from the database. After a failure the
    process leaves Redis alone for RETRY_AFTER seconds, so a hung server costs one socket timeout
    rather than one per cache call, and it logs the outage at most once per LOG_INTERVAL. Redis is
    used again as soon as it answers: no restart is needed.
    """

    RETRY_AFTER = 5
    LOG_INTERVAL = 60

    # Per process, shared by every thread's instance of the backend.
    down_until = 0.0
    next_log = 0.0

    def __init__(self, server, params):
        super().__init__(server, params)
        self._class = KeptClients

    def _try(self, fallback, operation, *args):
        if time.monotonic() < ResilientRedisCache.down_until:
            return fallback
        try:
            return operation(*args)
        except UNREACHABLE as error:
            now = time.monotonic()
            ResilientRedisCache.down_until = now + self.RETRY_AFTER
            if now >= ResilientRedisCache.next_log:
                ResilientRedisCache.next_log = now + self.LOG_INTERVAL
                logger.error("Redis cache unreachable, serving without cache: %s", error)
            return fallback

    def add(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        return self._try(False, super().add, key, value, timeout, version)

    def get(self, key, default=None, version=None):
        return self._try(default, super().get, key, default, version)

    def set(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        self._try(None, super().set, key, value, timeout, version)

    def touch(self, key, timeout=DEFAULT_TIMEOUT, version=None):
        return self._try(False, super().touch, key, timeout, version)

    def delete(self, key, version=None):
        return self._try(False, super().delete, key, version)

    def get_many(self, keys, version=None):
        return self._try({}, super().get_many, keys, version)

    def has_key(self, key, version=None):
        return self._try(False, super().has_key, key, version)

    def incr(self, key, delta=1, version=None):
        # A missing key raises ValueError in every Django cache; with Redis away every key is missing.
        found = self._try(None, super().incr, key, delta, version)
        if found is None:
            raise ValueError(f"Key '{key}' not found.")
        return found

    def set_many(self, data, timeout=DEFAULT_TIMEOUT, version=None):
        return self._try(list(data), super().set_many, data, timeout, version)

    def delete_many(self, keys, version=None):
        self._try(None, super().delete_many, keys, version)

    def clear(self):
        return self._try(False, super().clear)
