"""The world most training tests start from (``setup.World``): service day 2020-06-01, the firm
has commissioned the provider. A module that needs more (or less) defines its own ``world``."""

from __future__ import annotations

import pytest

from tests.factories import service_day
from tests.training.setup import World, commission


@pytest.fixture
def world(settings, tmp_path):
    service_day(settings, "2020-06-01", tmp_path)
    w = World()
    commission(w)
    return w
