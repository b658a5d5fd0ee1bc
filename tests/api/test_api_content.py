"""What the read API's lists hold, that every answer matches the OpenAPI schema the API
serves, and that a page costs the same queries however many rows there are."""

import datetime

import pytest
from django.test import Client

from api.models import AccessToken
from specialties.models import Ambition
from tests.api.api_matrix_objects import EXPIRES, OBJECTS
from tests.improvement.improvement_world import build, improvement_for


def token_client(user):
    _token, raw = AccessToken.issue(user, "test", EXPIRES)
    return Client(HTTP_AUTHORIZATION=f"Bearer {raw}")


def conforms(value, schema, components, where="") -> list[str]:
    """Problems of ``value`` against an OpenAPI 3.0 ``schema`` (the subset the API uses)."""
    if "$ref" in schema:
        schema = components[schema["$ref"].rsplit("/", 1)[1]]
    if value is None:
        return [] if schema.get("nullable") else [f"{where}: null not allowed"]
    kind = schema["type"]
    if kind == "object":
        problems = [f"{where}: {k} missing" for k in schema["required"] if k not in value]
        problems += [
            f"{where}: {k} not in the schema" for k in value if k not in schema["properties"]
        ]
        for k, sub in schema["properties"].items():
            if k in value:
                problems += conforms(value[k], sub, components, f"{where}.{k}")
        return problems
    if kind == "array":
        return [
            p
            for i, v in enumerate(value)
            for p in conforms(v, schema["items"], components, f"{where}[{i}]")
        ]
    python = {"string": str, "integer": int, "number": (int, float), "boolean": bool}[kind]
    if not isinstance(value, python) or (kind != "boolean" and isinstance(value, bool)):
        return [f"{where}: {value!r} is not {kind}"]
    if schema.get("format") == "date":
        datetime.date.fromisoformat(value)
    return []


@pytest.fixture
def everything(world):
    """One object of side A for every list."""
    for _path, builder in OBJECTS.values():
        builder(world, "A")
    return world


def test_every_answer_matches_the_schema(everything):
    document = Client().get("/api/schema.json").json()
    assert document["openapi"].startswith("3.")
    components = document["components"]["schemas"]
    client = token_client(everything.steering)
    for path, operation in document["paths"].items():
        response = client.get("/api" + path)
        assert response.status_code == 200, path
        schema = operation["get"]["responses"]["200"]["content"]["application/json"]["schema"]
        page = response.json()
        assert page["results"], f"{path} is empty: nothing checked"
        assert conforms(page, schema, components, path) == []


def test_the_schema_lists_every_endpoint_with_bearer_security():
    document = Client().get("/api/schema.json").json()
    assert set(document["paths"]) == {
        f"/v1/{p}/"
        for p in [
            "specialties",
            "ambitions",
            "assessments",
            "measures",
            "pdsa-cycles",
            "milestones",
            "funds",
            "decisions",
        ]
    }
    assert document["components"]["securitySchemes"]["bearer"]["scheme"] == "bearer"
    assert document["servers"] == [{"url": "http://testserver/api"}]


def test_the_schema_documents_the_pagination():
    document = Client().get("/api/schema.json").json()
    parameters = document["components"]["parameters"]
    assert parameters["page"]["schema"]["minimum"] == 1 and parameters["page"]["description"]
    assert parameters["page_size"]["schema"]["maximum"] == 500
    assert "500" in parameters["page_size"]["description"]
    for path, operation in document["paths"].items():
        get = operation["get"]
        assert {p["$ref"].rsplit("/", 1)[1] for p in get["parameters"]} == {"page", "page_size"}
        assert {"400", "401", "404"} <= set(get["responses"]), path
        page = get["responses"]["200"]["content"]["application/json"]["schema"]["$ref"]
        properties = document["components"]["schemas"][page.rsplit("/", 1)[1]]["properties"]
        assert "null on the last page" in properties["next"]["description"], path
    assert "follow next until it is null" in document["info"]["description"]


def test_measures_carry_their_data_points_and_signal(world):
    improvement = improvement_for(world, "A")
    rows = token_client(world.owner_a).get("/api/v1/measures/").json()["results"]
    (row,) = rows
    assert row["id"] == improvement.measure.pk
    assert row["specialty"]["slug"] == world.specialty_a.slug
    points = list(improvement.measure.data_points.order_by("period"))
    assert [p["period"] for p in row["data_points"]] == [p.period.isoformat() for p in points]
    assert row["signal"] is None or set(row["signal"]) == {"better"}


def test_specialties_carry_strength_positions_and_coverage(world):
    (row,) = token_client(world.owner_a).get("/api/v1/specialties/").json()["results"]
    assert row["strength_positions"][0]["hospital"] == "Holbæk Sygehus"
    assert row["coverage"]["uncovered_municipalities"] == ["Kalundborg", "Slagelse"]
    assert row["coverage"]["complete"] is False


def test_a_draft_is_read_only_by_those_who_may_change_it(world):
    Ambition.objects.create(
        specialty=world.specialty_a, kind="strategic", draft_text="<p>Hemmeligt udkast</p>"
    )
    for user, sees in [
        (world.owner_a, True),
        (world.admin, True),
        (world.lead_a, False),
        (world.core_a, False),
        (world.steering, False),
    ]:
        (row,) = token_client(user).get("/api/v1/ambitions/").json()["results"]
        assert (row["draft_text"] == "<p>Hemmeligt udkast</p>") is sees, user
        assert row["status"] == "draft"


@pytest.mark.parametrize("path", [p for p, _b in OBJECTS.values()])
def test_a_page_costs_the_same_queries_with_double_the_data(
    world, path, django_assert_max_num_queries
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client = token_client(world.steering)
    for _p, builder in [b for b in OBJECTS.values() if b[0] == path]:
        builder(world, "A")

    def count():
        with CaptureQueriesContext(connection) as queries:
            assert client.get(f"/api/v1/{path}/").status_code == 200
        return len(queries)

    before = count()
    for _p, builder in [b for b in OBJECTS.values() if b[0] == path]:
        builder(world, "B")
    if path in ("measures", "pdsa-cycles"):
        build(world.specialty_a, title="Endnu et projekt")
    assert count() == before
