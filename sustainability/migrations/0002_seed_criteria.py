"""Seed the criteria catalogue from the miniguide's three perspectives on sustainability.

Written in our own words. Indicator thresholds are starting values for the programme
secretariat to adjust. A historical row is written for each criterion, so the catalogue's
history starts with the seed.
"""

from django.db import migrations
from django.utils import timezone

REASON = "Oprettet fra BASS-miniguidens tre bæredygtighedsperspektiver"

# (axis, order, name, description, five steps, indicator name, unit, higher is better,
#  thresholds for scores 2..5)
CRITERIA = [
    (
        "professional",
        10,
        "Ensartet behandling efter fælles retningslinjer",
        "Patienter i hele regionen behandles ens efter fælles, opdaterede retningslinjer, "
        "uanset hvilket sygehus de møder.",
        (
            "Der er ingen fælles retningslinjer; behandlingen afhænger af sygehuset.",
            "Fælles retningslinjer findes for få forløb og følges sjældent.",
            "Fælles retningslinjer findes for de store forløb, men følges ujævnt.",
            "Fælles retningslinjer dækker de fleste forløb og følges som regel.",
            "Fælles retningslinjer dækker alle forløb, følges og evalueres løbende.",
        ),
        "Andel patienter behandlet efter fælles retningslinje",
        "%",
        True,
        (60, 75, 85, 95),
    ),
    (
        "professional",
        20,
        "Stærke faglige miljøer",
        "Specialet er samlet i styrkepositioner med volumen nok til faglig sparring, "
        "supervision og overskud til den gode klinik.",
        (
            "Specialet er spredt i små enheder uden faglig sparring.",
            "Enkelte enheder har sparring; de fleste arbejder isoleret.",
            "Styrkepositionerne er etableret, men sparringen er sårbar ved fravær.",
            "Styrkepositionerne har stabil sparring og fælles konferencer.",
            "Stærke miljøer med bred sparring, der også løfter de øvrige sygehuse.",
        ),
        "",
        "",
        True,
        None,
    ),
    (
        "professional",
        30,
        "Forskning og uddannelse",
        "Specialet forsker, uddanner speciallæger og sygeplejersker og omsætter ny viden "
        "til praksis.",
        (
            "Ingen forskning og få eller ingen uddannelsesstillinger.",
            "Sporadisk forskning; uddannelsen hviler på enkeltpersoner.",
            "Forskning og uddannelse foregår, men uden fælles plan.",
            "Fælles plan for forskning og uddannelse, som følges.",
            "Forskning og uddannelse er en styrke, der tiltrækker medarbejdere.",
        ),
        "",
        "",
        True,
        None,
    ),
    (
        "professional",
        40,
        "Speciallægedækning",
        "Der er speciallæger nok til befolkningen, målt i forhold til borgere over 60 år, "
        "som bruger de medicinske specialer mest.",
        (
            "Alvorlig mangel på speciallæger; opgaver løses ikke.",
            "Mangel på speciallæger; opgaver udskydes.",
            "Dækningen er lige netop tilstrækkelig.",
            "God dækning med plads til udvikling.",
            "Dækningen er robust, også ved fravær og ferie.",
        ),
        "Speciallæger pr. 10.000 borgere over 60 år",
        "pr. 10.000",
        True,
        (1.0, 1.5, 2.0, 2.5),
    ),
    (
        "staff",
        10,
        "Rekruttering og fastholdelse",
        "Specialet kan besætte sine stillinger og holde på erfarne medarbejdere.",
        (
            "Mange ubesatte stillinger og stor udskiftning.",
            "Flere ubesatte stillinger; rekruttering tager lang tid.",
            "Enkelte ubesatte stillinger; udskiftningen er moderat.",
            "Stillinger besættes i første runde; lav udskiftning.",
            "Specialet er et attraktivt sted at arbejde og har ansøgere i reserve.",
        ),
        "Vakanceprocent",
        "%",
        False,
        (20, 15, 10, 5),
    ),
    (
        "staff",
        20,
        "Trivsel og sygefravær",
        "Medarbejderne trives, arbejdsbelastningen er til at holde, og sygefraværet er lavt.",
        (
            "Lav trivsel og højt sygefravær; mange overvejer at stoppe.",
            "Trivslen er under pres; sygefraværet stiger.",
            "Trivsel og sygefravær svarer til regionens gennemsnit.",
            "God trivsel og lavt sygefravær.",
            "Høj trivsel, lavt sygefravær og et arbejdsmiljø andre lærer af.",
        ),
        "Sygefravær",
        "%",
        False,
        (8, 6.5, 5, 4),
    ),
    (
        "staff",
        30,
        "Stabile og fleksible arbejdsforhold",
        "Vagtplaner, opgavefordeling og arbejde på tværs af sygehuse er forudsigelige og "
        "giver plads til den enkeltes behov.",
        (
            "Uforudsigelige vagter og ofte ændrede planer.",
            "Planerne holder sjældent; fleksibilitet er ad hoc.",
            "Planerne holder som regel; fleksibilitet efter aftale.",
            "Stabile planer og fleksible løsninger, der er aftalt i fællesskab.",
            "Stabile planer, fleksibel opgavedeling og arbejde på distancen, der virker.",
        ),
        "",
        "",
        True,
        None,
    ),
    (
        "organisational",
        10,
        "Sammenhæng mellem specialer og akutsygehuse",
        "Specialets styrkepositioner og de fire akutsygehuse arbejder sammen om patienterne, "
        "så akutsygehusene kan løse deres opgaver.",
        (
            "Akutsygehusene mangler specialets kompetencer; patienter flyttes unødigt.",
            "Samarbejdet beror på personlige aftaler.",
            "Der er aftaler for samarbejdet, men de virker ikke overalt.",
            "Faste aftaler og kanaler, der virker for de fleste patienter.",
            "Robust samarbejde, hvor alle akutsygehuse har adgang til specialet døgnet rundt.",
        ),
        "",
        "",
        True,
        None,
    ),
    (
        "organisational",
        20,
        "Lige adgang til behandling",
        "Borgere i hele regionen får behandling lige hurtigt og lige godt, uanset bopæl og "
        "ressourcer (populationsansvaret).",
        (
            "Store forskelle i adgang og ventetid mellem områder.",
            "Mærkbare forskelle i adgang mellem områder.",
            "Små forskelle; ventetiden er inden for kravene de fleste steder.",
            "Lige adgang med korte ventetider i hele regionen.",
            "Lige adgang, korte ventetider og behandling tæt på borgeren, hvor det giver mening.",
        ),
        "Ventetid til første ambulante besøg",
        "dage",
        False,
        (60, 45, 30, 14),
    ),
    (
        "organisational",
        30,
        "Ressourceudnyttelse",
        "Senge, ambulatorier, udstyr og personale bruges der, hvor de skaber mest værdi, "
        "uden dobbeltfunktioner.",
        (
            "Ressourcerne er bundet i dobbeltfunktioner og spild.",
            "Ressourcerne er ujævnt fordelt; flaskehalse er kendte men ikke løst.",
            "Ressourcerne bruges rimeligt; enkelte flaskehalse.",
            "Ressourcerne planlægges på tværs af sygehuse.",
            "Ressourcerne fordeles løbende efter behov på tværs af regionen.",
        ),
        "",
        "",
        True,
        None,
    ),
]


def seed(apps, schema_editor):
    Criterion = apps.get_model("sustainability", "Criterion")
    HistoricalCriterion = apps.get_model("sustainability", "HistoricalCriterion")
    now = timezone.now()
    for axis, order, name, description, steps, indicator, unit, higher, thresholds in CRITERIA:
        if Criterion.objects.filter(axis=axis, name=name).exists():
            continue
        criterion = Criterion(
            axis=axis,
            order=order,
            name=name,
            description=description,
            indicator_name=indicator,
            indicator_unit=unit,
            higher_is_better=higher,
            is_active=True,
            version=1,
        )
        for number, text in enumerate(steps, start=1):
            setattr(criterion, f"step_{number}", text)
        for number, value in zip(range(2, 6), thresholds or (None,) * 4, strict=True):
            setattr(criterion, f"threshold_{number}", value)
        criterion.save()
        record = HistoricalCriterion(
            history_date=now,
            history_type="+",
            history_change_reason=REASON,
            history_user_name="BASS system",
        )
        for field in Criterion._meta.concrete_fields:
            setattr(record, field.attname, getattr(criterion, field.attname))
        record.save()


class Migration(migrations.Migration):
    dependencies = [("sustainability", "0001_initial")]

    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
