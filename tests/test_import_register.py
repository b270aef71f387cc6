"""`manage.py import_register FILE.csv [--dry-run]`: the programme's history from a file, all or nothing."""

import io
from datetime import date
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from clusters.models import Announcement, Cluster, Decision, Label, Region, Tier
from tests.builders import make_cluster, make_region, make_tier

pytestmark = pytest.mark.django_db

HEADER = ",".join(
    [
        "effective_on",
        "kind",
        "cluster",
        "cluster_slug",
        "regions",
        "tier",
        "tier_name",
        "label",
        "former_name",
    ]
    + ["announcement", "source_url", "note"]
)

# A reorganised programme: Arena Pro comes and goes and lives on as a label; one cluster advances,
# moves down and is renamed; one leaves; one has two regions, one none.
HISTORY = f"""{HEADER}
2014-01-01,tier_started,,,,NCE,Norwegian Centres of Expertise,,,,,
2014-01-01,tier_started,,,,Arena,Arena,,,,,
2017-01-01,programnivå innført,,,,Arena Pro,Arena Pro,,,,,
2022-01-01,tier_retired,,,,Arena Pro,,Arena Pro,,,,
2014-06-20,admitted,Oslo Medtech,health-technology,Oslo,Arena,,,,Nye klynger 2014,,
2014-06-20,admitted,Havklyngen,,Vestland;Rogaland,NCE,,,,Nye klynger 2014,,
2017-07-01,advanced,Oslo Medtech,health-technology,,Arena Pro,,,,,https://example.org/2017,
2019-03-01,renamed,Health Technology,health-technology,,,,,Oslo Medtech,,,Nytt navn fra styremøtet
2020-07-01,advanced,Health Technology,health-technology,,NCE,,,,,,
2022-01-01,fikk merke,Health Technology,health-technology,,,,Arena Pro,,,,
2024-07-01,moved_down,Health Technology,health-technology,,Arena,,,,,,
2021-12-31,left,Havklyngen,,,,,,,,,
2016-05-01,tatt opp,Ukjent sted,ukjent-sted,,Arena,,,,,,
"""


def write(tmp_path, text, name="register.csv", encoding="utf-8"):
    path = tmp_path / name
    path.write_text(text, encoding=encoding)
    return path


def import_register(path, **options):
    out = io.StringIO()
    call_command("import_register", str(path), stdout=out, **options)
    return out.getvalue()


def snapshot():
    models = [Tier, Label, Region, Cluster, Announcement, Decision]
    return {model.__name__: sorted(model.objects.values_list()) for model in models} | {
        "regions": sorted(Cluster.regions.through.objects.values_list("cluster__slug", "region__name"))
    }


def test_a_good_file_loads_tiers_labels_regions_clusters_and_decisions(tmp_path):
    output = import_register(write(tmp_path, HISTORY))

    arena_pro = Tier.objects.get(short_name="Arena Pro")
    assert (arena_pro.starts_on, arena_pro.ends_on) == (date(2017, 1, 1), date(2022, 1, 1))
    assert Label.objects.get().from_tier == arena_pro
    health = Cluster.objects.get(slug="health-technology")
    assert health.name == "Health Technology" and health.former_names_list == ["Oslo Medtech"]
    assert [(d.effective_on, d.kind) for d in health.history()] == [
        (date(2014, 6, 20), "admitted"),
        (date(2017, 7, 1), "advanced"),
        (date(2019, 3, 1), "renamed"),
        (date(2020, 7, 1), "advanced"),
        (date(2022, 1, 1), "label_granted"),
        (date(2024, 7, 1), "moved_down"),
    ]
    assert [
        health.tier_on(day).short_name for day in [date(2015, 1, 1), date(2018, 1, 1), date(2023, 1, 1)]
    ] == [
        "Arena",
        "Arena Pro",
        "NCE",
    ]
    assert health.tier_on(date(2024, 7, 1)).short_name == "Arena"
    assert health.history().get(kind="advanced", tier=arena_pro).source_url == "https://example.org/2017"
    sea = Cluster.objects.get(slug="havklyngen")
    assert sorted(sea.regions.values_list("name", flat=True)) == ["Rogaland", "Vestland"]
    assert sea.tier_on(date(2021, 12, 30)).short_name == "NCE" and sea.tier_on(date(2021, 12, 31)) is None
    assert list(Cluster.objects.get(slug="ukjent-sted").regions.all()) == []
    announcement = Announcement.objects.get()
    assert (announcement.title, announcement.date, announcement.decisions.count()) == (
        "Nye klynger 2014",
        date(2014, 6, 20),
        2,
    )
    assert "  Beslutninger: 9 lagt til\n" in output and "13 rader importert." in output


def test_a_second_run_of_the_same_file_changes_nothing_and_says_so(tmp_path):
    path = write(tmp_path, HISTORY)
    import_register(path)
    before = snapshot()

    output = import_register(path)

    assert snapshot() == before
    assert output == "13 rader lest. Ingenting å endre: registeret har alt som står i filen.\n"


def test_a_grown_file_adds_only_what_is_new_and_keeps_what_editors_entered(tmp_path):
    editor_region = make_region(name="Viken")
    existing = make_cluster(name="Health Technology", slug="health-technology", regions=[editor_region])
    import_register(write(tmp_path, HISTORY))
    grown = HISTORY.replace(",https://example.org/2017,", ",https://example.org/2017,Kilde: årsrapport")

    output = import_register(
        write(tmp_path, grown + "2025-01-01,left,Health Technology,health-technology,,,,,,,,\n")
    )

    existing.refresh_from_db()
    assert sorted(existing.regions.values_list("name", flat=True)) == ["Oslo", "Viken"]
    assert (
        existing.history().get(kind="advanced", source_url="https://example.org/2017").note
        == "Kilde: årsrapport"
    )
    assert existing.history().last().kind == "left"
    assert "  Beslutninger: 1 endret, 1 lagt til\n" in output


BAD = f"""{HEADER}
2014-01-01,tier_started,,,,NCE,Norwegian Centres of Expertise,,,,,
2014-06-20,admitted,Klynge A,,Oslo,NCE,,,,,,
2014-13-01,admitted,Klynge B,,,NCE,,,,,,
2014-06-20,forfremmet,Klynge C,,,NCE,,,,,,
2015-01-01,advanced,Klynge A,,,,,,,,,
2015-01-01,left,Klynge A,,,NCE,,,,,,
2013-01-01,admitted,Klynge D,,,NCE,,,,,,
2016-01-01,renamed,Klynge A,,,,,,,,,
2016-01-01,admitted,,,,NCE,,,,,,
2016-01-01,admitted,Klynge E,,,NCE,,,,,ikke en adresse,
2016-01-01,admitted,Klynge F,,,NCE,,,,,,
"""


def test_a_file_with_bad_rows_imports_nothing_and_names_every_bad_line(tmp_path):
    with pytest.raises(CommandError) as failure:
        import_register(write(tmp_path, BAD))

    message = str(failure.value)
    assert message.startswith("Ingenting er importert. Rett disse linjene")
    reported = [line.strip() for line in message.splitlines()[1:]]
    assert [int(line.split(":")[0].removeprefix("linje ")) for line in reported] == [4, 5, 6, 7, 8, 9, 10, 11]
    for line, words in [
        (4, "effective_on: «2014-13-01» er ikke en dato på formen ÅÅÅÅ-MM-DD"),
        (5, "kind: «forfremmet» er ingen kjent type"),
        (6, "tier: Velg programnivået."),
        (7, "tier: Skal stå tomt"),
        (8, "effective_on: NCE gjaldt ikke 1. januar 2013."),
        (9, "former_name: Skriv navnet klyngen hadde før."),
        (10, "cluster: oppgi klyngens navn"),
        (11, "source_url: "),
    ]:
        assert f"linje {line}: {words}" in message, message
    assert snapshot() == {name: [] for name in snapshot()}, "the good rows (2, 3, 12) are not kept either"


def test_unknown_or_missing_columns_are_named(tmp_path):
    with pytest.raises(CommandError) as failure:
        import_register(write(tmp_path, "dato,kind,cluster\n2014-06-20,admitted,Klynge A\n"))

    assert "linje 1: ukjent kolonne «dato»" in str(failure.value)
    assert "linje 1: kolonnen «effective_on» mangler" in str(failure.value)


def test_a_dry_run_reports_what_would_change_and_saves_nothing(tmp_path):
    output = import_register(write(tmp_path, HISTORY), dry_run=True)

    assert snapshot() == {name: [] for name in snapshot()}
    assert output.startswith("Prøvekjøring, ingenting er lagret. 13 rader ville gitt:")
    assert "  Beslutninger: 9 lagt til\n" in output and "  Klynger: 3 lagt til\n" in output


def test_a_dry_run_of_a_file_already_imported_says_nothing_would_change(tmp_path):
    path = write(tmp_path, HISTORY)
    import_register(path)

    assert "Ingenting å endre" in import_register(path, dry_run=True)


def test_a_semicolon_separated_file_from_a_spreadsheet_with_a_byte_order_mark(tmp_path):
    text = "effective_on;kind;cluster;regions;tier\n2014-06-20;tatt opp;Fjordklyngen;Vestland;Arena\n"
    make_tier(short_name="Arena", slug="arena")

    import_register(write(tmp_path, text, encoding="utf-8-sig"))

    cluster = Cluster.objects.get(slug="fjordklyngen")
    assert cluster.history().get().tier.slug == "arena"
    assert list(cluster.regions.values_list("name", flat=True)) == ["Vestland"]


def test_the_progress_bar_stays_quiet_when_not_on_a_terminal(tmp_path, capsys):
    import_register(write(tmp_path, HISTORY))

    assert capsys.readouterr().err == ""


def test_a_missing_file_is_a_clear_error(tmp_path):
    with pytest.raises(CommandError, match="Kan ikke lese"):
        import_register(tmp_path / "finnes-ikke.csv")


def test_the_example_file_in_the_docs_is_what_the_demo_register_holds(tmp_path, settings):
    settings.DEBUG = True  # load_demo runs on a local setup only
    call_command("load_demo", verbosity=0)
    before = snapshot()

    output = import_register(Path(__file__).resolve().parent.parent / "docs" / "register-example.csv")

    assert snapshot() == before
    assert "Ingenting å endre" in output


def test_an_address_the_site_uses_or_a_too_long_tier_name_is_named_by_its_column(tmp_path):
    text = (
        "effective_on,kind,cluster,cluster_slug,tier\n"
        "2014-06-20,admitted,Nyhetsklyngen,nyheter,Arena\n"
        "2014-06-20,admitted,Klynge A,,Et programnivå med et altfor langt kortnavn\n"
    )

    with pytest.raises(CommandError) as failure:
        import_register(write(tmp_path, text))

    assert "linje 2: cluster_slug: «nyheter» brukes i nettstedets egne adresser" in str(failure.value)
    assert "linje 3: tier: " in str(failure.value)
    assert snapshot() == {name: [] for name in snapshot()}


def test_a_misspelt_tier_is_refused_not_created(tmp_path):
    text = (
        "effective_on,kind,cluster,tier,tier_name\n"
        "2014-01-01,tier_started,,NCE,Norwegian Centres of Expertise\n"
        "2014-06-20,admitted,Klynge A,NCE,\n"
        "2015-06-20,admitted,Klynge B,NEC,\n"
    )

    with pytest.raises(CommandError) as failure:
        import_register(write(tmp_path, text))

    assert "linje 4: tier: ukjent programnivå «NEC»; innfør det med en rad «tier_started»" in str(
        failure.value
    )
    assert snapshot() == {name: [] for name in snapshot()}
