"""On PostgreSQL, forbid overlapping periods in the database itself.

- the same person, role and object may not have two overlapping periods;
- a one-holder role (specialty owner, implementation lead) may not have two holders whose
  periods overlap on the same object.

SQLite (the local demo) has no exclusion constraints; there the model's clean() and the
partial unique constraint on open-ended periods apply.
"""

from django.db import migrations

from roles.kinds import KINDS

ONE_HOLDER = ", ".join(f"'{kind.key}'" for kind in KINDS.values() if kind.one_current_holder)

CREATE = f"""
CREATE EXTENSION IF NOT EXISTS btree_gist;
ALTER TABLE roles_roleassignment ADD CONSTRAINT role_assignment_no_overlap_per_person
    EXCLUDE USING gist (
        person_id WITH =, kind WITH =, content_type_id WITH =, object_id WITH =,
        daterange(valid_from, valid_to, '[)') WITH &&
    );
ALTER TABLE roles_roleassignment ADD CONSTRAINT role_assignment_one_holder_no_overlap
    EXCLUDE USING gist (
        kind WITH =, content_type_id WITH =, object_id WITH =,
        daterange(valid_from, valid_to, '[)') WITH &&
    ) WHERE (kind IN ({ONE_HOLDER}));
"""

DROP = """
ALTER TABLE roles_roleassignment DROP CONSTRAINT role_assignment_one_holder_no_overlap;
ALTER TABLE roles_roleassignment DROP CONSTRAINT role_assignment_no_overlap_per_person;
"""


def create(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(CREATE)


def drop(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(DROP)


class Migration(migrations.Migration):
    dependencies = [("roles", "0001_initial")]
    operations = [migrations.RunPython(create, drop)]
