"""Hand-annotated quotes and speakers: 24 Dutch news paragraphs written for these tests, plus the
two sample articles (annotated on their cleaned text, see tests/test_quotes.py).

Each paragraph: (text, [(quoted text without marks, speaker)]). The speaker is who a careful
reader says spoke: the canonical name of a person or organisation (as :data:`NAMES` maps it), or
the phrase as written for an unnamed speaker. Scare quotes and titles in quotation marks are not
quotes and are not listed. ``NAMES``: surface form -> (canonical entity, type), the stand-in for
the recogniser and the entity merge, so the figures measure the quote rules alone.
"""

NAMES = {
    "Mark Rutte": ("Mark Rutte", "PER"), "Rutte": ("Mark Rutte", "PER"),
    "Sigrid Kaag": ("Sigrid Kaag", "PER"), "Kaag": ("Sigrid Kaag", "PER"),
    "Hugo de Jonge": ("Hugo de Jonge", "PER"), "De Jonge": ("Hugo de Jonge", "PER"),
    "Jens Stoltenberg": ("Jens Stoltenberg", "PER"), "Stoltenberg": ("Jens Stoltenberg", "PER"),
    "Ursula von der Leyen": ("Ursula von der Leyen", "PER"), "Von der Leyen": ("Ursula von der Leyen", "PER"),
    "Alexander De Croo": ("Alexander De Croo", "PER"), "De Croo": ("Alexander De Croo", "PER"),
    "Frans Timmermans": ("Frans Timmermans", "PER"), "Timmermans": ("Frans Timmermans", "PER"),
    "Marjan Minnesma": ("Marjan Minnesma", "PER"), "Minnesma": ("Marjan Minnesma", "PER"),
    "Annelies Verlinden": ("Annelies Verlinden", "PER"), "Verlinden": ("Annelies Verlinden", "PER"),
    "Wopke Hoekstra": ("Wopke Hoekstra", "PER"), "Hoekstra": ("Wopke Hoekstra", "PER"),
    "Jaap van Dissel": ("Jaap van Dissel", "PER"), "Van Dissel": ("Jaap van Dissel", "PER"),
    "Kim Putters": ("Kim Putters", "PER"), "Putters": ("Kim Putters", "PER"),
    "Greenpeace": ("Greenpeace", "ORG"), "KNMI": ("KNMI", "ORG"), "NAVO": ("NAVO", "ORG"),
    "Europese Commissie": ("Europese Commissie", "ORG"), "Den Haag": ("Den Haag", "LOC"),
    "Brussel": ("Brussel", "LOC"), "Oekraïne": ("Oekraïne", "LOC"), "Rusland": ("Rusland", "LOC"),
    "Schiphol": ("Schiphol", "ORG"), "RIVM": ("RIVM", "ORG"),
}

PARAGRAPHS = [
    (
        "Premier Mark Rutte reageerde dinsdag op de kritiek. 'We hebben fouten gemaakt en daar leren we van', zei hij.",
        [("We hebben fouten gemaakt en daar leren we van", "Mark Rutte")],
    ),
    (
        "“Het kabinet moet nu knopen doorhakken”, zei Sigrid Kaag tijdens het debat in Den Haag.",
        [("Het kabinet moet nu knopen doorhakken", "Sigrid Kaag")],
    ),
    (
        "Minister Hugo de Jonge zei: 'Er komt geen nieuwe lockdown, dat kan ik u beloven.'",
        [("Er komt geen nieuwe lockdown, dat kan ik u beloven.", "Hugo de Jonge")],
    ),
    (
        "Volgens Jens Stoltenberg: “De NAVO staat klaar om haar bondgenoten te verdedigen.”",
        [("De NAVO staat klaar om haar bondgenoten te verdedigen.", "Jens Stoltenberg")],
    ),
    (
        "De oppositie sprak van een 'noodgreep' en noemde het plan “onverantwoord”. Het debat duurde tot middernacht.",
        [],
    ),
    (
        "'Dit is een historische dag voor Europa. We hebben lang onderhandeld, maar het resultaat mag er zijn', "
        "verklaarde Ursula von der Leyen in Brussel.",
        [("Dit is een historische dag voor Europa. We hebben lang onderhandeld, maar het resultaat mag er zijn",
          "Ursula von der Leyen")],
    ),
    (
        "„We gaan de maatregelen niet verlengen”, liet premier Alexander De Croo weten na het overleg.",
        [("We gaan de maatregelen niet verlengen", "Alexander De Croo")],
    ),
    (
        "'De situatie is ernstig, maar niet hopeloos', aldus een woordvoerder van het KNMI.",
        [("De situatie is ernstig, maar niet hopeloos", "een woordvoerder van het KNMI")],
    ),
    (
        "Frans Timmermans en Wopke Hoekstra spraken elkaar kort na de stemming. 'Dit akkoord is niet genoeg', zei hij.",
        [("Dit akkoord is niet genoeg", "Frans Timmermans")],  # ambiguous for the rule: two men named
    ),
    (
        "Marjan Minnesma van Urgenda is tevreden. “De rechter heeft ons gelijk gegeven”, zegt ze. "
        "“Nu moet de overheid in actie komen.”",
        [("De rechter heeft ons gelijk gegeven", "Marjan Minnesma"),
         ("Nu moet de overheid in actie komen.", "Marjan Minnesma")],  # continuation without its own verb
    ),
    (
        "De film 'Zwartboek' werd opnieuw vertoond in het filmhuis, waar het publiek de zaal vulde.",
        [],
    ),
    (
        "Annelies Verlinden benadrukte dat de politie extra middelen krijgt. 'Veiligheid is onze eerste prioriteit', "
        "benadrukte ze.",
        [("Veiligheid is onze eerste prioriteit", "Annelies Verlinden")],
    ),
    (
        "\"Wij betreuren de vertragingen voor reizigers\", verklaarde een woordvoerster van Schiphol. "
        "\"De drukte is uitzonderlijk\", klonk het nog.",
        [("Wij betreuren de vertragingen voor reizigers", "een woordvoerster van Schiphol"),
         ("De drukte is uitzonderlijk", "een woordvoerster van Schiphol")],
    ),
    (
        "Wopke Hoekstra vertelde aan de Kamer: 'Nederland blijft Oekraïne steunen, zolang dat nodig is.'",
        [("Nederland blijft Oekraïne steunen, zolang dat nodig is.", "Wopke Hoekstra")],
    ),
    (
        "'Het virus is nog niet weg', waarschuwde Jaap van Dissel van het RIVM. 'We moeten voorzichtig blijven.'",
        [("Het virus is nog niet weg", "Jaap van Dissel"),
         ("We moeten voorzichtig blijven.", "Jaap van Dissel")],  # continuation without its own verb
    ),
    (
        "Greenpeace noemt het besluit een 'gemiste kans'. De organisatie stapt mogelijk naar de rechter.",
        [],
    ),
    (
        "Kim Putters van het SCP schreef in zijn rapport dat de ongelijkheid groeit. 'Dat zou ons allemaal zorgen moeten "
        "baren', zei Putters bij de presentatie.",
        [("Dat zou ons allemaal zorgen moeten baren", "Kim Putters")],
    ),
    (
        "“Zo'n beslissing neem je niet lichtvaardig”, stelde Rutte op zijn wekelijkse persconferentie.",
        [("Zo'n beslissing neem je niet lichtvaardig", "Mark Rutte")],
    ),
    (
        "De Europese Commissie reageerde kort: 'We bestuderen het voorstel.'",
        [("We bestuderen het voorstel.", "Europese Commissie")],
    ),
    (
        "Na afloop zei Stoltenberg: 'Rusland moet zijn troepen terugtrekken. Anders volgen er nieuwe sancties.'",
        [("Rusland moet zijn troepen terugtrekken. Anders volgen er nieuwe sancties.", "Jens Stoltenberg")],
    ),
    (
        "Het woord 'crisis' viel vaak tijdens het overleg, maar niemand wilde het hardop zeggen.",
        [],
    ),
    (
        "'We zijn geschrokken van de cijfers', zeiden de onderzoekers in een verklaring.",
        [("We zijn geschrokken van de cijfers", "de onderzoekers")],
    ),
    (
        "Sigrid Kaag sprak met haar collega's in Brussel. Later stelde ze: “Europa moet één lijn trekken.”",
        [("Europa moet één lijn trekken.", "Sigrid Kaag")],
    ),
    (
        "'Ik heb hier geen spijt van', antwoordde De Jonge op vragen van journalisten. Hoekstra wilde niet reageren.",
        [("Ik heb hier geen spijt van", "Hugo de Jonge")],
    ),
]

#: The sample articles, annotated by hand on their cleaned text (the repeated block is removed).
SEEDS = {
    "000_5775cc61dc2f6202": [
        ("Het is niet productief om in het openbaar te onderhandelen. We laten het dus aan Rusland over om over zijn "
         "antwoord te spreken indien het dat wenst", "een woordvoerster van het ministerie"),
        ("We blijven ons volop inspannen om deze kwesties via dialoog op te lossen en we blijven in nauw overleg met "
         "onze bondgenoten en partners, met inbegrip van Oekraïne", "een woordvoerster van het ministerie"),
        ("Dit is de grootste mobilisering van troepen in decennia, en op dit moment is Rusland nog meer troepen en "
         "wapens aan het sturen", "Linda Thomas-Greenfield"),
        ("De discussie over een imminente dreiging is op zichzelf provocatief. Ze roepen er bijna om. Ze willen dat "
         "het gebeurt", "Vasily Nebenzya"),
    ],
    "003_8fd9f0161f3df59e": [
        ("Het zou van naïviteit getuigen om te geloven dat een eerste ronde al uitgebreide resultaten oplevert",
         "Dmitri Peskov"),
        ("Als de NAVO onze voorstellen verwerpt, dan zou de situatie anders kunnen zijn", "Sergej Rjabkov"),
    ],
}
#: Names in the sample articles (the stand-in recogniser's list for them).
SEED_NAMES = {
    "Linda Thomas-Greenfield": ("Linda Thomas-Greenfield", "PER"), "Vasily Nebenzya": ("Vasily Nebenzya", "PER"),
    "Nebenzya": ("Vasily Nebenzya", "PER"), "Antony Blinken": ("Antony Blinken", "PER"),
    "Sergej Lavrov": ("Sergej Lavrov", "PER"), "Dmitri Peskov": ("Dmitri Peskov", "PER"),
    "Peskov": ("Dmitri Peskov", "PER"), "Sergej Rjabkov": ("Sergej Rjabkov", "PER"), "Rjabkov": ("Sergej Rjabkov", "PER"),
    "Wendy Sherman": ("Wendy Sherman", "PER"), "Rusland": ("Rusland", "LOC"), "Washington": ("Washington", "LOC"),
    "Interfax": ("Interfax", "ORG"), "NAVO": ("NAVO", "ORG"), "Navo": ("NAVO", "ORG"), "Oekraïne": ("Oekraïne", "LOC"),
}
