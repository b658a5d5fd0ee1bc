"""Weekly reminders of overdue PDSA cycles to each specialty's implementation lead."""

from collections import defaultdict

from celery import shared_task
from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core.mail import send_mail
from django.template.loader import render_to_string
from django.utils import timezone, translation

from improvement.models import PDSACycle
from roles.models import RoleAssignment
from specialties.models import Specialty


@shared_task
def send_overdue_reminders() -> int:
    """E-mail every current implementation lead the overdue cycles of their specialties.

    One e-mail per lead (covering all their specialties); leads without an e-mail address
    or without overdue cycles get none. Returns the number of e-mails sent. A fixed number
    of queries whatever the number of cycles.
    """
    today = timezone.localdate()
    cycles_by_specialty = defaultdict(list)
    for cycle in (
        PDSACycle.objects.overdue(today)
        .select_related("change_idea__project__specialty")
        .order_by("planned_end", "pk")
    ):
        cycles_by_specialty[cycle.change_idea.project.specialty_id].append(cycle)
    if not cycles_by_specialty:
        return 0
    leads = (
        RoleAssignment.objects.current(today)
        .filter(
            kind="implementation_lead",
            content_type=ContentType.objects.get_for_model(Specialty),
            object_id__in=list(cycles_by_specialty),
        )
        .select_related("person__user")
    )
    per_user = defaultdict(list)
    users = {}
    for assignment in leads:
        user = assignment.person.user
        if not user.is_active or not user.email:
            continue
        users[user.pk] = user
        per_user[user.pk] += cycles_by_specialty[assignment.object_id]
    sent = 0
    with translation.override(settings.LANGUAGE_CODE):
        for user_pk, cycles in per_user.items():
            user = users[user_pk]
            context = {
                "user": user,
                "cycles": cycles,
                "today": today,
                # Links are relative until the settings name the site's address.
                "site_url": getattr(settings, "SITE_URL", "").rstrip("/"),
            }
            subject = render_to_string("improvement/email/overdue_subject.txt", context).strip()
            body = render_to_string("improvement/email/overdue_body.txt", context)
            sent += send_mail(subject, body, None, [user.email])
    return sent
