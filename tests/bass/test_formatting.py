"""Numbers, amounts and dates as the reader's language writes them."""

import datetime
from decimal import Decimal

import pytest
from django.template import Context, Template
from django.utils import translation

from bass import formatting


@pytest.mark.parametrize(
    ("value", "decimals", "danish", "english"),
    [
        (1234.5, None, "1.234,5", "1,234.5"),
        (0.25, None, "0,25", "0.25"),
        (3, None, "3", "3"),
        (3.0, None, "3", "3"),
        (2, 1, "2,0", "2.0"),
        (12.345, 1, "12,3", "12.3"),
        (1_000_000, None, "1.000.000", "1,000,000"),
        (-7.5, None, "-7,5", "-7.5"),
        (-0.0001, None, "0", "0"),
        (Decimal("310000.00"), 0, "310.000", "310,000"),
        (None, None, "–", "–"),
        (float("nan"), None, "–", "–"),
    ],
)
def test_numbers_follow_the_active_language(value, decimals, danish, english):
    with translation.override("da"):
        assert formatting.number(value, decimals) == danish
    with translation.override("en"):
        assert formatting.number(value, decimals) == english


def test_money_in_danish_and_english():
    with translation.override("da"):
        assert formatting.money(Decimal("310000")) == "310.000 kr."
        assert formatting.money(Decimal("1250.5")) == "1.250,50 kr."
        assert formatting.money(None) == "–"
    with translation.override("en"):
        assert formatting.money(Decimal("310000")) == "DKK 310,000"
        assert formatting.money(1250.5) == "DKK 1,250.50"


def test_percent_dates_and_months():
    day = datetime.date(2026, 5, 15)
    with translation.override("da"):
        assert formatting.percent(0.375) == "38 %"
        assert formatting.date(day) == "15.05.2026"
        assert formatting.month(day) == "maj"
    with translation.override("en"):
        assert formatting.date(day) == "15/05/2026"
        assert formatting.month(day) == "may"
    assert formatting.percent(None) == formatting.date(None) == "–"


def test_the_template_filters_use_the_same_functions():
    template = Template("{% load bass %}{{ n|number }} {{ a|money }} {{ s|percent }}")
    context = Context({"n": 1234.5, "a": Decimal("310000"), "s": 0.5})
    with translation.override("da"):
        assert template.render(context) == "1.234,5 310.000 kr. 50 %"
    with translation.override("en"):
        assert template.render(context) == "1,234.5 DKK 310,000 50 %"
