"""The product as a region's IT department deploys it (docker-compose.yml, README): gunicorn
with DEBUG off over collected static files with the manifest storage, the documented Celery
worker (prefork) and beat, PostgreSQL and Redis. A person logs in over HTTP, asks for a
specialty miniguide and the programme miniguide, waits, downloads them and gets styled,
complete PDFs.
"""

import json
import re
import secrets
import subprocess
import sys
import time

import pytest

from tests.deploy.processes import (
    README,
    ROOT,
    SKIP_REASON,
    Browser,
    Processes,
    argv,
    compose_command,
    create_database,
    drop_database,
    free_port,
    on_postgres_and_redis,
    production_env,
    query,
)

pytestmark = pytest.mark.skipif(not on_postgres_and_redis(), reason=SKIP_REASON)

PASSWORD = "BASS-demo-2026!"
EXPORT_SECONDS = 60


def pdf_text(pdf: bytes) -> str:
    return subprocess.run(
        ["pdftotext", "-layout", "-", "-"], input=pdf, capture_output=True, check=True
    ).stdout.decode()


def pdf_fonts(pdf: bytes) -> str:
    return subprocess.run(
        ["pdffonts", "-"], input=pdf, capture_output=True, check=True
    ).stdout.decode()


def assert_styled_and_complete(pdf: bytes, title: str, headings: list[str]) -> None:
    assert pdf.startswith(b"%PDF-") and pdf.rstrip().endswith(b"%%EOF")
    fonts = pdf_fonts(pdf)
    # css/pdf.css sets DejaVu Sans; without the stylesheet WeasyPrint uses a serif face.
    assert "DejaVu-Sans" in fonts and "Serif" not in fonts, fonts
    pages = pdf_text(pdf).split("\f")
    assert len(pages) >= 3
    # The running header (the guide's title) and "page / pages" come from @page rules only.
    assert re.search(rf"2\s*/\s*{len(pages) - 1}\b", pages[1]), pages[1][-300:]
    assert title in pages[1]
    text = "\n".join(pages)
    for heading in headings:
        assert heading in text, heading


@pytest.fixture
def deployment(tmp_path):
    """Database, static files, and the web, worker and beat processes of the compose file."""
    import os

    name = f"bass_deploy_{secrets.token_hex(4)}"
    database_url = create_database(os.environ["DATABASE_URL"], name)
    port = free_port()
    env = production_env(tmp_path, database_url, os.environ["REDIS_URL"])
    processes = Processes(tmp_path, env)
    python = sys.executable
    manage = str(ROOT / "manage.py")
    try:
        # The image's build step and the web service's start, two at a time.
        migrate = processes.start("migrate", [python, manage, "migrate", "--noinput", "-v0"])
        processes.run("collectstatic", [python, manage, "collectstatic", "--noinput", "-v0"])
        assert migrate.wait(120) == 0, processes.log("migrate")
        processes.started.pop("migrate")
        processes.run("rebuild_permissions", [python, manage, "rebuild_permissions"])
        web = compose_command("web")
        worker = compose_command("worker")
        beat = compose_command("beat")
        processes.start("web", argv(web, {"0.0.0.0:8000": f"127.0.0.1:{port}"}))
        processes.start("worker", argv(worker))
        processes.start("beat", argv(beat, {"/tmp/celerybeat-schedule": "celerybeat-schedule"}))
        processes.run("load_demo", [python, manage, "load_demo"])
        browser = Browser(f"http://127.0.0.1:{port}")
        browser.downloads = tmp_path
        yield {
            "browser": browser,
            "database_url": database_url,
            "processes": processes,
            "static_root": tmp_path / "static",
            "commands": (web, worker, beat),
        }
    finally:
        processes.stop_all()
        drop_database(os.environ["DATABASE_URL"], name)
        print(processes.logs())  # shown when the test fails


def _request_and_download(browser: Browser, kind: str, pk: int, logs) -> bytes:
    page = f"/eksport/{kind}/{pk}/"
    status, url, _body = browser.post_form(page, f"{page}ny/", {"language": "da"})
    assert status == 200 and re.search(r"/eksport/fil/\d+/$", url), (status, url)
    export = url.rstrip("/").rsplit("/", 1)[-1]
    deadline = time.monotonic() + EXPORT_SECONDS
    while time.monotonic() < deadline:
        # What the status panel's htmx polling asks for.
        _status, _url, panel = browser.get(f"/eksport/fil/{export}/", **{"HX-Request": "true"})
        assert b"eksport-fejl" not in panel, panel.decode()
        if b'id="hent-pdf"' in panel:
            break
        time.sleep(0.5)
    else:
        raise AssertionError(f"{kind} export {export} not done in {EXPORT_SECONDS} s\n{logs()}")
    status, _url, pdf = browser.get(f"/eksport/fil/{export}/hent/")
    assert status == 200
    (browser.downloads / f"{kind}.pdf").write_bytes(pdf)  # kept with the test's files
    return pdf


def test_the_deployed_shape_makes_styled_complete_miniguides(deployment):
    browser = deployment["browser"]
    processes = deployment["processes"]
    web, worker, beat = deployment["commands"]
    # The commands run here are the documented ones.
    assert "--workers" in web and worker == "celery -A bass worker --loglevel=info"
    assert worker in README and beat.split(" --schedule")[0] in README

    browser.wait_until_up("/log-ind/", timeout=40)
    status, url, home = browser.post_form(
        "/log-ind/", "/log-ind/", {"username": "styregruppe", "password": PASSWORD}
    )
    assert status == 200 and "/log-ind/" not in url, url

    # With DEBUG off the pages link the hashed stylesheet, and WhiteNoise serves it.
    manifest = json.loads((deployment["static_root"] / "staticfiles.json").read_text())
    hashed = manifest["paths"]["css/pdf.css"]
    assert hashed != "css/pdf.css"
    assert browser.get(f"/static/{hashed}")[0] == 200

    [(specialty_pk, specialty_name)] = query(
        deployment["database_url"],
        "SELECT id, name FROM specialties_specialty WHERE slug = 'kardiologi'",
    )
    [(programme_pk, programme_name)] = query(
        deployment["database_url"], "SELECT id, name FROM bass_programme"
    )
    specialty_pdf = _request_and_download(
        browser, "specialty_miniguide", specialty_pk, processes.logs
    )
    programme_pdf = _request_and_download(
        browser, "programme_miniguide", programme_pk, processes.logs
    )
    assert_styled_and_complete(
        specialty_pdf,
        specialty_name,
        ["Indholdsfortegnelse", "Styrkepositioner", "Populationsansvar", "Roller og ansvar"],
    )
    assert_styled_and_complete(
        programme_pdf,
        programme_name,
        ["Indholdsfortegnelse", "Styrkepositioner pr. sygehus", specialty_name],
    )
    # Made by the prefork worker, once each, and beat runs beside it.
    rows = query(deployment["database_url"], "SELECT status, attempts FROM bass_export ORDER BY id")
    assert rows == [("done", 1), ("done", 1)]
    assert "(prefork)" in processes.log("worker")
    assert "ForkPoolWorker" in processes.log("worker")
    assert processes.started["beat"].poll() is None, processes.log("beat")
