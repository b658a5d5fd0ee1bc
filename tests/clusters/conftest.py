from types import SimpleNamespace

import pytest

from tests.clusters.cluster_world import cluster_world


@pytest.fixture
def cw(world):
    """The cluster world: ``cw.world`` plus sides ``cw.a`` and ``cw.b``."""
    sides = cluster_world(world)
    return SimpleNamespace(world=world, a=sides["A"], b=sides["B"])


@pytest.fixture(autouse=True)
def _media_in_tmp(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
