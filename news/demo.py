"""
The demo content: the real article the site was made from, and the register facts it gives.

Nothing here is invented news. The one liberty is the day of the announcement: the source gives
no date; public sources place it in June 2014, and `date_note` says the day is not from the source.
"""

from datetime import date

TIERS = [
    {
        "slug": "gce",
        "short_name": "GCE",
        "name": "Global Centres of Expertise",
        "description": "program for godt etablerte klynger som er verdensledende innen sine områder",
        "order": 1,
    },
    {
        "slug": "nce",
        "short_name": "NCE",
        "name": "Norwegian Centres of Expertise",
        "description": "program for etablerte klynger med en nasjonalt ledende posisjon",
        "order": 2,
    },
    {
        "slug": "arena",
        "short_name": "Arena",
        "name": "Arena",
        "description": "program for klynger i tidlig fase",
        "order": 3,
    },
]

REGIONS = [
    {"slug": "bergen", "name": "Bergen"},
    {"slug": "oslo", "name": "Oslo"},
    {"slug": "vestlandet", "name": "Vestlandet"},
    {"slug": "agder-fylkene", "name": "Agder-fylkene"},
    {"slug": "lofoten-og-vesteralen", "name": "Lofoten og Vesterålen"},
    {"slug": "mo-i-rana", "name": "Mo i Rana"},
]

# Each cluster with its region and the tier the 2014 announcement admitted it to.
CLUSTERS = [
    {"slug": "gce-subsea", "name": "GCE Subsea", "region": "bergen", "tier": "gce"},
    {
        "slug": "health-technology",
        "name": "Health Technology",
        "region": "oslo",
        "tier": "nce",
        "former_names": "Oslo Medtech",
        "members": 175,
        "members_as_of": date(2014, 6, 20),
        "leader": "Kathrine Myhre",
        "description": (
            "Health Technology er tidligere kjent under navnet Oslo Medtech, og representerer en ung og "
            "fremvoksende næring med stort potensial. Klyngen har et stort antall deltakerbedrifter med "
            "tyngdepunkt i Oslo-regionen."
        ),
    },
    {
        "slug": "seafood-innovation-cluster",
        "name": "Seafood Innovation Cluster",
        "region": "vestlandet",
        "tier": "nce",
    },
    {"slug": "nce-eyde", "name": "NCE Eyde", "region": "agder-fylkene", "tier": "nce"},
    {
        "slug": "arena-innovasjon-torskefisk",
        "name": "Arena Innovasjon Torskefisk",
        "region": "lofoten-og-vesteralen",
        "tier": "arena",
    },
    {
        "slug": "arena-olje-og-gassklynge-helgeland",
        "name": "Arena olje- og gassklynge Helgeland",
        "region": "mo-i-rana",
        "tier": "arena",
    },
    {"slug": "oslo-ed-tech-cluster", "name": "Oslo Ed Tech Cluster", "region": "oslo", "tier": "arena"},
]

ANNOUNCEMENT = {
    "slug": "nye-klynger-2014",
    "title": "Syv nye klynger i Norwegian Innovation Clusters",
    "date": date(2014, 6, 20),
    "date_note": (
        "Kilden oppgir ikke dato. Offentlige kilder plasserer kunngjøringen i juni 2014; "
        "dagen er satt for demoen og er ikke fra kilden."
    ),
    "announced_by": ("næringsminister Monica Mæland og kommunal- og moderniseringsminister Jan Tore Sanner"),
    "summary": (
        "Syv nye næringsklynger tas inn i det nasjonale klyngeprogrammet Norwegian Innovation Clusters. "
        "Programmet eies og drives i fellesskap av Forskningsrådet, Siva og Innovasjon Norge, og "
        "finansieres av Nærings- og fiskeridepartementet og Kommunal- og moderniseringsdepartementet."
    ),
    "budget_nok": 137_000_000,
    "budget_year": 2015,
    "active_projects": 39,
}

ARTICLE = {
    "slug": "klynger-seg-for-helseteknologi",
    "headline": "Klynger seg for helseteknologi",
    "lead": (
        "Næringsminister Monica Mæland og kommunal- og moderniseringsminister Jan Tore Sanner presenterte "
        "i dag syv nye norske næringsklynger som nå inngår i det nasjonale klyngeprogrammet Norwegian "
        "Innovation Clusters. De nye klyngene omfatter både nye næringer og næringer som arbeider med "
        "omstilling i retning av mer bærekraftig utvikling. I dette inngår forskning og innovasjon som "
        "viktige verktøy for å løse utfordringer og bygge langsiktig kompetanse."
    ),
    "category": "helsenyheter",
}

# The source's body, its wording kept; the page template's related links, teaser, share buttons,
# counters, repeated caption and footer are left out.
ARTICLE_BODY = """
<blockquote><p>– Statusen som NCE muliggjør realisering av det globale potensialet i den norske
helseteknologinæringen, sier Kathrine Myhre.</p></blockquote>
<h2>Klynger for helseteknologi</h2>
<p>Health Technology er tidligere kjent under navnet Oslo Medtech, og representerer en ung og
fremvoksende næring med stort potensial. Klyngen har et stort antall deltakerbedrifter med tyngdepunkt
i Oslo-regionen. De har initiert et bredt samarbeid innad i klyngen, og med nasjonale og internasjonale
partnere om kompetanseutvikling, innovasjon og markedsorientering.</p>
<blockquote><p>– Dette er viktig for hele medtec-bransjen i Norge, og det er svært gledelig og fortjent
at de får denne anerkjennelsen. Oslo Medtech har hatt en veldig positiv utvikling de siste årene, og nå
får de mulighet til å akselerere, sier Ole Johan Borge fra Innovasjon Norge som har jobbet med klyngen
siden starten.</p></blockquote>
<p>Siden etableringen har de hatt en sterk tilstrømning av nye medlemmer og bidratt til utvikling av en
lang rekke av nyskapende prosjekter innen helseteknologibransjen. I dag er omlag 175 aktører med i
klyngen.</p>
<blockquote><p>– Oslo Medtech har skapt stor tillitt og et godt samarbeidsklima mellom nasjonale og
internasjonale aktører. Dette er et fortrinn norske bedrifter vil ha nytte av også i den internasjonale
konkurransen. NCE-bragden hadde ikke vært mulig uten en sterk klyngeledelse og aktivt bidrag fra alle
aktørene i bransjen, sier Borge.</p></blockquote>
<h2>Viktig satsing</h2>
<p>Både næringsministeren og kommunal- og moderniseringsministeren mener satsingen på utvikling av
sterke næringsklynger er viktig for at norsk næringsliv skal møte kommende utfordringer. Regjeringen
har i tråd med i budsjettet for 2015 satt av 137 millioner kroner til klyngeprogrammet Norwegian
Innovation Clusters. Medregnet de nye klyngeprosjektene er det nå 39 aktive klyngeprosjekter som er
organisert med støtte og rådgiving fra klyngeprogrammet Norwegian Innovation Clusters. Programmet eies
og drives i fellesskap av Forskningsrådet, Siva og Innovasjon Norge, og finansieres av Nærings- og
fiskeridepartementet og Kommunal- og moderniseringsdepartementet.</p>
<h2>Her er de nye næringsklyngene:</h2>
<p><strong>GCE (Global Centres of Expertise) – program for godt etablerte klynger som er verdensledende
innen sine områder:</strong></p>
<ul><li><p>GCE Subsea (Bergen)</p></li></ul>
<p><strong>NCE (Norwegian Centres of Expertise) – program for etablerte klynger med en nasjonalt ledende
posisjon:</strong></p>
<ul><li><p>Health Technology (Oslo)</p></li><li><p>Seafood Innovation Cluster (Vestlandet)</p></li>
<li><p>NCE Eyde (Agder-fylkene)</p></li></ul>
<p><strong>Arena – program for klynger i tidlig fase:</strong></p>
<ul><li><p>Arena Innovasjon Torskefisk (Lofoten og Vesterålen)</p></li>
<li><p>Arena olje- og gassklynge Helgeland (Mo i Rana)</p></li>
<li><p>Oslo Ed Tech Cluster (Oslo)</p></li></ul>
"""

PHOTO = {
    "caption": (
        "Fra venstre: Ole Johan Borge i Innovasjon Norge, Kathrine Myhre, leder NCE Health Technology "
        "og Olav Åsgård fra klyngen."
    ),
    "credit": "Terje Borud / Innovasjon Norge",
    "alt_text": (
        "Plassholderbilde: en ensfarget flate med teksten «Klynger seg for helseteknologi». "
        "Originalfotoet av de tre personene er ikke tilgjengelig."
    ),
}
PHOTO_SIZE = (1600, 900)
PHOTO_COLOUR = (47, 93, 98)


def body_html():
    """The body on one line: the line breaks above only keep this file readable."""
    return " ".join(ARTICLE_BODY.split())
