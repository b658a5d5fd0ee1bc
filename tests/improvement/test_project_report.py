"""The project report: one improvement project as a PDF a lead brings to a meeting."""

import subprocess

from django.urls import reverse

from bass.pdf import render_pdf
from improvement.exports import PROJECT_REPORT
from tests.improvement.improvement_world import cluster_improvement_for, improvement_for


def _text(pdf: bytes) -> str:
    out = subprocess.run(["pdftotext", "-", "-"], input=pdf, capture_output=True, check=True)
    return " ".join(out.stdout.decode().split())


def test_report_has_aim_team_driver_diagram_cycles_and_charts(world):
    work = improvement_for(world, "A")
    work.cycle.predictions = "Vi når fire ud af fem."
    work.cycle.study_results = "Vi nåede tre ud af fem."
    work.cycle.save()
    context = PROJECT_REPORT.build_context(work.project, "da")
    text = _text(render_pdf(PROJECT_REPORT.template, context, language="da"))
    assert "Færre genindlæggelser" in text
    assert "fra 18 % til 12 %" in text  # the aim
    assert "Lead_A" in text  # the team
    assert "Telefonopkald dag 2" in text  # the driver diagram
    assert "Vi når fire ud af fem." in text and "Vi nåede tre ud af fem." in text
    assert "Genindlæggelser" in text and "datapunkter" in text  # the chart, described in text


def test_report_of_a_cluster_project_names_the_forum_team(world):
    work = cluster_improvement_for(world, "A")
    context = PROJECT_REPORT.build_context(work.project, "en")
    text = _text(render_pdf(PROJECT_REPORT.template, context, language="en"))
    assert "Færre akutte indlæggelser" in text and "PROJECT REPORT" in text
    assert "Only one data point, so no verdict yet" in text  # the verdict, in English
    assert "Tilfældig" not in text


def test_report_is_offered_only_to_who_sees_the_project(world, login):
    project = improvement_for(world, "A").project
    page = reverse("export_page", args=[PROJECT_REPORT.key, project.pk])
    assert login(world.core_a).get(page).status_code == 200
    assert login(world.owner_b).get(page).status_code == 404
    detail = login(world.core_a).get(project.get_absolute_url()).content.decode()
    assert page in detail
