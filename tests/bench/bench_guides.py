"""Benchmark of the printed guides: render time and the render's own peak memory.

Called by tests/bench/run.py (``pdf_report``) on the database it built. For the specialty
guide, the programme guide and a project report: the median of several renders (reading
the data plus the WeasyPrint layout, which runs in a forked child), the number of pages,
and the child's memory: its resident size when the fork starts and the peak during the
render (/proc/self/status VmHWM after clearing the inherited peak), so the growth is the
render's own and not the size of the parent at the fork (RUSAGE_CHILDREN reports the
largest child's peak *including* what it shared with the parent).

The child's CPU time is printed too: on a shared machine the wall time grows with the load
average, the CPU time does not.

Then the time to answer a second request for the programme guide when nothing changed:
the export already made is served (bass.exports.cached_export).

Goals (issue "miniguides fit to hand out"): specialty guide median at most 1.5 s,
programme guide at most 3 s, the render's own peak at most 300 MB.
"""

import os
import statistics
import subprocess
import time

GOALS_MS = {"specialty_miniguide": 1500, "programme_miniguide": 3000}
GOAL_GROWTH_MB = 300


def _pages(pdf: bytes) -> int:
    info = subprocess.run(["pdfinfo", "-"], input=pdf, capture_output=True, check=True)
    line = next(x for x in info.stdout.decode().splitlines() if x.startswith("Pages:"))
    return int(line.split()[1])


def add_guide_content() -> int:
    """In a database without any ambition (the full scale), give every specialty an approved
    strategic ambition and a professional draft, as the region will have them, so that the
    programme guide prints a spread per specialty. Returns how many specialties got one."""
    from django.utils import timezone

    from bass.history import acting_as, system_user
    from specialties.models import Ambition, Specialty

    text = (
        "<p>Specialet samles i to stærke faglige miljøer, som sammen har ansvaret for alle "
        "patienter i regionen. Behandlingen skal være ens og af høj kvalitet, uanset hvor "
        "patienten bor.</p><ul><li>Fælles retningslinjer</li><li>Behandlingsansvar på "
        "distancen</li><li>Rekruttering gennem stærke faglige fællesskaber</li></ul>"
    )
    if Ambition.objects.exists():
        return 0  # the demo: its own ambitions, as written
    added = 0
    with acting_as(system_user(), "benchmark"):
        for specialty in Specialty.objects.exclude(ambitions__isnull=False):
            Ambition.objects.create(
                specialty=specialty,
                kind="strategic",
                draft_text=text,
                approved_text=text,
                approved_at=timezone.now(),
                status="approved",
            )
            Ambition.objects.create(specialty=specialty, kind="professional", draft_text=text)
            added += 1
    return added


def _measure(kind, subject, language: str, repeat: int) -> dict:
    from bass.pdf import render_pdf

    timings, contexts, growth, peaks, cpu = [], [], [], [], []
    pdf = b""
    for _ in range(repeat):
        start = time.perf_counter()
        context = kind.build_context(subject, language)
        built = time.perf_counter()
        stats: dict = {}
        pdf = render_pdf(kind.template, context, language=language, stats=stats)
        timings.append(time.perf_counter() - start)
        contexts.append(built - start)
        growth.append((stats["peak_kb"] - stats["rss_before_kb"]) / 1024)
        peaks.append(stats["peak_kb"] / 1024)
        cpu.append(stats["cpu_ms"])
    return {
        "median_ms": statistics.median(timings) * 1000,
        "context_ms": statistics.median(contexts) * 1000,
        "cpu_ms": statistics.median(cpu),
        "pages": _pages(pdf),
        "growth_mb": max(growth),
        "peak_mb": max(peaks),
        "fork_mb": peaks[0] - growth[0],
    }


def guide_report(repeat: int) -> None:
    from bass.exports import cached_export, request_export
    from bass.models import Export, Programme
    from improvement.exports import PROJECT_REPORT
    from improvement.models import ImprovementProject
    from programme.miniguide import PROGRAMME_GUIDE, SPECIALTY_GUIDE
    from specialties.models import Specialty

    added = add_guide_content()
    if added:
        print(f"(gave {added} specialties an ambition: each has a spread in the programme guide)")
    runs = max(3, repeat // 5)
    specialty = (
        Specialty.objects.filter(improvement_projects__isnull=False).order_by("pk").first()
        or Specialty.objects.order_by("pk").first()
    )
    project = ImprovementProject.objects.filter(specialty=specialty).order_by("pk").first()
    programme = Programme.current()
    subjects = [(SPECIALTY_GUIDE, specialty), (PROGRAMME_GUIDE, programme)]
    if project is not None:
        subjects.append((PROJECT_REPORT, project))
    load = ", ".join(f"{x:.1f}" for x in os.getloadavg())
    print(
        f"\nprinted guides, {runs} renders each (median; memory of the render's child;"
        f" load average {load}: the wall time grows with it, the CPU time hardly)"
    )
    for kind, subject in subjects:
        r = _measure(kind, subject, "da", runs)
        goal = GOALS_MS.get(kind.key)
        verdict = ""
        if goal is not None:
            verdict = " (goal met)" if r["median_ms"] <= goal else " (over goal)"
        memory = "" if r["growth_mb"] <= GOAL_GROWTH_MB else " (over the memory goal)"
        print(
            f"{kind.key:<28}{r['median_ms']:>7.0f} ms{verdict}, {r['pages']:>3} pages,"
            f" data {r['context_ms']:.0f} ms, render CPU {r['cpu_ms']:.0f} ms;"
            f" child at fork {r['fork_mb']:.0f} MB,"
            f" render's own growth {r['growth_mb']:.0f} MB{memory} (peak {r['peak_mb']:.0f} MB)"
        )

    # The second request of an unchanged programme guide: the export made is served.
    from django.contrib.auth import get_user_model
    from django.core.files.base import ContentFile
    from django.utils import timezone

    done = Export.objects.create(
        kind=PROGRAMME_GUIDE.key,
        content_type_id=_content_type_id(programme),
        object_id=programme.pk,
        language="da",
        status=Export.Status.DONE,
        data_version=PROGRAMME_GUIDE.version(programme),
        finished_at=timezone.now(),
    )
    done.file.save("bench-guide.pdf", ContentFile(b"%PDF-1.7 bench"))
    user = get_user_model().objects.order_by("pk").first()
    timings = []
    for _ in range(runs * 3):
        start = time.perf_counter()
        served = request_export(PROGRAMME_GUIDE, programme, "da", user)
        timings.append(time.perf_counter() - start)
        assert served.pk == done.pk
    assert cached_export(PROGRAMME_GUIDE, programme, "da").pk == done.pk
    print(
        f"{'programme guide, unchanged':<28}{statistics.median(timings) * 1000:>7.1f} ms"
        " to serve the export already made (data stamp compared, no render)"
    )
    done.file.delete(save=False)
    done.delete()


def _content_type_id(obj) -> int:
    from django.contrib.contenttypes.models import ContentType

    return ContentType.objects.get_for_model(obj).pk
