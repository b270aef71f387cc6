"""
Benchmark text: plausible bokmål health news, made from word lists and sentence patterns.

Only `manage.py generate_volume` (news/volume.py) uses it. The point is a realistic load for the
search index and the pages: headlines, leads and bodies of a news article's length, and a vocabulary
of thousands of words (compounds of a prefix and a head noun, names, places) whose frequencies fall
off as a language's do, so that some words match half the archive and most match a few articles.
Nothing here is news; every sentence is made up.
"""

import html

# Compound nouns: a prefix (with its linking letter) and a head noun in its forms. Lists are ordered
# roughly from common to rare: `zipf()` picks from the front far more often than from the back.
PREFIXES = [
    "pasient", "helse", "behandlings", "forsknings", "sykehus", "kreft", "omsorgs", "kommune",
    "eldre", "demens", "hjerte", "diabetes", "rus", "psykiatri", "folkehelse", "legemiddel",
    "vaksine", "rehabiliterings", "sykepleie", "lege", "velferds", "barne", "ungdoms", "fødsels",
    "lunge", "nyre", "hjerne", "smerte", "søvn", "ernærings", "trenings", "infeksjons", "antibiotika",
    "diagnose", "screening", "gen", "celle", "bio", "laboratorie", "sensor", "data", "journal",
    "akutt", "ambulanse", "hjemme", "skole", "tann", "øye", "hud", "muskel", "skjelett", "allergi",
    "astma", "revma", "slag", "epilepsi", "migrene", "overvekts", "kosthold", "røyke", "alkohol",
    "medisin", "klinikk", "operasjons", "intensiv", "fastlege", "legevakt", "jordmor", "svangerskaps",
    "hørsels", "syns", "proteser", "implantat", "stamcelle", "immun", "blod", "plasma", "strålings",
]  # fmt: skip

# (indefinite, gender "m" or "n", definite, plural)
HEADS = [
    ("behandling", "m", "behandlingen", "behandlinger"),
    ("tjeneste", "m", "tjenesten", "tjenester"),
    ("forskning", "m", "forskningen", "forskninger"),
    ("tilbud", "n", "tilbudet", "tilbud"),
    ("prosjekt", "n", "prosjektet", "prosjekter"),
    ("sikkerhet", "m", "sikkerheten", "sikkerheter"),
    ("studie", "m", "studien", "studier"),
    ("senter", "n", "senteret", "sentre"),
    ("teknologi", "m", "teknologien", "teknologier"),
    ("løsning", "m", "løsningen", "løsninger"),
    ("program", "n", "programmet", "programmer"),
    ("register", "n", "registeret", "registre"),
    ("undersøkelse", "m", "undersøkelsen", "undersøkelser"),
    ("metode", "m", "metoden", "metoder"),
    ("tiltak", "n", "tiltaket", "tiltak"),
    ("satsing", "m", "satsingen", "satsinger"),
    ("nettverk", "n", "nettverket", "nettverk"),
    ("samarbeid", "n", "samarbeidet", "samarbeid"),
    ("plattform", "m", "plattformen", "plattformer"),
    ("system", "n", "systemet", "systemer"),
    ("strategi", "m", "strategien", "strategier"),
    ("avdeling", "m", "avdelingen", "avdelinger"),
    ("modell", "m", "modellen", "modeller"),
    ("verktøy", "n", "verktøyet", "verktøy"),
    ("utstyr", "n", "utstyret", "utstyr"),
    ("app", "m", "appen", "apper"),
    ("rapport", "m", "rapporten", "rapporter"),
    ("kurs", "n", "kurset", "kurs"),
    ("team", "n", "teamet", "team"),
    ("klinikk", "m", "klinikken", "klinikker"),
    ("veileder", "m", "veilederen", "veiledere"),
    ("kapasitet", "m", "kapasiteten", "kapasiteter"),
    ("kostnad", "m", "kostnaden", "kostnader"),
    ("ventetid", "m", "ventetiden", "ventetider"),
    ("forløp", "n", "forløpet", "forløp"),
    ("sensor", "m", "sensoren", "sensorer"),
    ("database", "m", "databasen", "databaser"),
    ("pilot", "m", "piloten", "piloter"),
    ("kompetanse", "m", "kompetansen", "kompetanser"),
    ("innovasjon", "m", "innovasjonen", "innovasjoner"),
    ("test", "m", "testen", "tester"),
    ("analyse", "m", "analysen", "analyser"),
    ("oppfølging", "m", "oppfølgingen", "oppfølginger"),
    ("kartlegging", "m", "kartleggingen", "kartlegginger"),
]

ADJECTIVES = [  # (common gender, neuter, definite and plural)
    ("ny", "nytt", "nye"), ("digital", "digitalt", "digitale"), ("nasjonal", "nasjonalt", "nasjonale"),
    ("viktig", "viktig", "viktige"), ("stor", "stort", "store"), ("felles", "felles", "felles"),
    ("regional", "regionalt", "regionale"), ("omfattende", "omfattende", "omfattende"),
    ("innovativ", "innovativt", "innovative"), ("tverrfaglig", "tverrfaglig", "tverrfaglige"),
    ("trygg", "trygt", "trygge"), ("effektiv", "effektivt", "effektive"), ("unik", "unikt", "unike"),
    ("forskningsbasert", "forskningsbasert", "forskningsbaserte"), ("moderne", "moderne", "moderne"),
    ("brukervennlig", "brukervennlig", "brukervennlige"), ("bærekraftig", "bærekraftig", "bærekraftige"),
    ("skreddersydd", "skreddersydd", "skreddersydde"), ("lokal", "lokalt", "lokale"),
    ("internasjonal", "internasjonalt", "internasjonale"), ("klinisk", "klinisk", "kliniske"),
    ("persontilpasset", "persontilpasset", "persontilpassede"), ("smart", "smart", "smarte"),
]  # fmt: skip

ORGANISATIONS = [
    "Helse Bergen", "Oslo universitetssykehus", "Folkehelseinstituttet", "Helsedirektoratet",
    "Helse Nord", "Helse Vest", "Helse Midt-Norge", "Helse Sør-Øst", "St. Olavs hospital",
    "Sykehuset Innlandet", "Universitetssykehuset Nord-Norge", "Stavanger universitetssjukehus",
    "Sørlandet sykehus", "Sykehuset i Vestfold", "Akershus universitetssykehus", "Nordlandssykehuset",
    "Helse Møre og Romsdal", "Sykehuset Telemark", "Sykehuset Østfold", "Vestre Viken",
    "NTNU", "Universitetet i Bergen", "Universitetet i Oslo", "UiT Norges arktiske universitet",
    "Universitetet i Agder", "Nord universitet", "OsloMet", "SINTEF", "Norce", "Innovasjon Norge",
    "Forskningsrådet", "Siva", "Kreftforeningen", "Nasjonalforeningen for folkehelsen",
    "Legeforeningen", "Norsk Sykepleierforbund", "KS", "Norsk helsenett",
    "Nasjonalt senter for e-helseforskning",
    "Direktoratet for e-helse", "Statens legemiddelverk", "Kompetansesenter for legemiddelbruk",
    "Trondheim kommune", "Bergen kommune", "Stavanger kommune", "Tromsø kommune", "Bodø kommune",
    "Kristiansand kommune", "Drammen kommune", "Hamar kommune", "Ålesund kommune", "Arendal kommune",
]  # fmt: skip

PLACES = [
    "Oslo", "Bergen", "Trondheim", "Stavanger", "Tromsø", "Bodø", "Kristiansand", "Ålesund", "Drammen",
    "Fredrikstad", "Sandnes", "Sarpsborg", "Skien", "Tønsberg", "Haugesund", "Arendal", "Hamar",
    "Lillehammer", "Gjøvik", "Molde", "Harstad", "Alta", "Narvik", "Kirkenes", "Mo i Rana", "Steinkjer",
    "Levanger", "Førde", "Sogndal", "Voss", "Elverum", "Kongsberg", "Larvik", "Porsgrunn", "Moss",
    "Halden", "Kristiansund", "Hammerfest", "Vadsø", "Mosjøen", "Namsos", "Stord", "Egersund",
    "Grimstad", "Mandal", "Notodden", "Rjukan", "Tynset", "Røros", "Orkanger", "Florø", "Svolvær",
]  # fmt: skip

FIRST_NAMES = [
    "Anne", "Inger", "Kari", "Marit", "Ingrid", "Liv", "Eva", "Berit", "Astrid", "Bjørg", "Hilde",
    "Nina", "Ida", "Sara", "Nora", "Emma", "Maria", "Silje", "Ingvild", "Kristin", "Tone", "Randi",
    "Jan", "Per", "Bjørn", "Ole", "Lars", "Kjell", "Knut", "Arne", "Svein", "Thomas", "Hans", "Geir",
    "Morten", "Jon", "Terje", "Tor", "Erik", "Anders", "Martin", "Magnus", "Jonas", "Henrik", "Sindre",
    "Amir", "Fatima", "Ali", "Mohammed", "Leila", "Olena", "Piotr", "Aisha", "Tuan", "Linh",
]  # fmt: skip
LAST_NAMES = [
    "Hansen", "Johansen", "Olsen", "Larsen", "Andersen", "Pedersen", "Nilsen", "Kristiansen", "Jensen",
    "Karlsen", "Johnsen", "Pettersen", "Eriksen", "Berg", "Haugen", "Hagen", "Johannessen", "Andreassen",
    "Jacobsen", "Dahl", "Jørgensen", "Halvorsen", "Henriksen", "Lund", "Sørensen", "Jakobsen", "Moen",
    "Gundersen", "Iversen", "Strand", "Solberg", "Svendsen", "Eide", "Knutsen", "Martinsen", "Paulsen",
    "Bakken", "Kristoffersen", "Mathisen", "Lie", "Amundsen", "Nguyen", "Rasmussen", "Ali", "Lunde",
    "Solheim", "Berge", "Moe", "Nygård", "Bakke", "Kristensen", "Fredriksen", "Holm", "Lien", "Hauge",
    "Christensen", "Andresen", "Nielsen", "Knudsen", "Evensen", "Sæther", "Aas", "Myhre", "Hanssen",
    "Ahmed", "Haugland", "Thomassen", "Sivertsen", "Simonsen", "Danielsen", "Berntsen", "Sandvik",
]  # fmt: skip

TITLES = [
    "forsker", "overlege", "professor", "daglig leder", "klyngeleder", "prosjektleder", "fastlege",
    "sykepleier", "seniorrådgiver", "avdelingsleder", "direktør", "fagsjef", "innovasjonssjef",
    "kommuneoverlege", "stipendiat", "forskningssjef", "gründer", "administrerende direktør",
]  # fmt: skip

GROUPS = [
    "pasientene", "de eldre", "barn og unge", "kreftpasienter", "hjemmeboende eldre", "personer med demens",
    "pårørende", "fastlegene", "sykepleierne", "kommunene", "helseforetakene", "gründerne", "bedriftene",
    "innbyggerne", "studentene", "ungdommer", "gravide", "personer med kroniske sykdommer", "helsearbeidere",
    "små og mellomstore bedrifter", "forskerne", "brukerne", "ansatte i hjemmetjenesten",
]  # fmt: skip

VERBS_PRESENT = [
    "lanserer", "styrker", "satser på", "tester", "utvikler", "åpner", "utvider", "investerer i", "får",
    "leder", "vurderer", "evaluerer", "starter", "henter penger til", "bygger", "samler", "kartlegger",
    "digitaliserer", "forbedrer", "effektiviserer", "skalerer opp", "prøver ut", "legger ned", "viderefører",
]  # fmt: skip
VERBS_INFINITIVE = [
    "forbedre", "styrke", "forenkle", "effektivisere", "digitalisere", "utvikle", "teste", "ta i bruk",
    "måle", "redusere", "korte ned", "følge opp", "kartlegge", "forebygge", "behandle", "erstatte",
    "samordne", "automatisere", "spre", "dokumentere", "kvalitetssikre", "tilpasse",
]  # fmt: skip
OUTCOMES = [
    "livskvalitet", "overlevelse", "helse", "oppfølging", "trygghet", "behandling", "kontroll",
    "mestring", "kvalitet", "tilgjengelighet", "pasientsikkerhet", "kontinuitet",
]  # fmt: skip
JOURNALS = [
    "The Lancet", "BMJ", "Tidsskrift for Den norske legeforening", "Nature Medicine", "JAMA",
    "New England Journal of Medicine", "PLOS One", "Scandinavian Journal of Public Health",
]  # fmt: skip
MONTHS = [
    "januar", "februar", "mars", "april", "mai", "juni", "juli", "august", "september", "oktober",
    "november", "desember",
]  # fmt: skip


# Patterns: each {slot} is filled by Slots; a slot named twice in one pattern has one value.
HEADLINES = [
    "{Org} {verb} {new_thing}",
    "{Thing} skal {do} {the_thing} i {place}",
    "Millioner til {thing} i {place}",
    "{cluster} får {millions} millioner til {things}",
    "Ny studie: {the_thing} gir bedre {outcome} for {group}",
    "Slik skal {the_thing} {do} hverdagen for {group}",
    "{place} {verb} {the_thing}",
    "– {Thing} er framtiden for {group}",
    "{Org} og {org2} samarbeider om {things}",
]
SENTENCES = [
    "{Org} har fått {millions} millioner kroner til {a_new_thing} i {place}.",
    "– Dette er et viktig steg for {group}, sier {title} {person} ved {org}.",
    "Målet er å {do} {the_thing} for {group}.",
    "Ifølge {org} har {number} pasienter fått {thing2} det siste året.",
    "{person}, {title} i {cluster}, mener {the_thing} kan {do} {the_thing2}.",
    "Prosjektet skal gå over {years} år og involverer {companies} bedrifter og {municipalities} kommuner.",
    "I {year} ble det registrert {number} {things} i {place}, mot {number2} året før.",
    "Resultatene ble lagt fram på en konferanse i {place} i {month}.",
    "Studien, som er publisert i {journal}, omfatter {number} pasienter fra {hospitals} sykehus.",
    "– Vi ser at {the_thing} gir bedre {outcome} for {group}, sier {person}.",
    "{Org} og {org2} har inngått et samarbeid om {things}.",
    "{cluster} har nå {members} medlemmer, de fleste bedrifter i {place} og omegn.",
    "Neste fase starter i {month} {year}, og {the_thing} skal prøves ut ved {org}.",
    "Erfaringene fra {place} viser at {things} kan {do} {things2} betydelig.",
    "Mange av {group} har lenge etterlyst {a_new_thing}.",
    "Det er ventet at {the_thing} vil være i drift i hele {place} innen {later_year}.",
    "Kostnadene er beregnet til {millions} millioner kroner over {years} år.",
    "Bak {the_thing} står {org}, som har jobbet med {things2} siden {early_year}.",
    "{Thing} handler om å {do} {the_thing2}, forklarer {person}.",
    "Både {group} og {group2} skal være med på å utforme {the_thing}.",
]


class Slots(dict):
    """The words of one pattern, each made when the pattern first asks for it."""

    def __init__(self, makers):
        super().__init__()
        self.makers = makers

    def __missing__(self, key):
        name = key.rstrip("2")
        if name[0].isupper():
            value = str(self.makers[name.lower()]())
            value = value[0].upper() + value[1:]
        else:
            value = self.makers[name]()
        self[key] = value
        return value


def zipf(rng, items):
    """One of `items`, the first ones far more often than the last."""
    return items[int(len(items) * rng.random() ** 2.2)]


class Writer:
    """Headlines, leads and bodies for one article at a time, from one random generator."""

    def __init__(self, rng, cluster_names=()):
        self.rng = r = rng
        self.cluster_names = list(cluster_names) or ["klyngen"]
        self.makers = {
            "thing": lambda: self.compound()[0],
            "the_thing": lambda: self.compound()[2],
            "things": lambda: self.compound()[3],
            "a_new_thing": self.with_adjective,
            "new_thing": lambda: self.with_adjective()[3:],
            "org": self.organisation,
            "place": self.place,
            "person": self.person,
            "title": lambda: r.choice(TITLES),
            "group": lambda: r.choice(GROUPS),
            "verb": lambda: r.choice(VERBS_PRESENT),
            "do": lambda: r.choice(VERBS_INFINITIVE),
            "outcome": lambda: r.choice(OUTCOMES),
            "journal": lambda: r.choice(JOURNALS),
            "month": lambda: r.choice(MONTHS),
            "cluster": lambda: r.choice(self.cluster_names),
            "number": self.number,
            "year": self.year,
            "later_year": lambda: self.year() + 2,
            "early_year": lambda: self.year() - 8,
            "millions": lambda: r.randint(2, 90),
            "years": lambda: r.randint(2, 6),
            "companies": lambda: r.randint(3, 40),
            "municipalities": lambda: r.randint(2, 25),
            "hospitals": lambda: r.randint(2, 12),
            "members": lambda: r.randint(20, 250),
        }

    # Words

    def compound(self):
        """(indefinite, gender, definite, plural) of a compound noun, e.g. «pasientsikkerhet»."""
        prefix, (indefinite, gender, definite, plural) = zipf(self.rng, PREFIXES), zipf(self.rng, HEADS)
        return prefix + indefinite, gender, prefix + definite, prefix + plural

    def with_adjective(self):
        """«en ny pasienttjeneste», «et nasjonalt kreftregister»."""
        indefinite, gender, _, _ = self.compound()
        common, neuter, _ = self.rng.choice(ADJECTIVES)
        return f"en {common} {indefinite}" if gender == "m" else f"et {neuter} {indefinite}"

    def person(self):
        return f"{self.rng.choice(FIRST_NAMES)} {self.rng.choice(LAST_NAMES)}"

    def organisation(self):
        return zipf(self.rng, ORGANISATIONS)

    def place(self):
        return zipf(self.rng, PLACES)

    def number(self):
        return self.rng.choice([12, 15, 20, 25, 30, 40, 45, 60, 75, 120, 150, 200, 300, 450, 1200, 3500])

    def year(self):
        return self.rng.randint(2012, 2026)

    # Sentences

    def headline(self):
        return self.rng.choice(HEADLINES).format_map(Slots(self.makers))

    def sentence(self):
        return self.rng.choice(SENTENCES).format_map(Slots(self.makers))

    def lead(self):
        return " ".join(self.sentence() for _ in range(self.rng.choice([1, 2, 2, 3])))

    def body(self):
        """Four to eight paragraphs, now and then a subheading or a quote block: 150 to 600 words."""
        r, parts = self.rng, []
        for n in range(r.randint(4, 8)):
            if n and r.random() < 0.15:
                parts.append(f"<h2>{html.escape(self.headline())}</h2>")
            text = html.escape(" ".join(self.sentence() for _ in range(r.randint(2, 4))))
            parts.append(f"<blockquote><p>{text}</p></blockquote>" if r.random() < 0.04 else f"<p>{text}</p>")
        return "".join(parts)

    def correction(self):
        wrong, right = self.compound()[2], self.compound()[2]
        return (
            f"I en tidligere versjon av saken stod det at {wrong} gjaldt {self.place()}. "
            f"Det riktige er at {right} gjelder {self.place()}."
        )

    def caption(self):
        return f"{self.person()} og {self.person()} ved {self.organisation()} i {self.place()}."

    def alt_text(self):
        return f"To personer i samtale foran en skjerm med {self.compound()[3]}."

    def credit(self):
        credits = [f"{self.person()} / {self.organisation()}", f"{self.person()} / NTB", self.person()]
        return self.rng.choice(credits)
