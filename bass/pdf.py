"""The one PDF renderer: WeasyPrint over templates under templates/pdf/.

Safety: the renderer fetches nothing but the project's own static files and data: URIs.
Rich text may contain <img src="file:///etc/passwd"> or internal addresses; the URL fetcher
refuses them (no file://, no network, no redirects), so they embed nothing. Each render runs
in a forked child process with a memory limit and a time limit, so a hostile or huge
document cannot take the worker down.
"""

import mimetypes
import multiprocessing
import resource
from pathlib import Path

from django.conf import settings
from django.contrib.staticfiles import finders
from django.template.loader import render_to_string
from django.utils import translation
from weasyprint.urls import URLFetcher, URLFetcherResponse

# Templates link static files as {% static %} URLs relative to this made-up origin; the
# fetcher maps it to files found by Django's static finders and refuses everything else.
BASE_URL = "https://bass.invalid/"
_STATIC_PREFIX = BASE_URL + settings.STATIC_URL.lstrip("/")

RENDER_SECONDS = 120
RENDER_MEMORY_BYTES = 1536 * 1024 * 1024


class PDFRenderError(Exception):
    """The render failed, ran out of time or memory; the message says which, for the user."""


class ProjectOnlyFetcher(URLFetcher):
    def __init__(self):
        super().__init__(allowed_protocols=["data", "https"], allow_redirects=False)

    def fetch(self, url, headers=None):
        if url.startswith("data:"):
            return super().fetch(url, headers)
        if url.startswith(_STATIC_PREFIX):
            relative = url[len(_STATIC_PREFIX) :].split("?")[0].split("#")[0]
            found = finders.find(relative) if ".." not in relative else None
            if found:
                content_type = mimetypes.guess_type(found)[0] or "application/octet-stream"
                return URLFetcherResponse(
                    url, Path(found).read_bytes(), headers={"Content-Type": content_type}
                )
        raise ValueError(f"The PDF renderer fetches only the project's static files: {url}")


def _render_in_child(html: str, connection) -> None:
    try:
        resource.setrlimit(resource.RLIMIT_AS, (RENDER_MEMORY_BYTES, RENDER_MEMORY_BYTES))
        from weasyprint import HTML

        pdf = HTML(string=html, base_url=BASE_URL, url_fetcher=ProjectOnlyFetcher()).write_pdf()
        connection.send(("ok", pdf))
    except MemoryError:
        connection.send(("error", "memory"))
    except Exception as error:  # noqa: BLE001 - reported to the parent, which raises
        connection.send(("error", f"{type(error).__name__}: {error}"))
    finally:
        connection.close()


def html_to_pdf(html: str, *, timeout: int = RENDER_SECONDS) -> bytes:
    """Render HTML to PDF bytes in a child process with time and memory limits."""
    context = multiprocessing.get_context("fork")
    receiver, sender = context.Pipe(duplex=False)
    child = context.Process(target=_render_in_child, args=(html, sender), daemon=True)
    child.start()
    sender.close()
    try:
        if not receiver.poll(timeout):
            child.kill()
            raise PDFRenderError("time")
        status, payload = receiver.recv()
    except EOFError:
        raise PDFRenderError("crashed") from None
    finally:
        child.join(5)
        if child.is_alive():
            child.kill()
        receiver.close()
    if status != "ok":
        raise PDFRenderError(payload)
    return payload


def render_pdf(template_name: str, context: dict, *, language: str = "da") -> bytes:
    """Render a template under templates/pdf/ in ``language`` and return the PDF bytes."""
    with translation.override(language):
        html = render_to_string(template_name, {**context, "LANGUAGE_CODE": language})
    return html_to_pdf(html)
