from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from bass.history import acting_as, system_user
from bass.models import Programme
from bass.pdf import PDFRenderError, render_pdf
from programme.miniguide import PROGRAMME_GUIDE, SPECIALTY_GUIDE
from specialties.models import Specialty


class Command(BaseCommand):
    help = "Write a specialty's (--specialty SLUG) or the programme's (--programme) miniguide."

    def add_arguments(self, parser):
        target = parser.add_mutually_exclusive_group(required=True)
        target.add_argument("--specialty", metavar="SLUG")
        target.add_argument("--programme", action="store_true")
        parser.add_argument("--lang", choices=["da", "en"], default="da")
        parser.add_argument("--output", required=True, metavar="FILE")

    def handle(self, *args, **options):
        if options["programme"]:
            kind, subject = PROGRAMME_GUIDE, Programme.current()
            if subject is None:
                raise CommandError("There is no programme yet (run load_demo).")
        else:
            kind = SPECIALTY_GUIDE
            subject = Specialty.objects.filter(slug=options["specialty"]).first()
            if subject is None:
                raise CommandError(f"No specialty with the slug {options['specialty']!r}.")
        with acting_as(system_user(), "export_miniguide"):
            context = kind.build_context(subject, options["lang"])
        try:
            pdf = render_pdf(kind.template, context, language=options["lang"])
        except PDFRenderError as error:
            raise CommandError(f"The PDF could not be made: {error}") from error
        Path(options["output"]).write_bytes(pdf)
        self.stdout.write(f"Wrote {len(pdf):,} bytes to {options['output']}.")
