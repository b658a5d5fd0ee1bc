"""The five phases of the BASS process (editable by administrators afterwards)."""

from django.db import migrations

PHASES = [
    (1, "Analyse", "Specialets udgangspunkt, styrkepositioner og populationsansvar kortlægges."),
    (2, "Strategisk ambition", "Specialeejeren formulerer den strategiske ambition."),
    (
        3,
        "Faglig ambition",
        "Implementeringsansvarlig omsætter den strategiske ambition til en faglig ambition, "
        "der fungerer som fundament for konkrete implementeringsplaner.",
    ),
    (4, "Implementering", "Implementeringsplanerne gennemføres; fremdriften følges."),
    (5, "Forankring", "Ændringerne forankres i driften og i de faglige miljøer."),
]


def seed(apps, schema_editor):
    Phase = apps.get_model("plans", "Phase")
    for order, name, description in PHASES:
        if not Phase.objects.filter(order=order).exists():
            Phase.objects.create(order=order, name=name, description=description)


def unseed(apps, schema_editor):
    Phase = apps.get_model("plans", "Phase")
    for order, name, _description in PHASES:
        for phase in Phase.objects.filter(order=order, name=name, changes__isnull=True):
            phase.delete()


class Migration(migrations.Migration):
    dependencies = [("plans", "0001_initial")]

    operations = [migrations.RunPython(seed, unseed)]
