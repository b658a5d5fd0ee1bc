# ruff: noqa: E501 - the minutes' text, wrapped by the formatter
"""The meeting of Faglig Strategisk Forum, Slagelse cluster, 3 April 2025, as its public
minutes (seed 002) give it: item order, titles, document ids, every field and decision.
Written with the editor's markup (paragraphs, lists, emphasis) from the minutes' text."""

SEED_MEETING_ITEMS = [
    {
        "number": 1,
        "title": "Velkommen og godkendelse af dagsordenen",
        "document_id": "12069979",
        "summary": "<p>Faglig Strategisk Forum godkender dagsordenen og hilser gæsterne "
        "velkommen.</p>",
        "recommendation": "<p>Det indstilles, at faglig Strategisk Forum</p><ul><li>Godkender "
        "dagsordenen.</li></ul>",
        "case_presentation": "",
        "finances": "",
        "earlier_decisions": "",
        "decision": "<p>Dagsordenen blev godkendt.</p>",
        "attachments": [],
    },
    {
        "number": 2,
        "title": "Beslutning om anmodning til Sundhedsdatastyrelsen",
        "document_id": "12071258",
        "summary": "<p>Udarbejdet af temaudvalget for sammenhængende patientforløb for sårbare ældre "
        "og præsenteres af styregruppen og tovholder for indsatsen medicin i "
        "sektorovergang.</p><p>Styregruppe og tovholder for klyngeindsatsen Medicin i "
        "sektorovergang har henvendt sig til temaudvalget for Sammenhængende "
        "patientforløb for sårbare ældre, vedrørende et strukturelt problem, som ikke kan "
        "løses i regi af indsatsen. Temaudvalget for sårbare ældre anbefaler, at der på "
        "Faglig Strategisk Forums vegne sendes en anmodning til sundhedsdatastyrelsen om "
        "at fremskynde processen med henblik på at sikre patientsikkerheden i "
        "sektorovergangen.</p>",
        "recommendation": "<p>Det indstilles at Fagligt Strategisk Forum</p><ul><li>Beslutter om "
        "manglende information i FMK skal bringes videre til "
        "sundhedsdatastyrelsen, der understøtter den elektroniske kommunikation "
        "mellem sektorer</li></ul>",
        "case_presentation": "<p>Om fundet</p><p>Ved udskrivelser fra sygehus til kommune viser data "
        "fra indsatsen medicin i sektorovergang, at det kommunale personale ved "
        "afvigelser ikke har mulighed for at give den korrekte medicin medgivet "
        "fra sygehuset. Årsagen er, at information i det fælles medicinkort "
        "(FMK) ikke indeholder kommentarer fra sundhedsportalens (SP) medicin "
        "administrationsmodul.</p><p>Det betyder, at det kommunale personale "
        "ikke kan se, hvis det udleverede medicin fra sygehuset, ikke har samme "
        "styrke, som er angivet i FMK. Det kommunale personale er dermed ikke "
        "vidende om årsagen til afvigelser i antallet af udleverede piller ift. "
        "antallet af piller anført i FMK.</p><p>Det vil sige, at sygehuset kan "
        "dispensere medicin, som indeholder flere eller færre piller, end hvad "
        "det kommunale personale kan aflæse i FMK og dermed i det kommunale "
        "omsorgssystem. Det medfører, at medicinen der medgives fra sygehuset "
        "til første dosering, bliver kasseret, og at patienten oplever "
        "medicinslip.</p><p>Under indsatsen medicin i sektorovergang, er der på "
        "baggrund af dette fund udarbejdet en kompenserende handling. "
        "Handlingen indebærer at sygehuspersonalet, ved hjælp af en standard "
        "skabelon, beskriver afvigelser i en klinisk korrespondance, hvor det "
        "kommunale personale kan indhente informationen.</p><p>Denne "
        "kompenserende handling medvirker til en øget arbejdsgang for både "
        "sygehuspersonale og kommunens personale. Årsagen er, at det "
        "automatiske system understøttes af manuelle handlinger. Det kræver at "
        "personalet, både på sygehus og i kommuner, er vidende om, at FMK ikke "
        "indeholder tidssvarende information og information om afvigelser, "
        "hvilket kan påvirke patientsikkerheden. For at undgå de kompenserende "
        "handlinger vil en løsning på problemet være, at FMK indeholder "
        "information trukket fra den elektroniske patientjournal herunder "
        "SP&#x27;s administrations modul og leveres ind i den elektroniske "
        "omsorgsjournal.</p><p>Løsningen vil være til gavn for alle landets "
        "sygehuse og kommuner, da det er et nationalt problem, som skaber "
        "usikkerhed i sektorovergangen.</p><p>Der har været taget kontakt til "
        "Sundhedsdatastyrelsen i foråret 2024 vedr. ovenstående problematik og "
        "tilbagemeldingen er, at det kræver ændringer af FMK, som tidligst "
        "kommer i produktion i 2025.</p>",
        "finances": "",
        "earlier_decisions": "",
        "decision": "<p>Der udarbejdes et fælles brev fra klyngen, til Sundhedsdatastyrelsen med "
        "kopi til Patientdatastyrelsen, Medicinrådet og Styrelsen for "
        "Patientsikkerhed.</p><p>Derudover sendes skriv til øvrige regioner for at "
        "undersøge, om de kan genkende problemstillingen.</p>",
        "attachments": [],
    },
    {
        "number": 3,
        "title": "Indstilling til forbedringsinitiativer til Det Nationale Ledelsesprogram",
        "document_id": "12077217",
        "summary": "<p>Formålet med sagen er, at Faglig Strategisk Forum udvælger i prioriteret "
        "rækkefølge, hvilke forbedringsinitiativer, der indstilles til Det Nationale "
        "Ledelsesprogram.</p>",
        "recommendation": "<p>Det indstilles at Fagligt Strategisk Forum</p><ol><li>Indstiller "
        "temaudvalgenes forslag til Forbedringsinitiativer til Det Nationale "
        "Ledelsesprogram i prioriteret rækkefølge</li><li>Drøfter om der er flere "
        "kommuner der er interesseret i at deltage initiativerne</li></ol>",
        "case_presentation": "<p>Formålet med Det Nationale Ledelsesprogram er at styrke det "
        "tværsektorielle/tværgående borger/patient forløb. Deltagerne opnår en "
        "større kapacitet til at lede forbedringer på tværs af sektorer og i "
        "egen organisation.</p><p>Programmet starter september 2025 og "
        "afsluttes juni 2026. I dette tidsrum leder deltagerne deres "
        "forbedringsinitiativ mellem læringstræffene. I Afprøvningsfasen "
        "januar-maj 2026 er der særligt fokus på afprøvning og implementering "
        "på tværs i egne organisationer. Det Nationale Ledelsesprogram "
        "anbefaler, at deltagerne fordeles i teams hvor et team på 2-6 personer "
        "er ideelt.</p><p>I henhold til fordelingsnøglen har Region Sjælland "
        "mulighed for at tilmelde 27 deltagere i alt. Det betyder, at Slagelse "
        "Klyngen kan tilmelde 1-2 forbedringsinitiativer. Formandskabet "
        "foreslår, at Faglig Strategisk Forum sender alle tre forslag afsted i "
        "en prioriteret rækkefølge. Alle temaudvalg har drøftet forslag til "
        "forbedringsinitiativer, hvilket har resulteret i de tre nedenstående "
        "indstillinger.</p><ul><li><em>Basal Palliation – kompetenceudvikling "
        "på tværs af sektorer</em> (bilag 1). Indstillet af Teamudvalget "
        "sammenhængende patientforløb for sårbare ældre. Deltagere NSR "
        "Sygehuse, Slagelse Kommune, Sorø kommune og Næstved "
        "Lægecenter.</li><li><em>Dem forebyggende udskrivelse – med fokus på "
        "Sammenhængende patientforløb for sårbare ældre</em> (bilag 2). "
        "Indstillet af Temaudvalget for styrket indsats for borgere med kronisk "
        "sygdom. Deltagere er repræsenteret fra NSR Sygehuse og Ringsted "
        "kommune, men der er mulighed for deltagelse af endnu en "
        "kommune.</li></ul><ul><li><em>Rekruttering af borgere til "
        "rehabiliteringsforløb i kommunerne på baggrund af Den nationale "
        "kvalitetsstandard for forebyggelsestilbud til borgere med kronisk "
        "sygdom og de fælles forløbsprogrammer (bilag 3). Indstillet af "
        "Temaudvalget for styrket indsats for borgere med kronisk sygdom. NSR "
        "Sygehuse og Ringsted kommune har tilkendegivet deltagelse. Mangler "
        "tilkendegivelse fra privat praksis og der er plads til endnu en "
        "kommune.</em></li></ul>",
        "finances": "<p>Sagen er ikke forbundet med udgifter, der kræver særskilt stillingtagen.</p>",
        "earlier_decisions": "",
        "decision": "<p>Faglig Strategisk Forum prioriterer som følger:</p><ul><li>1. Basal "
        "palliation – kompetenceudvikling på tværs af sektorer</li><li>2. Rekruttering "
        "af borgere til rehabiliteringsforløb</li><li>3. Den forebyggende "
        "udskrivelse</li></ul>",
        "attachments": [
            ("Pkt. 3 Bilag 1 Forbedringsinitiativ - Basal palliation", "12086714"),
            ("Pkt. 3 Bilag 2 Forbedrings initiativ Den forebyggende udskrivelse", "12077699"),
            (
                "Pkt. 3 Bilag 3 Forbedringsinitiativ rekruttering af borgere til "
                "rehabiliteringsforløb",
                "12077704",
            ),
        ],
    },
    {
        "number": 4,
        "title": "Evaluering af Slagelse klyngens fælles læringsdag",
        "document_id": "12071476",
        "summary": "<p>Den 26. marts 2025 afholdte Slagelse Klyngen deres fælles læringsdag. Faglig "
        "Strategisk Forum evaluerer dagen.</p>",
        "recommendation": "<p>Det indstilles, at Faglig Strategisk Forum</p><ul><li>Evaluerer "
        "læringsdagen.</li></ul>",
        "case_presentation": "<p>Medlemmer af Faglig Strategisk Forum samt udvalgsformænd og "
        "konsulenter fra Slagelse Klyngens temaudvalg afholdt den 26. marts "
        "2025 fælles læringsdag. Formålet med dagen var primært at dele viden "
        "om, hvad der foregår i de forskellige temaudvalg, hvad der skal "
        "fokuseres på i den sidste periode og hvad er med fordel kan bringes "
        "videre i en ny organisering. Faglig Strategisk Forum evaluerer "
        "dagen.</p>",
        "finances": "<p>Sagen er ikke forbundet med udgifter, der kræver særskilt stillingtagen.</p>",
        "earlier_decisions": "",
        "decision": "<p>FSF drøftede indsatser og resultater af indsatser samt hvilke erfaringer, de "
        "ønsker at bringe videre til de nye sundhedsråd.</p><p>Generelt en god dag især "
        "bør der være fokus på, hvordan vi starter indsatser, der ikke er "
        "personafhængige, især nu, hvor der sker organisatoriske ændringer med "
        "indførelse af de nye sundhedsråd.</p>",
        "attachments": [],
    },
    {
        "number": 5,
        "title": "Orientering om sundhedsreformsarbejdet ift. Omstilling af sundhedsopgaven mod det "
        "nære sundhedsvæsen",
        "document_id": "12071279",
        "summary": "<p>Region Sjælland er gået i gang med at forberede sig til implementeringen af "
        "sundhedsreformen. Arbejdet er delt op i seks delprogrammer og Faglig Strategisk "
        "Forums medformand Niels Reichstein Larsen skal stå i spidsen for arbejdet med "
        "omstilling af sundhedsopgaven mod det nære sundhedsvæsen.</p><p>Niels vil på "
        "mødet give Faglig Strategisk Forum et overordnet indblik i den opgave, der skal "
        "løses i de kommende år.</p>",
        "recommendation": "<p>Det indstilles, at Faglig Strategisk Forum tager orienteringen til "
        "efterretning.</p>",
        "case_presentation": "<p>En af de centrale intentioner i Sundhedsreformen er, at borgerne i "
        "Danmark skal leve et godt liv, også under sygdom. Der er derfor behov "
        "for i højere grad at styrke den del af sundhedsvæsenet, der er tættest "
        "på borgerne. Der er besluttet en ny opgavefordeling mellem "
        "myndighederne, hvor sygehusene skal have en mere udadvendt rolle og "
        "understøtte egen læge og kommunerne i behandling og pleje af borgerne. "
        "Sundhedstilbuddene uden for sygehusene skal oprustes, så langt mere "
        "behandling og pleje kan finde sted i borgernes hjem eller tæt på deres "
        "nærmiljø. Dette skal ske både ved at sygehusene skal række længere ud "
        "og være mere sammen m praksis og kommuner om at knytte "
        "patientforløbene mere sammen, således at borgeren oplever færre "
        "overgange og større sammenhæng.</p><p>Formålet med delprogrammet for "
        "Omstilling mod det nære sundhedsvæsen er dels at udarbejde en faglig "
        "kvalificeret model for hvordan opgave fremover skal varetages i "
        "samspillet mellem kommuner og Region Østdanmark, dels afklare og "
        "aftale konkret flytning af opgaver i de tilfælde, hvor det er "
        "relevant. Delprogrammet skal også fokusere på, hvordan sygehusene skal "
        "varetage en mere udadvendt rolle i det samlede sundhedsvæsen. På "
        "baggrund af modellerne planlægges og implementeres forandringerne i de "
        "kommende år frem mod 1. januar 2027.</p><p>Programmets mål er at sikre "
        "en god og sikker flytning af de nye opgaver og understøtte indsatsen i "
        "forhold til det udadvendte sygehus, så den kommende Region Østdanmark "
        "kan</p><ul><li>Sikre lige adgang til sundhedstilbud med sammenlignelig "
        "kvalitet på tværs af regionen</li><li>Lægge spor til et sundhedsvæsen "
        "med end-to-end ansvar, der sikrer mere sammenhængende forløb for "
        "borgere/patienter</li><li>Skabe den nødvendige omstilling til et mere "
        "nært sundhedsvæsen.</li></ul><p>Det nære sundhedsvæsen i Region "
        "Østjylland skal imødesee de særlige vilkår og forhold, som gør sig "
        "gældende i en region, der dækker næsten halvdelen af Danmarks "
        "befolkning, rummer den største kommune og nogle af de mindste, får "
        "seks sundhedsråd og skal samarbejde med 46 kommuner. Derfor bliver en "
        "vigtig fælles opgave at formulere en vision for, hvordan det nære "
        "sundhedsvæsen skal se ud i Region Østjylland.</p><p>Delprogrammet "
        "består af to spor: 1. Opgaveflyt fra kommune til region og 2. Det "
        "udadvendte hospital. Begge spor består af en række indsatser, som "
        "igangsættes i prioriteret rækkefølge. Spor og indsatser præsenteres på "
        "mødet.</p><p>Succeskriterier for delprogrammet er:</p><ul><li>Der er "
        "pr. 1. januar 2027 sat en klar retning på visionen for fremtidens nære "
        "sundhedsvæsen, hvor opgaven varetages mere nært, sammenhængende og med "
        "et løft af kvalitet og en harmonisering på tværs af de nære "
        "sundhedstilbud i årene efter 2027</li><li>Der er stabil drift i de "
        "opgaver, der flyttes til regionen, så der fortsat leveres den "
        "nødvendige sundhedsfaglige indsats til borgere og patienter i "
        "overgangsperioden og i tiden efter 1. januar 2027 indenfor den givne "
        "økonomi. Dette kan ske både ved hjemtag eller indgåelse af "
        "driftsaftaler med kommuner.</li><li>Integrationen af de nære "
        "sundhedstilbud i regionen er gennemført pr. 1. januar 2027 – enten via "
        "egen drift eller via indgåede aftaler med kommunerne. Det gælder "
        "placering af behandlingsansvar for patientforløb, personalets "
        "ansættelsesforhold, ledelse og økonomi.</li><li>Der er etableret "
        "lægedækning på sundheds- og omsorgspladser, plejehjem og botilbud pr. "
        "1. januar 2027</li><li>Der er pr. 1. januar 2027 etableret et stærkt "
        "fundament ift. at transformere hospitalsledelserne til "
        "sundhedsledelser, så hospitalerne er klædt på til at varetage opgaven "
        "med at omstille sundhedsopgaven mod det nære</li><li>Skabelse af "
        "attraktive arbejdspladser, hvor tværfagligt samarbejde bidrager til "
        "løbende kompetenceudvikling af medarbejdere til gavn for "
        "patienterne.</li><li>Sikre rekruttering af medarbejdere og "
        "ledere</li></ul>",
        "finances": "<p>Sagen er ikke forbundet med udgifter, der kræver særskilt stillingtagen.</p>",
        "earlier_decisions": "",
        "decision": "<p>Niels Reichstein Larsen og Trine Holgersen gav hver især en introduktion til "
        "det reformspor, som de er ansvarlige for. Orienteringen blev taget til "
        "efterretning.</p>",
        "attachments": [],
    },
    {
        "number": 6,
        "title": "Eventuelt",
        "document_id": "12086663",
        "summary": "<p>Medlemmer orienterer om punkter af fælles interesse.</p>",
        "recommendation": "<p>Det indstilles, at Faglig Strategisk Forum tager orienteringen til "
        "efterretning.</p>",
        "case_presentation": "",
        "finances": "<p>Sagen er ikke forbundet med udgifter, der kræver særskilt stillingtagen.</p>",
        "earlier_decisions": "",
        "decision": "<p>Anne Bang fortalte at Temaudvalget for trivsel for børn, unge og deres "
        "familier har ansat en konsulent til implementering af MedCom og kommunikation "
        "mellem kommunerne og almen praksis.</p><p>Niels Reichstein Larsen fortalte, at "
        "NSR har fokus på patienter, der bliver udskrevet 10 timer efter, at de bliver "
        "overflyttet til anden afdeling. Det undersøges, hvordan NSR kan navigere "
        "anderledes sammen med kommunerne med udgangspunkt i cases.</p>",
        "attachments": [],
    },
]
