"""Tests for bass.charts: the shared server-side SVG renderer."""

import re
import xml.etree.ElementTree as ET

import pytest

from bass import charts
from bass.charts import line_chart, nice_ticks, radar_chart

NS = {"svg": "http://www.w3.org/2000/svg"}


def parse(svg: str) -> ET.Element:
    root = ET.fromstring(svg)
    assert root.tag == "{http://www.w3.org/2000/svg}svg"
    return root


def points(values):
    return [(f"uge {i + 1}", v) for i, v in enumerate(values)]


# --- ticks ---------------------------------------------------


def test_nice_ticks():
    ticks, decimals = nice_ticks(0, 97)
    assert ticks == [0, 20, 40, 60, 80, 100]
    assert decimals == 0
    ticks, decimals = nice_ticks(0.013, 0.27)
    assert ticks == [0, 0.1, 0.2, 0.3]
    assert decimals == 1
    ticks, decimals = nice_ticks(0.12, 0.18)
    assert ticks == [0.12, 0.14, 0.16, 0.18]
    assert decimals == 2
    ticks, _ = nice_ticks(-3, 12)
    assert ticks == [-5, 0, 5, 10, 15]
    # A flat series still gets a usable range.
    ticks, _ = nice_ticks(5, 5)
    assert ticks[0] < 5 < ticks[-1]


# --- line chart -------------------------------------------------------------


def test_line_chart_is_accessible_self_contained_svg():
    svg = line_chart(points([3, 4, 5, 4]), title="Ventetid", desc="Ugentlig median", centre=4)
    root = parse(svg)
    assert root.get("role") == "img"
    assert root.get("viewBox", "").startswith("0 0 ")
    assert root.get("width") == "100%"
    assert root[0].tag.endswith("title") and root[0].text == "Ventetid"
    assert root[1].tag.endswith("desc") and root[1].text == "Ugentlig median"
    ids = root.get("aria-labelledby").split()
    assert ids == [root[0].get("id"), root[1].get("id")]
    without_ns = svg.replace('xmlns="http://www.w3.org/2000/svg"', "")
    for forbidden in ("http", "<script", "url(", "@import", "href", "<style"):
        assert forbidden not in without_ns


def test_text_is_escaped():
    evil = "<script>alert('x')</script> & co"
    svg = line_chart(
        [(evil, 1.0), ("b", 2.0)], title=evil, desc=evil, y_label=evil, centre_label=evil, centre=1
    )
    assert "<script>" not in svg
    assert "&lt;script&gt;" in svg
    root = parse(svg)
    assert root.find("svg:title", NS).text == evil


def test_highlight_draws_diamonds_not_circles():
    svg = line_chart(points([1, 2, 9, 2, 1]), title="t", desc="d", highlight={2})
    root = parse(svg)
    marked = root.findall(".//svg:path[@class='point highlight']", NS)
    assert [m.get("data-index") for m in marked] == ["2"]
    assert marked[0].get("fill") == charts.HIGHLIGHT
    # A diamond: four vertices, closed.
    assert re.fullmatch(r"M[\d.]+ [\d.]+(L[\d.]+ [\d.]+){3}Z", marked[0].get("d"))
    circles = root.findall(".//svg:circle[@class='point']", NS)
    assert sorted(c.get("data-index") for c in circles) == ["0", "1", "3", "4"]


def test_none_values_leave_a_gap():
    svg = line_chart(points([1, None, 3, 4]), title="t", desc="d")
    root = parse(svg)
    line = next(p for p in root.findall("svg:path", NS) if p.get("stroke") == charts.DATA)
    d = line.get("d")
    assert d.count("M") == 2  # the pen lifts at the missing point
    assert d.count("L") == 1
    indexes = [e.get("data-index") for e in root.iter() if e.get("data-index") is not None]
    assert indexes == ["0", "2", "3"]


def test_reference_lines_and_labels():
    lcl = [1.0, 1.5, None, 1.0]
    ucl = [9.0, 8.5, None, 9.0]
    svg = line_chart(
        points([4, 5, None, 6]),
        title="t",
        desc="d",
        centre=5,
        lcl=lcl,
        ucl=ucl,
        target=7.5,
        centre_label="Centerlinje",
        limit_label="Grænse",
        target_label="Mål",
    )
    root = parse(svg)
    texts = [t.text for t in root.iter("{http://www.w3.org/2000/svg}text")]
    assert "Centerlinje 5" in texts
    assert "Grænse 9" in texts and "Grænse 1" in texts
    assert "Mål 7,5" in texts
    dashed = [p for p in root.findall("svg:path", NS) if p.get("stroke") == charts.LIMIT]
    assert len(dashed) == 2
    # Per-point limits are steps with a gap where the limit is missing.
    assert all(p.get("d").count("M") == 2 for p in dashed)


def test_per_point_limits_must_match_points():
    with pytest.raises(ValueError):
        line_chart(points([1, 2, 3]), title="t", desc="d", ucl=[1, 2])


def test_x_labels_are_thinned():
    svg = line_chart(points(list(range(100))), title="t", desc="d")
    root = parse(svg)
    x_labels = [t for t in root.iter("{http://www.w3.org/2000/svg}text") if "uge" in t.text]
    assert 2 <= len(x_labels) <= 10
    assert x_labels[0].text == "uge 1"


def test_y_ticks_use_decimal_comma():
    svg = line_chart(points([0.12, 0.18, 0.15]), title="t", desc="d")
    assert ">0,14<" in svg and ">0,18<" in svg


@pytest.mark.parametrize("values", [[], [None, None], [5.0], [2.0, 2.0, 2.0]])
def test_line_chart_degenerate_inputs(values):
    svg = line_chart(points(values), title="t", desc="d", empty_label="Ingen data endnu")
    parse(svg)
    if not any(v is not None for v in values):
        assert "Ingen data endnu" in svg


# --- radar chart ------------------------------------------------------------


def test_radar_chart_triangle_with_previous_behind():
    svg = radar_chart(
        ["Kvalitet", "Økonomi", "Arbejdsmiljø"],
        [3.5, 2.0, 4.0],
        [2.8, 2.5, 3.0],
        title="Profil",
        desc="Nu og forrige",
        current_label="2025",
        previous_label="2024",
    )
    root = parse(svg)
    polys = root.findall("svg:polygon", NS)
    classes = [p.get("class") for p in polys if p.get("class")]
    assert classes == ["previous", "current"]  # previous is drawn first = behind
    current = next(p for p in polys if p.get("class") == "current")
    previous = next(p for p in polys if p.get("class") == "previous")
    assert len(current.get("points").split()) == 3
    assert previous.get("stroke-dasharray")
    assert not current.get("stroke-dasharray")
    texts = [t.text for t in root.iter("{http://www.w3.org/2000/svg}text")]
    assert "3,5 (2,8)" in texts
    assert {"Kvalitet", "Økonomi", "Arbejdsmiljø", "2025", "2024"} <= set(texts)


def test_radar_chart_any_number_of_axes_and_missing_values():
    svg = radar_chart(
        list("ABCDE"), [1, None, 3, 4, 9], None, title="t", desc="d", current_label="Nu"
    )
    root = parse(svg)
    current = root.find("svg:polygon[@class='current']", NS)
    assert len(current.get("points").split()) == 4
    texts = [t.text for t in root.iter("{http://www.w3.org/2000/svg}text")]
    assert "–" in texts
    assert root.find("svg:polygon[@class='previous']", NS) is None


def test_radar_chart_rejects_bad_shapes():
    with pytest.raises(ValueError):
        radar_chart(["a", "b"], [1, 2], None, title="t", desc="d", current_label="x")
    with pytest.raises(ValueError):
        radar_chart(["a", "b", "c"], [1, 2], None, title="t", desc="d", current_label="x")


# --- colours ----------------------------------------------------------------


def _luminance(hex_colour: str) -> float:
    channels = [int(hex_colour[i : i + 2], 16) / 255 for i in (1, 3, 5)]
    lin = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * lin[0] + 0.7152 * lin[1] + 0.0722 * lin[2]


@pytest.mark.parametrize("name", ["DATA", "HIGHLIGHT", "CENTRE", "LIMIT", "TARGET", "MUTED"])
def test_colours_meet_wcag_aa_on_white(name):
    ratio = 1.05 / (_luminance(getattr(charts, name)) + 0.05)
    assert ratio >= 4.5


def test_annotations_mark_the_time_axis_with_numbered_labels():
    svg = line_chart(
        [("jan", 1.0), ("feb", 2.0), ("mar", 3.0)],
        title="t",
        desc="d",
        annotations=[(1, "PDSA <Tjekliste>, 01.02.2026"), (9, "outside the chart")],
    )
    root = ET.fromstring(svg)
    groups = [
        g for g in root.iter("{http://www.w3.org/2000/svg}g") if g.get("class") == "annotation"
    ]
    assert len(groups) == 1  # the mark beyond the last point is left out
    assert "PDSA <Tjekliste>" in groups[0].find("{http://www.w3.org/2000/svg}title").text


# --- phases -----------------------------------------------------------------


def test_per_point_centre_is_a_step_line_broken_at_phase_dividers():
    svg = line_chart(
        points([1, 2, 1, 2, 6, 7, 6, 7]),
        title="t",
        desc="Kørselsdiagram",
        centre=[1.5] * 4 + [6.5] * 4,
        ucl=[3.0] * 4 + [8.0] * 4,
        lcl=[0.0] * 4 + [5.0] * 4,
        target=4,
        centre_label="Centerlinje",
        phases=[(4, "Ny triage")],
    )
    root = parse(svg)
    paths = root.findall("svg:path", NS)
    centre = next(p for p in paths if p.get("stroke") == charts.CENTRE)
    assert centre.get("d").count("M") == 2  # one centre line per phase
    limits = [p for p in paths if p.get("stroke") == charts.LIMIT]
    assert all(p.get("d").count("M") == 2 for p in limits)
    target = next(p for p in paths if p.get("stroke") == charts.TARGET)
    assert target.get("d").count("M") == 1  # the target does not change with a phase
    texts = [t.text for t in root.iter("{http://www.w3.org/2000/svg}text")]
    assert "Centerlinje 6,5" in texts  # the label at the end reads the last phase
    # The divider sits halfway between the last point of phase 1 and the first of phase 2.
    (phase,) = [g for g in root.iter("{http://www.w3.org/2000/svg}g") if g.get("class") == "phase"]
    assert phase.find("svg:title", NS).text == "Ny triage"
    x = float(phase.find("svg:line", NS).get("x1"))
    xs = {c.get("data-index"): float(c.get("cx")) for c in root.iter() if c.get("cx")}
    assert xs["3"] < x < xs["4"]
    assert "Ny triage" in texts
    assert root.find("svg:desc", NS).text == "Kørselsdiagram Faser: Ny triage (uge 5)."


def test_phase_markers_outside_the_chart_are_left_out_and_shared_indexes_merged():
    svg = line_chart(
        points([1, 2, 3, 4]),
        title="t",
        desc="d",
        centre=2.5,
        phases=[(0, "før"), (9, "senere"), (2, "A"), (2, "B")],
        phases_label="Phases",
    )
    root = parse(svg)
    groups = [g for g in root.iter("{http://www.w3.org/2000/svg}g") if g.get("class") == "phase"]
    assert [g.get("data-index") for g in groups] == ["2"]
    assert groups[0].find("svg:title", NS).text == "A / B"
    assert root.find("svg:desc", NS).text == "d Phases: A / B (uge 3)."
    # A constant centre is still one unbroken line.
    centre = next(p for p in root.findall("svg:path", NS) if p.get("stroke") == charts.CENTRE)
    assert centre.get("d").count("M") == 1


def test_chart_without_phases_is_unchanged_by_the_phase_parameters():
    kwargs = {"title": "t", "desc": "d", "centre": 2, "ucl": [3, 3, 3], "lcl": 1}
    assert line_chart(points([1, 2, 3]), **kwargs) == line_chart(
        points([1, 2, 3]), phases=[(0, "start"), (3, "end")], **kwargs
    )


def test_phase_labels_are_escaped():
    evil = "<b>ny</b> & co"
    svg = line_chart(points([1, 2, 3]), title="t", desc="d", phases=[(1, evil)])
    assert "<b>" not in svg
    root = parse(svg)
    assert evil in root.find("svg:desc", NS).text
