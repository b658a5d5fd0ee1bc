"""Benchmark of the read API's measures list at full scale (300 measures x 60 points).

Registered in tests/bench/run.py (``api_pages``): the steering group's client also sends a
personal access token, so the API pages are timed in turns with the other pages and
divided by the same floor. Alone, on a throw-away database built at full scale:

    .venv/bin/python -m tests.bench.bench_api --repeat 20
"""

import argparse
import datetime
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))


def api_pages(client) -> dict[str, str]:
    """Give ``client``'s user a token, send it with every request, and name the API pages."""
    from api.models import AccessToken

    user = client.get("/sygehuse/").wsgi_request.user
    _token, raw = AccessToken.issue(user, "benchmark", datetime.date(2100, 1, 1))
    client.defaults["HTTP_AUTHORIZATION"] = f"Bearer {raw}"
    return {
        "API: measures, 100 a page": "/api/v1/measures/",
        "API: measures, 500 a page": "/api/v1/measures/?page_size=500",
    }


def main() -> None:
    from tests.bench import run  # sets Django up

    parser = argparse.ArgumentParser()
    parser.add_argument("--repeat", type=int, default=20)
    args = parser.parse_args()
    from django.conf import settings
    from django.db import connection
    from django.test.utils import setup_test_environment

    setup_test_environment()
    settings.ALLOWED_HOSTS = ["testserver"]
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    old_name = connection.creation.create_test_db(verbosity=0, autoclobber=True)
    try:
        run.build_full_scale()
        run.page_report(f"API at full scale, {args.repeat} requests each", args.repeat, "API")
    finally:
        connection.creation.destroy_test_db(old_name, verbosity=0)


if __name__ == "__main__":
    main()
