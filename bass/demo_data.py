"""The demo Region Sjælland (DOMAIN_FACTS.md). Strength-position pairings are invented."""

REGION = {"name": "Region Sjælland", "code": "sjaelland"}

# (name, short name, is_acute)
HOSPITALS = [
    ("Sjællands Universitetshospital, Køge", "SUH Køge", True),
    ("Holbæk Sygehus", "Holbæk", True),
    ("Slagelse Sygehus", "Slagelse", True),
    ("Sjællands Universitetshospital, Nykøbing F.", "SUH Nykøbing F.", True),
    ("Sjællands Universitetshospital, Roskilde", "SUH Roskilde", False),
    ("Næstved Sygehus", "Næstved", False),
]

# municipality: (population 1 Jan 2023, catchment hospital short name)
MUNICIPALITIES = {
    "Roskilde": (90446, "SUH Køge"),
    "Køge": (62458, "SUH Køge"),
    "Greve": (51507, "SUH Køge"),
    "Faxe": (37344, "SUH Køge"),
    "Solrød": (24216, "SUH Køge"),
    "Stevns": (23692, "SUH Køge"),
    "Holbæk": (73440, "Holbæk"),
    "Kalundborg": (48602, "Holbæk"),
    "Odsherred": (32977, "Holbæk"),
    "Lejre": (28930, "Holbæk"),
    "Næstved": (84574, "Slagelse"),
    "Slagelse": (79728, "Slagelse"),
    "Ringsted": (35906, "Slagelse"),
    "Sorø": (30444, "Slagelse"),
    "Guldborgsund": (60231, "SUH Nykøbing F."),
    "Vordingborg": (45441, "SUH Nykøbing F."),
    "Lolland": (39921, "SUH Nykøbing F."),
}

# slug: (name, the two invented strength-position hospitals, organisation form)
SPECIALTIES = {
    "kardiologi": ("Intern medicin: kardiologi", ("SUH Køge", "Holbæk"), "two_hospitals"),
    "lungesygdomme": ("Intern medicin: lungesygdomme", ("SUH Køge", "Slagelse"), "two_hospitals"),
    "endokrinologi": (
        "Intern medicin: endokrinologi",
        ("Holbæk", "SUH Nykøbing F."),
        "at_a_distance",
    ),
    "gastroenterologi-og-hepatologi": (
        "Intern medicin: gastroenterologi og hepatologi",
        ("SUH Køge", "Slagelse"),
        "two_hospitals",
    ),
    "geriatri": ("Intern medicin: geriatri", ("Holbæk", "Slagelse"), "cross_hospital"),
    "haematologi": ("Intern medicin: hæmatologi", ("SUH Køge", "Holbæk"), "at_a_distance"),
    "infektionsmedicin": (
        "Intern medicin: infektionsmedicin",
        ("SUH Køge", "Slagelse"),
        "two_hospitals",
    ),
    "nefrologi": ("Intern medicin: nefrologi", ("Holbæk", "SUH Nykøbing F."), "at_a_distance"),
    "reumatologi": ("Intern medicin: reumatologi", ("SUH Køge", "Slagelse"), "two_hospitals"),
    "akutmedicin": ("Akutmedicin", ("Slagelse", "SUH Nykøbing F."), "cross_hospital"),
}

# Specialties whose demo population responsibility deliberately leaves a gap, so that the
# finding is visible on screen.
# The specialties' names in English, for the English miniguides.
SPECIALTIES_EN = {
    "kardiologi": "Internal medicine: cardiology",
    "lungesygdomme": "Internal medicine: pulmonology",
    "endokrinologi": "Internal medicine: endocrinology",
    "gastroenterologi-og-hepatologi": "Internal medicine: gastroenterology and hepatology",
    "geriatri": "Internal medicine: geriatrics",
    "haematologi": "Internal medicine: haematology",
    "infektionsmedicin": "Internal medicine: infectious diseases",
    "nefrologi": "Internal medicine: nephrology",
    "reumatologi": "Internal medicine: rheumatology",
    "akutmedicin": "Emergency medicine",
}
SPECIALTIES_WITH_GAP = {"geriatri": ["Lolland", "Guldborgsund"]}

PROGRAMME = {
    "name": "Bæredygtige akutsygehuse og specialer",
    "short_name": "BASS",
    "vision": (
        "<p>BASS skal sikre stærke faglige miljøer med plads til sparring og udvikling "
        "inden for specialet – og samtidig behandling af høj kvalitet tæt på borgerne.</p>"
        "<p>Behandlingen skal være tilgængelig for alle patienter, uanset hvor i regionen de "
        "bor, uden at personalet belastes unødigt.</p>"
    ),
    "core_goals": (
        "<ul><li>Stærke faglige miljøer for regionens medarbejdere</li>"
        "<li>Lige adgang til behandling af høj kvalitet for alle borgere</li>"
        "<li>Et mere robust sundhedsvæsen</li></ul>"
    ),
}

CHAPTERS = [
    (
        "hvad-er-bass",
        "Hvad er BASS?",
        "<p>BASS er et udviklingsprogram, som Regionsrådet i Region Sjælland satte i gang i "
        "2023. Programmet skal løse aktuelle udfordringer i sygehusvæsenet gennem "
        "organisatoriske ændringer og skabe langsigtede, bæredygtige løsninger, der balancerer "
        "faglige, personalemæssige og organisatoriske hensyn.</p>",
    ),
    (
        "kerneudfordringer",
        "Kerneudfordringer",
        "<ul><li>Der er for få læger i forhold til antallet af borgere.</li>"
        "<li>Det er svært at rekruttere og fastholde speciallæger.</li>"
        "<li>Patienterne er ældre og har flere kroniske sygdomme, og forløbene bliver mere "
        "komplekse.</li><li>Regionen dækker et stort område med relativt få borgere.</li></ul>",
    ),
    (
        "styrkepositioner",
        "Styrkepositioner",
        "<p>Et speciale samler sine stærke faglige miljøer i styrkepositioner. Det kan ske ved "
        "at samle personalet på to sygehuse, ved behandlingsansvar på distancen eller ved "
        "faglige fællesskaber på tværs af sygehusene. Specialeejeren finder sammen med "
        "personalet den løsning, der passer til specialet.</p>",
    ),
    (
        "populationsansvar",
        "Populationsansvar",
        "<p>Specialets styrkepositioner har tilsammen ansvaret for alle patienter i specialet "
        "i hele regionen. Hver kommune skal være dækket – et hul er et fund, der skal "
        "håndteres.</p>",
    ),
    (
        "baeredygtighed",
        "Bæredygtighed",
        "<p>Løsninger vurderes gennem tre perspektiver som et prisme: faglig bæredygtighed "
        "(kvalitet, ensartethed og stærke faglige miljøer), personalemæssig bæredygtighed "
        "(stabile arbejdsforhold, trivsel og fleksibilitet) og organisatorisk bæredygtighed "
        "(sammenhæng, robuste strukturer og god ressourceudnyttelse).</p>",
    ),
    (
        "roller-og-ansvar",
        "Roller og ansvar",
        "<p>Specialeejeren – en vicedirektør – ejer den strategiske ambition. Den "
        "implementeringsansvarlige – fx cheflæge eller chefsygeplejerske – omsætter den til en "
        "faglig ambition og konkrete implementeringsplaner. Kerneteamet bidrager med viden og "
        "forankring.</p>",
    ),
]

# The same texts in English, for the English miniguides.
PROGRAMME_EN = {
    "name_en": "Sustainable acute hospitals and specialties",
    "vision_en": (
        "<p>BASS is to secure strong professional environments with room for sparring and "
        "development within each specialty – and at the same time treatment of high quality "
        "close to the citizens.</p>"
        "<p>Treatment is to be available to every patient, wherever in the region they live, "
        "without putting undue strain on the staff.</p>"
    ),
    "core_goals_en": (
        "<ul><li>Strong professional environments for the region's staff</li>"
        "<li>Equal access to treatment of high quality for every citizen</li>"
        "<li>A more robust health service</li></ul>"
    ),
}

CHAPTERS_EN = {
    "hvad-er-bass": (
        "What is BASS?",
        "<p>BASS is a development programme that the Regional Council of Region Zealand "
        "started in 2023. The programme is to solve current challenges of the hospital service "
        "through organisational change and to create long-term, sustainable solutions that "
        "balance professional, staff and organisational concerns.</p>",
    ),
    "kerneudfordringer": (
        "Core challenges",
        "<ul><li>There are too few doctors for the number of citizens.</li>"
        "<li>Specialist doctors are hard to recruit and to keep.</li>"
        "<li>Patients are older and have more chronic diseases, and their pathways are "
        "becoming more complex.</li><li>The region covers a large area with relatively few "
        "citizens.</li></ul>",
    ),
    "styrkepositioner": (
        "Strength positions",
        "<p>A specialty gathers its strong professional environments in strength positions. "
        "This can be done by gathering the staff at two hospitals, by treatment responsibility "
        "at a distance or by professional communities across the hospitals. The specialty "
        "owner finds, together with the staff, the solution that suits the specialty.</p>",
    ),
    "populationsansvar": (
        "Population responsibility",
        "<p>The specialty's strength positions together answer for every patient of the "
        "specialty in the whole region. Every municipality must be covered – a gap is a "
        "finding to be dealt with.</p>",
    ),
    "baeredygtighed": (
        "Sustainability",
        "<p>Solutions are assessed through three perspectives, as a prism: professional "
        "sustainability (quality, consistency and strong professional environments), staff "
        "sustainability (stable working conditions, wellbeing and flexibility) and "
        "organisational sustainability (coherence, robust structures and good use of "
        "resources).</p>",
    ),
    "roller-og-ansvar": (
        "Roles and responsibilities",
        "<p>The specialty owner – a vice director – owns the strategic ambition. The "
        "implementation lead – for instance a chief physician or chief nurse – turns it into "
        "a professional ambition and concrete implementation plans. The core team contributes "
        "knowledge and anchoring.</p>",
    ),
}

DEMO_PASSWORD = "BASS-demo-2026!"

# username: (first name, last name, title, employer short name, [(kind, specialty slug|None,
# function)])
USERS = {
    "specialeejer": (
        "Mette",
        "Holm",
        "Vicedirektør",
        "SUH Køge",
        [("specialty_owner", "kardiologi", "")],
    ),
    "implementering": (
        "Jens",
        "Nørgaard",
        "Cheflæge",
        "Holbæk",
        [("implementation_lead", "kardiologi", "")],
    ),
    "kerneteam": (
        "Anne",
        "Kjær",
        "Chefsygeplejerske",
        "Slagelse",
        [("core_team", "kardiologi", "afdelingsledelse")],
    ),
    "specialeejer-lunge": (
        "Lars",
        "Mikkelsen",
        "Vicedirektør",
        "Slagelse",
        [("specialty_owner", "lungesygdomme", "")],
    ),
    "styregruppe": (
        "Birgitte",
        "Lund",
        "Koncerndirektør",
        None,
        [("steering_group", None, "")],
    ),
    "administrator": (
        "Sofie",
        "Dahl",
        "Programsekretariatet",
        None,
        [("administrator", None, "")],
    ),
}

# Invented ambitions and dilemmas for kardiologi (shown as example data).
STRATEGIC_AMBITION = (
    "<p><strong>Eksempeldata.</strong> Kardiologien i Region Sjælland samles i to stærke "
    "faglige miljøer på SUH Køge og Holbæk Sygehus, som sammen har ansvaret for alle "
    "hjertepatienter i regionen.</p>"
    "<ul><li>Ensartet udredning og behandling efter fælles retningslinjer</li>"
    "<li>Behandlingsansvar på distancen, så patienter i Nykøbing F. og Slagelse "
    "behandles tæt på deres bopæl</li>"
    "<li>Rekruttering af speciallæger gennem stærke faglige fællesskaber</li></ul>"
)
PROFESSIONAL_AMBITION = (
    "<p><strong>Eksempeldata.</strong> Alle patienter med hjertesvigt får en fælles "
    "udskrivelsespakke med medicinafstemning og opfølgning inden for tre dage.</p>"
)
DILEMMAS = [
    (
        "strategic",
        "Centrale faglige miljøer eller lokal nærhed",
        "<p>Samling af specialister styrker kvaliteten, men øger transporttiden for "
        "patienter på Lolland og Falster.</p>",
    ),
    (
        "professional",
        "Personaletrivsel og fleksibilitet",
        "<p>Vagtdækning på tværs af to sygehuse giver robusthed, men belaster de "
        "medarbejdere, der skal pendle.</p>",
    ),
]
