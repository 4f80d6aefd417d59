"""Lease settings of distributed workers come from the one settings object."""

from __future__ import annotations

import pytest

from piwatch.config import RedisSettings
from piwatch.crawlers.distributed import DistributedOptions
from piwatch.errors import PiwatchError


def test_lease_and_heartbeat_come_from_settings() -> None:
    redis = RedisSettings(lease_ttl_seconds=120, heartbeat_seconds=10)
    options = DistributedOptions.from_settings(redis, run_id="20261129", worker_id="w1")
    assert (options.lease_ttl, options.heartbeat) == (120, 10)


def test_heartbeat_not_shorter_than_the_lease_is_refused() -> None:
    redis = RedisSettings(lease_ttl_seconds=5, heartbeat_seconds=5)
    with pytest.raises(PiwatchError, match=r"heartbeat_seconds .* must be shorter"):
        DistributedOptions.from_settings(redis, run_id="20261129")
