import datetime

from django.contrib.auth import get_user_model
from django.contrib.contenttypes.models import ContentType
from django.core.management.base import BaseCommand
from django.db import transaction

from bass import demo_data as demo
from bass.history import acting_as, system_user
from bass.models import Hospital, Municipality, Programme, ProgrammeChapter, Region
from roles.models import Person, RoleAssignment
from roles.permissions import ensure_groups
from specialties.models import (
    Ambition,
    Dilemma,
    PopulationResponsibility,
    Specialty,
    StrengthPosition,
)

DEMO_START = datetime.date(2025, 3, 1)


class Command(BaseCommand):
    help = (
        "Load the demo Region Sjælland with users for each role. Running it twice changes nothing."
    )

    @transaction.atomic
    def handle(self, *args, **options) -> None:
        with acting_as(system_user(), "Demodata"):
            created = self._load()
        self.stdout.write(f"Demo data loaded ({created} new objects).")
        self.stdout.write(f"Demo users (password: {demo.DEMO_PASSWORD}):")
        for username, (first, last, title, _e, roles) in demo.USERS.items():
            what = ", ".join(f"{kind}{' – ' + slug if slug else ''}" for kind, slug, _f in roles)
            self.stdout.write(f"  {username:<20} {first} {last}, {title}: {what}")

    def _load(self) -> int:
        created = 0

        def count(pair):
            nonlocal created
            obj, was_created = pair
            created += was_created
            return obj

        region = count(Region.objects.get_or_create(code=demo.REGION["code"], defaults=demo.REGION))
        hospitals = {}
        for name, short, acute in demo.HOSPITALS:
            hospitals[short] = count(
                Hospital.objects.get_or_create(
                    short_name=short, defaults={"name": name, "is_acute": acute, "region": region}
                )
            )
        municipalities = {}
        for name, (population, catchment) in demo.MUNICIPALITIES.items():
            municipalities[name] = count(
                Municipality.objects.get_or_create(
                    name=name,
                    defaults={
                        "population": population,
                        "catchment_hospital": hospitals[catchment],
                        "region": region,
                    },
                )
            )
        programme = count(
            Programme.objects.get_or_create(
                name=demo.PROGRAMME["name"],
                defaults={**demo.PROGRAMME, **demo.PROGRAMME_EN, "region": region},
            )
        )
        # A demo loaded before (some of) the English texts existed gets the missing ones.
        missing = {
            name: value for name, value in demo.PROGRAMME_EN.items() if not getattr(programme, name)
        }
        if missing:
            for name, value in missing.items():
                setattr(programme, name, value)
            programme.save()
        for order, (slug, title, body) in enumerate(demo.CHAPTERS):
            title_en, body_en = demo.CHAPTERS_EN[slug]
            chapter = count(
                ProgrammeChapter.objects.get_or_create(
                    programme=programme,
                    slug=slug,
                    defaults={
                        "title": title,
                        "body": body,
                        "title_en": title_en,
                        "body_en": body_en,
                        "order": order,
                    },
                )
            )
            if not chapter.title_en:
                chapter.title_en, chapter.body_en = title_en, body_en
                chapter.save()
        specialties = {}
        for slug, (name, pair, form) in demo.SPECIALTIES.items():
            specialty = count(
                Specialty.objects.get_or_create(
                    slug=slug, defaults={"name": name, "name_en": demo.SPECIALTIES_EN[slug]}
                )
            )
            if not specialty.name_en:  # a demo loaded before the English names existed
                specialty.name_en = demo.SPECIALTIES_EN[slug]
                specialty.save()
            specialties[slug] = specialty
            gap = set(demo.SPECIALTIES_WITH_GAP.get(slug, []))
            covered = [m for m in municipalities if m not in gap]
            halves = [covered[: len(covered) // 2], covered[len(covered) // 2 :]]
            for short, share in zip(pair, halves, strict=True):
                position = count(
                    StrengthPosition.objects.get_or_create(
                        specialty=specialty,
                        hospital=hospitals[short],
                        defaults={
                            "organisation_form": form,
                            "is_example": True,
                            "responsibility": (
                                "Eksempeldata: styrkepositionen deler ansvaret for specialets "
                                "patienter i hele regionen med den anden styrkeposition."
                            ),
                        },
                    )
                )
                for municipality_name in share:
                    count(
                        PopulationResponsibility.objects.get_or_create(
                            strength_position=position,
                            municipality=municipalities[municipality_name],
                        )
                    )
        ensure_groups()
        created += self._ambitions(specialties["kardiologi"])
        user_model = get_user_model()
        for username, (first, last, title, employer, roles) in demo.USERS.items():
            user, was_created = user_model.objects.get_or_create(
                username=username,
                defaults={
                    "first_name": first,
                    "last_name": last,
                    "email": f"{username}@example.dk",
                },
            )
            if was_created:
                user.set_password(demo.DEMO_PASSWORD)
                user.save()
                created += 1
            person = count(
                Person.objects.get_or_create(
                    user=user,
                    defaults={
                        "title": title,
                        "employer": hospitals.get(employer),
                        "email": user.email,
                    },
                )
            )
            for kind, slug, function in roles:
                target = specialties[slug] if slug else programme
                count(
                    RoleAssignment.objects.get_or_create(
                        person=person,
                        kind=kind,
                        content_type=ContentType.objects.get_for_model(target),
                        object_id=target.pk,
                        defaults={
                            "valid_from": DEMO_START,
                            "function": function,
                            "reason": "Demodata",
                        },
                    )
                )
        return created

    def _ambitions(self, specialty) -> int:
        """Kardiologi: an approved strategic ambition, a submitted professional one."""
        if Ambition.objects.filter(specialty=specialty).exists():
            return 0
        steering = get_user_model().objects.filter(username="styregruppe").first()
        strategic = Ambition.objects.create(
            specialty=specialty, kind="strategic", draft_text=demo.STRATEGIC_AMBITION
        )
        strategic.submit()
        strategic.approve(steering, "Godkendt på styregruppemødet")
        professional = Ambition.objects.create(
            specialty=specialty, kind="professional", draft_text=demo.PROFESSIONAL_AMBITION
        )
        professional.submit()
        for order, (kind, title, description) in enumerate(demo.DILEMMAS):
            Dilemma.objects.create(
                specialty=specialty, kind=kind, title=title, description=description, order=order
            )
        return 2 + len(demo.DILEMMAS)
