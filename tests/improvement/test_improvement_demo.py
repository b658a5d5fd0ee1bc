import io

from django.core.management import call_command

from improvement.models import DataPoint, ImprovementProject
from improvement.queries import activity_by_specialty
from specialties.models import Specialty
from tests.conftest import DEMO_TODAY


def test_demo_project_is_idempotent_and_shows_a_signal(db):
    call_command("load_demo", stdout=io.StringIO())
    call_command("load_improvement_demo", stdout=io.StringIO(), today=DEMO_TODAY)
    counts = (ImprovementProject.objects.count(), DataPoint.history.count())
    call_command("load_improvement_demo", stdout=io.StringIO(), today=DEMO_TODAY)
    assert (ImprovementProject.objects.count(), DataPoint.history.count()) == counts
    project = ImprovementProject.objects.get()
    assert project.title.startswith("Eksempeldata")
    assert DataPoint.history.first().history_user.username == "system"
    kardiologi = Specialty.objects.get(slug="kardiologi")
    activity = activity_by_specialty([kardiologi], on=DEMO_TODAY)[kardiologi.pk]
    assert activity.overdue_cycles == 1  # the second cycle ended without a Study
    assert [s.better for s in activity.signals] == [True]  # fewer readmissions: better


def test_cached_signals_follow_changes_to_the_data(db):
    call_command("load_demo", stdout=io.StringIO())
    call_command("load_improvement_demo", stdout=io.StringIO(), today=DEMO_TODAY)
    kardiologi = Specialty.objects.get(slug="kardiologi")
    assert activity_by_specialty([kardiologi], on=DEMO_TODAY)[kardiologi.pk].signals
    # Flatten the series: the shift disappears, and the cached answer must not survive it.
    for point in DataPoint.objects.all():
        point.value = 20 + (point.pk % 2)
        point.save()
    assert activity_by_specialty([kardiologi], on=DEMO_TODAY)[kardiologi.pk].signals == []


def test_measure_chart_marks_the_pdsa_cycles(db, client):
    from django.contrib.auth import get_user_model

    from improvement.models import Measure

    call_command("load_demo", stdout=io.StringIO())
    call_command("load_improvement_demo", stdout=io.StringIO(), today=DEMO_TODAY)
    client.force_login(get_user_model().objects.get(username="implementering"))
    measure = Measure.objects.get()
    body = client.get(measure.get_absolute_url()).content.decode()
    # the two cycles that started within the charted months; the newest started after them
    assert body.count('class="annotation"') == 2
    assert "PDSA Tjekliste på ét afsnit i to uger" in body


def test_cluster_demo_users_run_the_cluster_initiatives_project(db, client):
    from django.contrib.auth import get_user_model

    call_command("load_demo", stdout=io.StringIO())
    call_command("load_cluster_demo", stdout=io.StringIO())
    call_command("load_improvement_demo", stdout=io.StringIO(), today=DEMO_TODAY)
    call_command("load_improvement_demo", stdout=io.StringIO(), today=DEMO_TODAY)
    project = ImprovementProject.objects.get(initiative__isnull=False)
    assert project.title.startswith("Eksempeldata")
    assert project.initiative.proposed_by.name == "Faglig Strategisk Forum"
    users = get_user_model().objects
    client.force_login(users.get(username="klynge_formand"))
    page = client.get(project.get_absolute_url())
    assert page.status_code == 200 and page.context["can_manage"]
    client.force_login(users.get(username="klynge_medlem"))
    page = client.get(project.get_absolute_url())
    assert page.context["can_contribute"] and not page.context["can_manage"]
    client.force_login(users.get(username="implementering"))  # kardiologi, not in the cluster
    assert client.get(project.get_absolute_url()).status_code == 404


def test_demo_series_have_one_point_per_month_without_gaps(db):
    call_command("load_demo", stdout=io.StringIO())
    call_command("load_cluster_demo", stdout=io.StringIO())
    call_command("load_improvement_demo", stdout=io.StringIO(), today=DEMO_TODAY)
    for project in ImprovementProject.objects.all():
        for measure in project.measures.all():
            periods = list(measure.data_points.order_by("period").values_list("period", flat=True))
            months = [p.year * 12 + p.month for p in periods]
            assert months == list(range(months[0], months[0] + len(months))), measure.name


def test_the_dashboards_signal_cell_opens_the_measure_wall_for_the_specialty(db, client):
    from django.contrib.auth import get_user_model
    from django.urls import reverse

    call_command("load_demo", stdout=io.StringIO())
    call_command("load_improvement_demo", stdout=io.StringIO(), today=DEMO_TODAY)
    client.force_login(get_user_model().objects.get(username="styregruppe"))
    page = client.get(reverse("programme_dashboard")).content.decode()
    wall = reverse("programme:measure_wall") + "?specialty=Intern+medicin%3A+kardiologi"
    assert f'href="{wall}"' in page
    listed = client.get(wall).content.decode()
    assert "Genindlæggelser inden for 30 dage" in listed
