"""`news` may use `clusters`; `clusters` needs nothing of `news`, at import time or at run time.

The pages that show news (one cluster's, one tier's, one announcement's) are the news app's, served
under the clusters app's URL names, as the cluster feed is.
"""

import ast
import re
import subprocess
import sys
from pathlib import Path

import pytest
from django.urls import resolve, reverse

ROOT = Path(__file__).resolve().parent.parent

# In code: an import of news, a name or label in a string ("news:list", "news.Article"), or the reverse
# relation from Article (`cluster.articles`). In templates: a tag or variable naming either.
NEWS_MODULE = re.compile(r"^news(\.|$)")
NEWS_WORD = re.compile(r"\bnews\b|article", re.IGNORECASE)
NEWS_IN_TEMPLATE = re.compile(r"{[{%][^}]*(news|article)[^}]*[}%]}", re.IGNORECASE)

# Loads every clusters module and runs the system checks with the news app left out of the project.
WITHOUT_NEWS = """
import importlib, pkgutil, sys, types
import django
from django.conf import settings
from django.urls import include, path
from helseinfo import settings_test as project

urls = sys.modules["urls_without_news"] = types.ModuleType("urls_without_news")
values = {name: getattr(project, name) for name in dir(project) if name.isupper()}
values["INSTALLED_APPS"] = [app for app in project.INSTALLED_APPS if app != "news"]
values["ROOT_URLCONF"] = urls.__name__
settings.configure(**values)
django.setup()
urls.urlpatterns = [path("", include("clusters.urls"))]

import clusters
for module in pkgutil.walk_packages(clusters.__path__, "clusters."):
    importlib.import_module(module.name)
from django.core.management import call_command
call_command("check", fail_level="ERROR")
from django.urls import reverse
print(reverse("clusters:list"), reverse("clusters:announcements"))
"""


def docstrings(tree):
    documented = ast.Module | ast.ClassDef | ast.FunctionDef
    bodies = [node.body for node in ast.walk(tree) if isinstance(node, documented)]
    return {id(body[0].value) for body in bodies if body and isinstance(body[0], ast.Expr)}


def news_in_code(path):
    tree = ast.parse(path.read_text(), filename=str(path))
    prose = docstrings(tree)
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found = [alias.name for alias in node.names if NEWS_MODULE.match(alias.name)]
        elif isinstance(node, ast.ImportFrom):
            found = [node.module] if node.level == 0 and NEWS_MODULE.match(node.module) else []
        elif isinstance(node, ast.Constant) and isinstance(node.value, str) and id(node) not in prose:
            found = [node.value] if NEWS_WORD.search(node.value) else []
        elif isinstance(node, ast.Attribute):
            found = [node.attr] if NEWS_WORD.search(node.attr) else []
        else:
            continue
        yield from (f"{path.relative_to(ROOT)}:{node.lineno}: {name}" for name in found)


def test_no_clusters_module_imports_or_names_anything_of_news():
    found = [hit for path in sorted((ROOT / "clusters").rglob("*.py")) for hit in news_in_code(path)]
    assert found == []


def test_no_clusters_template_links_to_or_includes_anything_of_news():
    found = [
        f"{path.relative_to(ROOT)}: {match[0]}"
        for path in sorted((ROOT / "templates" / "clusters").rglob("*.html"))
        for match in NEWS_IN_TEMPLATE.finditer(path.read_text())
    ]
    assert found == []


def test_the_clusters_app_loads_and_passes_the_checks_in_a_project_without_news():
    result = subprocess.run(
        [sys.executable, "-c", WITHOUT_NEWS], cwd=ROOT, capture_output=True, text=True, timeout=120
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines()[-1] == "/klynger/ /kunngjoringer/"


@pytest.mark.parametrize(
    ("name", "path"),
    [
        ("clusters:cluster", "/klynger/health-technology/"),
        ("clusters:tier", "/program/health-technology/"),
        ("clusters:announcement", "/kunngjoringer/health-technology/"),
    ],
)
def test_the_pages_that_show_news_answer_to_the_clusters_names_and_are_the_news_apps(name, path):
    assert reverse(name, kwargs={"slug": "health-technology"}) == path
    assert resolve(path).func.view_class.__module__ == "news.views"
