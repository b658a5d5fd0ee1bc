"""Settings of the worker in tests/deploy/test_worker_loss.py: the product's settings plus
one export kind whose first attempt hangs, so that a test can kill its worker mid-render."""

from bass.settings import *  # noqa: F403

CELERY_IMPORTS = ["tests.deploy.slow_kind"]
