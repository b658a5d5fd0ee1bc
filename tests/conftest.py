"""Shared fixtures: a small region and the personas of the permission matrix.

Personas hold real RoleAssignments, so their permissions come from the same derivation
the product uses.
"""

import copy
import datetime

import pytest
from django.contrib.auth import get_user_model
from django.contrib.contenttypes.models import ContentType
from django.test import override_settings
from django.utils import translation

from bass.models import Hospital, Municipality, Programme, Region
from roles.models import Person, RoleAssignment
from specialties.models import PopulationResponsibility, Specialty, StrengthPosition
from tests import shared_world

PASSWORD = "correct-horse-battery-staple"
START = datetime.date(2025, 1, 1)
# The day the demo loaders lay their data out around in tests (never the real today).
DEMO_TODAY = datetime.date(2026, 6, 15)


def make_user(username: str, **extra):
    user = get_user_model().objects.create_user(
        username=username, password=PASSWORD, first_name=username.title(), **extra
    )
    Person.objects.create(user=user, title="Test")
    return user


def assign(user, kind: str, target, *, valid_from=START, valid_to=None, function=""):
    return RoleAssignment.objects.create(
        person=user.person,
        kind=kind,
        content_type=ContentType.objects.get_for_model(target),
        object_id=target.pk,
        valid_from=valid_from,
        valid_to=valid_to,
        function=function,
        reason="test",
    )


class World:
    """Two specialties (A and B), two hospitals, three municipalities, and personas."""

    def __init__(self):
        self.region = Region.objects.create(name="Region Test", code="test")
        self.hospital_1 = Hospital.objects.create(
            region=self.region, name="Holbæk Sygehus", short_name="Holbæk"
        )
        self.hospital_2 = Hospital.objects.create(
            region=self.region, name="Slagelse Sygehus", short_name="Slagelse"
        )
        self.municipalities = [
            Municipality.objects.create(
                region=self.region, name=name, population=pop, catchment_hospital=hospital
            )
            for name, pop, hospital in [
                ("Holbæk", 73440, self.hospital_1),
                ("Kalundborg", 48602, self.hospital_1),
                ("Slagelse", 79728, self.hospital_2),
            ]
        ]
        self.programme = Programme.objects.create(
            name="Bæredygtige akutsygehuse og specialer", short_name="BASS", region=self.region
        )
        self.specialty_a = Specialty.objects.create(name="Intern medicin: kardiologi", slug="a")
        self.specialty_b = Specialty.objects.create(name="Intern medicin: geriatri", slug="b")
        self.position_a = StrengthPosition.objects.create(
            specialty=self.specialty_a, hospital=self.hospital_1, organisation_form="two_hospitals"
        )
        self.position_b = StrengthPosition.objects.create(
            specialty=self.specialty_b, hospital=self.hospital_2, organisation_form="two_hospitals"
        )
        PopulationResponsibility.objects.create(
            strength_position=self.position_a, municipality=self.municipalities[0]
        )
        self.owner_a = make_user("owner_a")
        self.lead_a = make_user("lead_a")
        self.core_a = make_user("core_a")
        self.owner_b = make_user("owner_b")
        self.steering = make_user("steering")
        self.admin = make_user("admin")
        self.nobody = make_user("nobody")
        assign(self.owner_a, "specialty_owner", self.specialty_a)
        assign(self.lead_a, "implementation_lead", self.specialty_a)
        assign(self.core_a, "core_team", self.specialty_a, function="afdelingsledelse")
        assign(self.owner_b, "specialty_owner", self.specialty_b)
        assign(self.steering, "steering_group", self.programme)
        assign(self.admin, "administrator", self.programme)

    def persona(self, name: str):
        return None if name == "anonymous" else getattr(self, name)


@pytest.fixture(scope="session")
def _shared_world_session(django_db_setup):
    yield
    shared_world.close()


@pytest.fixture
def _shared_world_gate(request, _shared_world_session, django_db_blocker):
    with django_db_blocker.unblock():
        shared_world.enter(request.node, World, django_db_blocker)


# With pytest-xdist (`make test` runs two workers) a test file stays on one worker, so its
# module-scoped fixtures (one browser, one shared world) are built once. The files that drive
# a real Celery worker over REDIS_URL, or start the deployed processes, share the broker's
# queues and the machine's fixed paths: they form one group and run one after another.
_BROKER_GROUP = "broker"
# A file may name its own group (pytestmark = pytest.mark.xdist_group("name")). The groups
# named here run long alone (the axe crawl of the whole demo, ~2 minutes): they are put first
# in the collection, so one worker starts them while the other takes the rest of the suite,
# instead of one worker starting them at the end while the other waits.
_FIRST_GROUPS = ("axe_crawl",)


def _uses_the_broker(path) -> bool:
    return "deploy" in path.parts or "REDIS_URL" in path.read_text(encoding="utf-8")


@pytest.hookimpl(tryfirst=True)
def pytest_collection_modifyitems(config, items):
    if config.getoption("dist", "no") != "loadgroup":
        return
    groups = {}
    for item in items:
        path = item.path
        if path not in groups:
            named = item.get_closest_marker("xdist_group")
            if named is not None:
                groups[path] = named.args[0] if named.args else named.kwargs["name"]
            else:
                groups[path] = _BROKER_GROUP if _uses_the_broker(path) else str(path)
        item.add_marker(pytest.mark.xdist_group(groups[path]))
    items.sort(key=lambda item: groups[item.path] not in _FIRST_GROUPS)  # stable: rest keep order


@pytest.hookimpl(wrapper=True)
def pytest_runtest_teardown(item, nextitem):
    result = yield
    shared_world.after(item, nextitem)
    return result


@pytest.fixture
def _django_db_helper(_shared_world_gate, _django_db_helper):
    # pytest-django's helper opens each database test's atomics (or flushes after a
    # transactional one); the gate runs first, so the shared world lies outside them.
    # See tests/shared_world.py.
    yield


@pytest.fixture
def world(request, db):
    shared = shared_world.world_for(request.node)
    return World() if shared is None else copy.deepcopy(shared)


@pytest.fixture
def login(client):
    def _login(user):
        client.force_login(user)
        return client

    return _login


@pytest.fixture(scope="session", autouse=True)
def _fast_password_hashing():
    # Real hashing costs ~0.3 s per user; tests create many users, and module- or
    # session-scoped fixtures create theirs before any function-scoped fixture runs.
    with override_settings(PASSWORD_HASHERS=["django.contrib.auth.hashers.MD5PasswordHasher"]):
        yield


@pytest.fixture(autouse=True)
def _interface_in_danish():
    # The interface is Danish unless the user chooses English. Code outside a request
    # (forms, exports, PDFs) speaks the active language, and a request that activated English
    # must not leave it active for the next test: every test starts in Danish.
    with translation.override("da"):
        yield


@pytest.fixture(autouse=True)
def _private_media_in_a_temporary_folder(settings, tmp_path):
    # Exports and attachments write files; keep them out of the project's media folder.
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture(autouse=True)
def _empty_cache():
    # Cached results keyed on data fingerprints must not leak from one test's data to the next.
    from django.core.cache import cache

    cache.clear()
    yield
    cache.clear()
