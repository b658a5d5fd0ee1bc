"""Today's ambition comments become comments of the shared discussion, history included."""

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.utils import timezone

BEFORE = [("specialties", "0003_alter_specialty_options"), ("discussion", "0001_initial")]
AFTER = [("specialties", "0004_ambition_comments_moved_to_discussion")]


def migrate(targets):
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(targets)
    return executor.loader.project_state(targets).apps


@pytest.mark.django_db(transaction=True)
def test_ambition_comments_are_copied_with_their_history():
    old = migrate(BEFORE)
    try:
        Specialty = old.get_model("specialties", "Specialty")
        Ambition = old.get_model("specialties", "Ambition")
        Comment = old.get_model("specialties", "AmbitionComment")
        History = old.get_model("specialties", "HistoricalAmbitionComment")
        specialty = Specialty.objects.create(name="Intern medicin: kardiologi", slug="k")
        ambition = Ambition.objects.create(specialty=specialty, kind="strategic")
        written = timezone.now()
        row = Comment.objects.create(
            ambition=ambition, author_name="Anne", text="Linje 1\n\n<b>Linje 2</b>", created=written
        )
        History.objects.create(
            id=row.pk,
            ambition_id=ambition.pk,
            author_name="Anne",
            text=row.text,
            created=written,
            version=1,
            history_date=written,
            history_type="+",
            history_user_name="Anne",
        )
        new = migrate(AFTER)
        copied = new.get_model("discussion", "Comment").objects.get()
        assert copied.object_id == ambition.pk and copied.content_type.model == "ambition"
        assert copied.body == "<p>Linje 1</p>\n\n<p>&lt;b&gt;Linje 2&lt;/b&gt;</p>"
        assert (copied.author_name, copied.created) == ("Anne", written)
        records = new.get_model("discussion", "HistoricalComment").objects.filter(id=copied.pk)
        assert [(r.history_type, r.history_user_name) for r in records] == [("+", "Anne")]
    finally:
        migrate(MigrationExecutor(connection).loader.graph.leaf_nodes())
