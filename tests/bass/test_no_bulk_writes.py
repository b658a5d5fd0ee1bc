"""QuerySet.update(), bulk_create() and bulk_update() write no history: forbidden in our code."""

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
APPS = ["bass", "roles", "specialties", "sustainability", "improvement", "clusters", "plans"]
# bulk_create/bulk_update always; update() when called on a queryset (objects, filter, all...).
FORBIDDEN = re.compile(
    r"\.(bulk_create|bulk_update)\(|(objects|filter\(.*\)|exclude\(.*\)|all\(\)|_set)\S*\.update\("
)


def test_no_history_bypassing_writes_in_app_code():
    offenders = []
    for app in APPS:
        for path in (ROOT / app).rglob("*.py"):
            if "migrations" in path.parts:
                continue
            for number, line in enumerate(path.read_text().splitlines(), 1):
                code = line.split("#", 1)[0]
                if FORBIDDEN.search(code):
                    offenders.append(f"{path.relative_to(ROOT)}:{number}: {line.strip()}")
    assert not offenders, "Writes that bypass history:\n" + "\n".join(offenders)


def test_the_scan_catches_a_bulk_write(tmp_path):
    assert FORBIDDEN.search("Specialty.objects.filter(pk=1).update(name='x')")
    assert FORBIDDEN.search("StrengthPosition.objects.bulk_create(rows)")
    assert FORBIDDEN.search("Measure.objects.all().update(unit='%')")
    assert not FORBIDDEN.search("signal_indexes.update(idx)")
    assert not FORBIDDEN.search("context.update({'a': 1})")
