"""The rich-text editor every formatted field uses (ambitions, dilemmas, agendas and
minutes): one configuration, so what the editor offers is what bass.text keeps."""

from django_prose_editor.fields import ProseEditorFormField

from bass.text import sanitize_html

# About 15,000 words of formatted text: far more than a field needs, small enough
# that a stray paste of a whole document is refused with a message instead of stored.
RICH_TEXT_MAX_LENGTH = 100_000

# What a writer can do in the editor; bass.text's allow-list (applied again on save)
# keeps the same tags, so pages and PDFs render exactly what the editor showed. Headings
# start at level 3: the text sits under the page's own h1 and h2.
EDITOR_EXTENSIONS = {
    "Heading": {"levels": [3, 4]},
    "Bold": True,
    "Italic": True,
    "BulletList": True,
    "OrderedList": True,
    "ListItem": True,
    "Link": {"enableTarget": False, "protocols": ["http", "https", "mailto"]},
    "Table": True,
    "TableRow": True,
    "TableHeader": True,
    "TableCell": True,
    "HardBreak": True,
}

_EMPTY_BLOCK = ("", "<p></p>", "<p><br></p>")


def clean_rich_text(value: str) -> str:
    value = sanitize_html(value)
    return "" if value in _EMPTY_BLOCK else value


def rich_text_form_field(
    label, *, required: bool = False, help_text="", headings: bool = True
) -> ProseEditorFormField:
    """The editor for rich text. Without JavaScript it is a plain textarea."""
    extensions = dict(EDITOR_EXTENSIONS)
    if not headings:
        extensions.pop("Heading")
    return ProseEditorFormField(
        label=label,
        required=required,
        help_text=help_text,
        max_length=RICH_TEXT_MAX_LENGTH,
        extensions=extensions,
        sanitize=clean_rich_text,
    )
