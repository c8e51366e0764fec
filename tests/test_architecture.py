"""The layers hold and every domain app looks the same (docs/architecture.md).

    core  <-  businesses  <-  accounts  <-  matching  <-  events  <-  agreements  <-  privacy  <-  demo
                                                                        jalinmitra/testing.py, tests/ : top

A module of one app may import its own app and any lower one, never a higher one. Checked from
the source with `ast`, without importing anything: `import` and `from ... import` (relative ones
resolved), `apps.get_model("label.Model")` / `apps.get_model("label", "Model")`, model references
written as strings (`ForeignKey("label.Model")`) and migration dependencies (`("label", "0001_...")`).
What a higher app adds to a lower one's pages comes through a hook list in the lower app, filled in
the higher app's AppConfig.ready (events/hooks.py). The shared test module (jalinmitra/testing.py)
and the project tests (tests/) sit above everything.
"""

import ast
import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
PACKAGE = ROOT / "jalinmitra"

# Lowest first. accounts builds on businesses (sign-up makes a business, invitations hand one
# over); lower apps reach the user model only through settings.AUTH_USER_MODEL.
LAYERS = [
    "core",
    "notifications",
    "businesses",
    "accounts",
    "matching",
    "events",
    "agreements",
    "catalogue",
    "monitoring",
    "financing",
    "api",
    "privacy",
    "demo",
]
TESTING = "testing"  # jalinmitra/testing.py: personas and helpers for every app's tests
RANK = {app: i for i, app in enumerate(LAYERS)} | {TESTING: len(LAYERS)}

# App test modules that exercise a lower app through a higher one, on purpose. Each with why.
TEST_EXCEPTIONS = {
    "jalinmitra/businesses/tests/test_export.py": "an officer login is made by accounts",
    "jalinmitra/businesses/tests/test_import.py": "an officer login is made by accounts",
    "jalinmitra/businesses/tests/test_views.py": "owner logins are made by accounts",
    "jalinmitra/businesses/tests/test_trust.py": (
        "owner logins are made by accounts; a closed need must disappear from matching too"
    ),
    "jalinmitra/core/tests/test_views.py": (
        "the 400 page for a refusal no view caught needs a real service that refuses (events)"
    ),
}

# The standard file set of a domain app (NetBox's habit, STYLE.md), and the justified gaps.
STANDARD = [
    "models.py",
    "services.py",
    "selectors.py",
    "forms.py",
    "views.py",
    "urls.py",
    "admin.py",
    "choices.py",
    "templates/{app}",
    "tests",
]
DOMAIN_APPS = [
    "accounts",
    "businesses",
    "matching",
    "events",
    "agreements",
    "catalogue",
    "monitoring",
    "financing",
    "api",
    "privacy",
]
MISSING_OK = {
    ("accounts", "selectors.py"): "accounts reads nothing of its own beyond Django's auth views",
    ("businesses", "admin.py"): (
        "businesses are changed only through the audited services and their pages, never the "
        "admin (no unaudited write path)"
    ),
    ("matching", "forms.py"): "matching's pages take only query-string filters, no form input",
    ("matching", "admin.py"): "invitations change only through their audited services",
}

MODEL_REF = re.compile(r"^([a-z_]+)\.([A-Za-z_]\w*)$")


def _app_of(path: Path) -> str | None:
    rel = path.relative_to(PACKAGE)
    if rel.parts == ("testing.py",):
        return TESTING
    return rel.parts[0] if len(rel.parts) > 1 and rel.parts[0] in RANK else None


def _module_of(path: Path) -> list[str]:
    rel = path.relative_to(ROOT).with_suffix("")
    parts = list(rel.parts)
    return parts[:-1] if parts[-1] == "__init__" else parts


def references(path: Path) -> list[tuple[int, str, str]]:
    """(line, app, what) for every app this module names: imports, get_model, model strings,
    migration dependencies."""
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    found: list[tuple[int, str, str]] = []

    def module(name: str, line: int) -> None:
        parts = name.split(".")
        if len(parts) >= 2 and parts[0] == "jalinmitra" and parts[1] in RANK:
            found.append((line, parts[1], f"import {name}"))

    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            for alias in node.names:
                module(alias.name, node.lineno)
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = _module_of(path)
                if path.name != "__init__.py":
                    base = base[:-1]
                base = base[: len(base) - (node.level - 1)]
                name = ".".join(base + ([node.module] if node.module else []))
            else:
                name = node.module or ""
            module(name, node.lineno)
            if name == "jalinmitra":
                for alias in node.names:
                    module(f"jalinmitra.{alias.name}", node.lineno)
        elif isinstance(node, ast.Call):
            func = node.func
            fname = func.attr if isinstance(func, ast.Attribute) else getattr(func, "id", "")
            args = [a.value for a in node.args if isinstance(a, ast.Constant)]
            if fname == "get_model" and args and isinstance(args[0], str):
                label = args[0].split(".")[0]
                if label in RANK:
                    found.append((node.lineno, label, f"get_model({args[0]!r})"))
        elif isinstance(node, ast.Constant) and isinstance(node.value, str):
            match = MODEL_REF.match(node.value)
            if match and match.group(1) in RANK and match.group(2)[:1].isupper():
                found.append((node.lineno, match.group(1), f"model {node.value!r}"))
        elif isinstance(node, ast.Tuple) and len(node.elts) == 2:
            label, migration = node.elts
            if (
                isinstance(label, ast.Constant)
                and isinstance(migration, ast.Constant)
                and label.value in RANK
                and isinstance(migration.value, str)
                and re.match(r"^\d{4}_", migration.value)
            ):
                found.append((node.lineno, label.value, f"migration {migration.value}"))
    seen: set[tuple[int, str]] = set()  # get_model("a.B") is also a model string: once
    return [f for f in found if (f[0], f[1]) not in seen and not seen.add((f[0], f[1]))]


def upward_references(path: Path) -> list[str]:
    app = _app_of(path)
    if app is None:
        return []
    rel = path.relative_to(ROOT).as_posix()
    is_test = "/tests/" in rel
    problems = []
    for line, target, what in references(path):
        if target == app or RANK[target] < RANK[app]:
            continue
        if is_test and (target == TESTING or rel in TEST_EXCEPTIONS):
            continue
        problems.append(f"{rel}:{line}: {app} -> {target} ({what})")
    return problems


def _modules() -> list[Path]:
    return sorted(p for p in PACKAGE.rglob("*.py") if ".venv" not in p.parts)


def test_no_app_imports_a_higher_one():
    problems = [problem for path in _modules() for problem in upward_references(path)]
    assert not problems, "upward references (see docs/architecture.md):\n" + "\n".join(problems)


def test_the_layer_order_is_the_installed_order():
    from django.conf import settings

    ours = [a.split(".")[1] for a in settings.INSTALLED_APPS if a.startswith("jalinmitra.")]
    assert sorted(ours, key=RANK.__getitem__) == ours
    assert set(ours) == set(LAYERS), "a new app needs its place in LAYERS"


def test_test_exceptions_are_still_needed():
    for rel, reason in TEST_EXCEPTIONS.items():
        assert reason
        path = ROOT / rel
        app = _app_of(path)
        assert any(
            t != app and t != TESTING and RANK[t] > RANK[app] for _, t, _ in references(path)
        ), f"{rel} no longer reaches up: drop it from TEST_EXCEPTIONS"


def _exists(path: Path) -> bool:
    """A module, or a package of that name split into parts (events/services/)."""
    return path.exists() or (
        path.suffix == ".py" and (path.with_suffix("") / "__init__.py").exists()
    )


@pytest.mark.parametrize("app", DOMAIN_APPS)
def test_a_domain_app_has_the_standard_files(app):
    missing = [
        f.format(app=app)
        for f in STANDARD
        if not _exists(PACKAGE / app / f.format(app=app)) and (app, f) not in MISSING_OK
    ]
    assert not missing, f"{app} lacks {missing} (or add a reason to MISSING_OK)"
    for (gap_app, f), reason in MISSING_OK.items():
        assert reason and not (PACKAGE / gap_app / f).exists(), f"{gap_app}/{f} exists now"


def test_the_check_catches_an_upward_import(tmp_path, monkeypatch):
    """The checker itself: a lower module importing, get_model-ing or depending on a higher
    app is found."""
    fake_root = tmp_path
    module = fake_root / "jalinmitra" / "core" / "bad.py"
    module.parent.mkdir(parents=True)
    module.write_text(
        "from django.apps import apps\n"
        "from jalinmitra.events.models import Event\n"
        "from jalinmitra import agreements\n"
        "Agreement = apps.get_model('agreements.Agreement')\n"
        "x = ForeignKey('businesses.Business')\n"
        "dependencies = [('events', '0001_initial')]\n"
        "from jalinmitra.core import models\n"
    )
    monkeypatch.setitem(globals(), "ROOT", fake_root)
    monkeypatch.setitem(globals(), "PACKAGE", fake_root / "jalinmitra")
    problems = upward_references(module)
    assert len(problems) == 5, problems
    assert any("get_model" in p for p in problems) and any("migration" in p for p in problems)


def test_services_never_import_their_tasks():
    """Tasks call services; services start tasks by name through core.jobs (no import cycle)."""
    problems = []
    for path in [*PACKAGE.glob("*/services.py"), *PACKAGE.glob("*/services/*.py")]:
        for line, _app, what in references(path):
            if what.startswith("import ") and what.endswith(".tasks"):
                problems.append(f"{path.relative_to(ROOT)}:{line}: {what}")
    assert not problems, problems


def test_every_task_named_by_a_service_exists():
    from django.utils.module_loading import import_string

    names = set()
    for path in PACKAGE.rglob("*.py"):
        names |= set(re.findall(r'"(jalinmitra\.\w+\.tasks\.\w+)"', path.read_text()))
    assert names, "no job_enqueue(...) found"
    for name in names:
        assert hasattr(import_string(name), "enqueue"), name
