"""Charts in the PDFs are drawn cheaply: a line chart's points become one path of dots, and
nothing a reader or a screen reader needs is lost."""

import re

from bass.charts import for_print, line_chart


def _chart(highlight=()):
    points = [(f"uge {i}", v) for i, v in enumerate([4.0, 6.0, 5.0, None, 7.0, 3.0, 8.0, 6.0])]
    return line_chart(
        points, title="Ventetid", desc="Seriediagram med 7 punkter.", highlight=highlight
    )


def test_points_become_one_path_of_dots_and_the_title_and_description_stay():
    svg = _chart()
    assert svg.count('<circle class="point"') == 7
    printed = for_print(svg)
    assert '<circle class="point"' not in printed
    paths = re.findall(r'<path class="points" d="([^"]+)"', printed)
    assert len(paths) == 1 and paths[0].count("M") == 7
    # every dot where its circle was
    for x, y in re.findall(r'class="point" data-index="\d+" cx="([-\d.]+)" cy="([-\d.]+)"', svg):
        assert f"M{x} {y}h0" in paths[0]
    assert "<title" in printed and "Ventetid" in printed
    assert "Seriediagram med 7 punkter." in printed
    assert "uge 1: " not in printed  # the tooltips of the screen are gone


def test_highlighted_points_keep_their_diamonds():
    svg = _chart(highlight=[1, 2])
    printed = for_print(svg)
    assert printed.count('class="point highlight"') == svg.count('class="point highlight"') == 2
    assert re.findall(r'<path class="points" d="([^"]+)"', printed)[0].count("M") == 5


def test_an_svg_without_points_is_left_as_it_is():
    assert for_print("<svg><text>Ingen data</text></svg>") == "<svg><text>Ingen data</text></svg>"
