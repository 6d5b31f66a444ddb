"""The Redis cache backend of settings.redis_cache(): django-redis, failing open, with a circuit
breaker. When Redis does not answer, the first request to notice it waits for the socket's
timeout once; every request of the next RETRY_AFTER seconds then skips Redis at once (a read
misses, a write is lost), as if it had failed, and the first request after that tries again. An
outage is logged in one line when it starts and one when it ends, never a traceback a request:
django-redis's own logging of ignored errors is off."""

import logging
import threading
import time

from django_redis.cache import RedisCache
from django_redis.exceptions import ConnectionInterrupted
from redis import ConnectionError as RedisConnectionError

logger = logging.getLogger("portal.cache")


class Breaker:
    """The state of one Redis server as this process sees it, shared by its threads."""

    def __init__(self, server, retry_after):
        self.server = server
        self.retry_after = retry_after
        self.closed_at = 0.0  # time.monotonic() before which Redis is not asked.
        self.down = False
        self.lock = threading.Lock()

    def allows(self):
        return time.monotonic() >= self.closed_at

    def failed(self, error):
        with self.lock:
            self.closed_at = time.monotonic() + self.retry_after
            if not self.down:
                self.down = True
                logger.error(
                    "Redis at %s does not answer (%s): pages are made without the cache, and "
                    "Redis is asked again every %s seconds.",
                    self.server,
                    error,
                    self.retry_after,
                )

    def answered(self):
        if self.down:
            with self.lock:
                if self.down:
                    self.down = False
                    logger.warning("Redis at %s answers again.", self.server)


breakers = {}
breakers_lock = threading.Lock()


def breaker_of(server, retry_after):
    with breakers_lock:
        return breakers.setdefault((server, retry_after), Breaker(server, retry_after))


class GuardedClient:
    """django-redis's client, each call of which goes through the breaker. get_client() is left
    alone: /healthz asks Redis itself, whatever the breaker says."""

    def __init__(self, client, breaker):
        self._client = client
        self._breaker = breaker

    def __getattr__(self, name):
        attribute = getattr(self._client, name)
        if name == "get_client" or not callable(attribute):
            return attribute

        def guarded(*args, **kwargs):
            if not self._breaker.allows():
                skipped = RedisConnectionError("skipped while Redis is down")
                raise ConnectionInterrupted(connection=None) from skipped
            try:
                result = attribute(*args, **kwargs)
            except ConnectionInterrupted as error:
                self._breaker.failed(error)
                raise
            self._breaker.answered()
            return result

        return guarded


class CircuitBreakingRedisCache(RedisCache):
    def __init__(self, server, params):
        super().__init__(server, params)
        retry_after = params.get("OPTIONS", {}).get("RETRY_AFTER_SECONDS", 5)
        self._breaker = breaker_of(server, retry_after)
        self._log_ignored_exceptions = False

    @property
    def client(self):
        if self._client is None:
            self._client = GuardedClient(
                self._client_cls(self._server, self._params, self), self._breaker
            )
        return self._client
