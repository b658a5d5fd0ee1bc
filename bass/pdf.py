"""The one PDF renderer: WeasyPrint over templates under templates/pdf/.

Safety: the renderer fetches nothing but the project's own static files and data: URIs.
Rich text may contain <img src="file:///etc/passwd"> or internal addresses; the URL fetcher
refuses them (no file://, no network, no redirects), so they embed nothing. Each render runs
in a child process with a memory limit and a time limit, so a hostile or huge document
cannot take the worker down.

The child is made with os.fork(), not multiprocessing: multiprocessing refuses to start a
child from a daemonic process, and every process of Celery's prefork pool is one. A plain
fork works the same in the web process, in the embedded (eager) mode and in any pool, and it
costs milliseconds, where a fresh interpreter would pay WeasyPrint's import (1 to 2.5 s on
the development machine) on every render.
"""

import mimetypes
import os
import resource
import select
import signal
import time
from pathlib import Path, PurePosixPath
from urllib.parse import unquote

from django.conf import settings
from django.contrib.staticfiles import finders
from django.contrib.staticfiles.storage import staticfiles_storage
from django.core.exceptions import SuspiciousFileOperation
from django.template.loader import render_to_string
from django.utils import translation
from weasyprint.urls import URLFetcher, URLFetcherResponse

# Templates link static files as {% static %} URLs relative to this made-up origin; the
# fetcher maps it to the project's static files and refuses everything else.
BASE_URL = "https://bass.invalid/"
_STATIC_PREFIX = BASE_URL + settings.STATIC_URL.lstrip("/")

RENDER_SECONDS = 120
RENDER_MEMORY_BYTES = 1536 * 1024 * 1024
# Tagged PDF (structure tree, language, title shown in the window) for screen readers.
# WeasyPrint 70 writes PDF/UA-1 with the DejaVu fonts the project uses; tagging costs about
# a tenth more render time (measured in tests/bench/bench_guides.py).
PDF_VARIANT = "pdf/ua-1"


class PDFRenderError(Exception):
    """The render failed, ran out of time or memory; the message says which, for the user."""


def static_file(name: str) -> Path | None:
    """The project's static file behind ``name`` (the path after STATIC_URL), or None.

    The finders give the files of the project's static folders (what {% static %} names
    with DEBUG on); the staticfiles storage gives the collected files in STATIC_ROOT, which
    with the manifest storage (DEBUG off) carry hashed names such as css/pdf.3f2a9c.css.
    Nothing outside those folders is ever returned.
    """
    name = unquote(name)
    parts = PurePosixPath(name).parts
    if not name or name.startswith("/") or ".." in parts or "\\" in name:
        return None
    found = finders.find(name)
    if found:
        return Path(found)
    try:
        collected = Path(staticfiles_storage.path(name))
    except (NotImplementedError, SuspiciousFileOperation):
        return None
    return collected if collected.is_file() else None


class ProjectOnlyFetcher(URLFetcher):
    def __init__(self):
        super().__init__(allowed_protocols=["data", "https"], allow_redirects=False)

    def fetch(self, url, headers=None):
        if url.startswith("data:"):
            return super().fetch(url, headers)
        if url.startswith(_STATIC_PREFIX):
            found = static_file(url[len(_STATIC_PREFIX) :].split("?")[0].split("#")[0])
            if found:
                content_type = mimetypes.guess_type(found)[0] or "application/octet-stream"
                return URLFetcherResponse(
                    url, found.read_bytes(), headers={"Content-Type": content_type}
                )
        raise ValueError(f"The PDF renderer fetches only the project's static files: {url}")


def _memory_kb(field: str) -> int:
    """A line of /proc/self/status in kB (VmRSS: resident now; VmHWM: its peak), 0 if
    unknown."""
    try:
        with open("/proc/self/status") as status:
            for line in status:
                if line.startswith(field + ":"):
                    return int(line.split()[1])
    except OSError:
        pass
    return 0


def _reset_peak() -> None:
    """Start the peak-resident counter (VmHWM) afresh: a forked child inherits its
    parent's, which would make the render's own peak unknowable."""
    try:
        with open("/proc/self/clear_refs", "w") as clear:
            clear.write("5")
    except OSError:
        pass


def _render_in_child(html: str, out_fd: int, timeout: int) -> None:
    """Runs in the forked child: render, write b"ok <rss kB> <peak kB> <cpu ms>\\n" + PDF or
    b"error\\n" + reason, exit. The numbers are the child's resident memory before the
    render and its peak during it (the render's own growth is their difference) and the CPU
    time the render took (a figure that a busy machine does not inflate).

    Never returns. The CPU limit ends a child whose parent died and can no longer kill it.
    """
    status = 1
    try:
        resource.setrlimit(resource.RLIMIT_AS, (RENDER_MEMORY_BYTES, RENDER_MEMORY_BYTES))
        resource.setrlimit(resource.RLIMIT_CPU, (timeout + 5, timeout + 10))
        try:
            from weasyprint import HTML

            _reset_peak()
            before = _memory_kb("VmRSS")
            url_fetcher = ProjectOnlyFetcher()
            pdf = HTML(string=html, base_url=BASE_URL, url_fetcher=url_fetcher).write_pdf(
                pdf_variant=PDF_VARIANT
            )
            peak = max(_memory_kb("VmHWM"), before)
            usage = resource.getrusage(resource.RUSAGE_SELF)
            cpu_ms = round((usage.ru_utime + usage.ru_stime) * 1000)
            payload = f"ok {before} {peak} {cpu_ms}\n".encode() + pdf
        except MemoryError:
            payload = b"error\nmemory"
        except Exception as error:  # noqa: BLE001 - reported to the parent, which raises
            payload = f"error\n{type(error).__name__}: {error}".encode()
        with os.fdopen(out_fd, "wb") as out:
            out.write(payload)
        status = 0
    finally:
        os._exit(status)  # no atexit handlers: the parent's connections are not ours


def _read_all(fd: int, deadline: float) -> bytes | None:
    """Everything the child writes until it closes the pipe, or None when time runs out."""
    chunks = []
    while True:
        remaining = deadline - time.monotonic()
        if remaining <= 0:
            return None
        ready, _, _ = select.select([fd], [], [], remaining)
        if ready:
            chunk = os.read(fd, 1 << 20)
            if not chunk:
                return b"".join(chunks)
            chunks.append(chunk)


def _reap(pid: int) -> None:
    """Wait a moment for the child to exit, then kill it; never leave a zombie."""
    try:
        for _ in range(20):
            if os.waitpid(pid, os.WNOHANG)[0]:
                return
            time.sleep(0.05)
        os.kill(pid, signal.SIGKILL)
        os.waitpid(pid, 0)
    except ChildProcessError:
        pass  # already reaped


def html_to_pdf(html: str, *, timeout: int = RENDER_SECONDS, stats: dict | None = None) -> bytes:
    """Render HTML to PDF bytes in a child process with time and memory limits.

    ``stats``, if given, receives the child's resident memory before the render and its
    peak during it (``rss_before_kb``, ``peak_kb``) and the CPU time the child used
    (``cpu_ms``), for the benchmark."""
    read_fd, write_fd = os.pipe()
    pid = os.fork()
    if pid == 0:
        os.close(read_fd)
        _render_in_child(html, write_fd, timeout)
    os.close(write_fd)
    try:
        output = _read_all(read_fd, time.monotonic() + timeout)
    finally:
        # Also when the wait is interrupted (a Celery soft time limit): no child outlives it.
        os.close(read_fd)
        _reap(pid)
    if output is None:
        raise PDFRenderError("time")
    status, _, payload = output.partition(b"\n")
    if status.startswith(b"ok"):
        if stats is not None:
            numbers = status.split()[1:]
            stats["rss_before_kb"], stats["peak_kb"], stats["cpu_ms"] = (int(n) for n in numbers)
        return payload
    if status == b"error":
        raise PDFRenderError(payload.decode(errors="replace"))
    raise PDFRenderError("crashed")


def render_pdf(
    template_name: str, context: dict, *, language: str = "da", stats: dict | None = None
) -> bytes:
    """Render a template under templates/pdf/ in ``language`` and return the PDF bytes."""
    with translation.override(language):
        html = render_to_string(template_name, {**context, "LANGUAGE_CODE": language})
    return html_to_pdf(html, stats=stats)
