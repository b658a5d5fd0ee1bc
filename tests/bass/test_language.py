def test_danish_is_the_default_even_when_the_browser_prefers_english(client, world):
    client.force_login(world.owner_a)
    response = client.get("/", HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9")
    assert '<html lang="da">' in response.content.decode()


def test_the_language_switch_chooses_english_and_back(client, world):
    client.force_login(world.owner_a)
    client.post("/i18n/setlang/", {"language": "en", "next": "/"})
    assert '<html lang="en">' in client.get("/").content.decode()
    client.post("/i18n/setlang/", {"language": "da", "next": "/"})
    assert '<html lang="da">' in client.get("/").content.decode()


def test_an_unknown_language_code_changes_nothing(client, world):
    client.force_login(world.owner_a)
    response = client.post("/i18n/setlang/", {"language": "xx", "next": "/"})
    assert response.status_code == 302
    assert '<html lang="da">' in client.get("/").content.decode()


def test_danish_number_and_date_formats(world):
    import datetime

    from django.template import Context, Template
    from django.utils import translation

    template = Template('{% load bass %}{{ n|number }} {{ d|date:"DATE_FORMAT" }} {{ x }}')
    with translation.override("da"):
        out = template.render(Context({"n": 849857, "d": datetime.date(2026, 1, 15), "x": 2.5}))
    assert out == "849.857 15. januar 2026 2,5"
