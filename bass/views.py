"""Pages of the ground floor that belong to no app: the accessibility statement."""

import datetime

from django.conf import settings
from django.shortcuts import render
from django.utils.translation import get_language
from django.views.decorators.http import require_GET

#: When the statement was prepared and last reviewed (the act asks for both dates).
STATEMENT_PREPARED = datetime.date(2026, 12, 1)
STATEMENT_REVIEWED = datetime.date(2026, 12, 1)


@require_GET
def accessibility_statement(request):
    """The accessibility statement the web-accessibility act asks for, open to everyone
    (also before log-in), in the shape of the Danish Agency for Digital Government's template.

    The text is long prose, so each language has its own template instead of one gettext
    string per sentence.
    """
    language = "en" if (get_language() or "da").startswith("en") else "da"
    return render(
        request,
        f"bass/accessibility/statement_{language}.html",
        {
            "prepared": STATEMENT_PREPARED,
            "reviewed": STATEMENT_REVIEWED,
            "contact_email": settings.ACCESSIBILITY_CONTACT_EMAIL,
        },
    )
