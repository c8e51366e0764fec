"""Services and selectors look alike everywhere (docs/architecture.md): keyword-only, and the
acting user annotated. Reads the source with ast, importing nothing."""

import ast
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parent.parent / "jalinmitra"
APPS = ["core", "businesses", "accounts", "matching", "events", "agreements", "privacy"]

# Selectors other apps call positionally (a hook's signature, or another helper's code that
# builds on them): they keep their positional form until those callers move.
POSITIONAL_OK = {
    ("agreements", "agreements_from_event"): "a hook of events: called as fn(event)",
    ("agreements", "ceremony_agreements"): "the demo's tests call it positionally",
    ("businesses", "business_for_user"): "the catalogue calls it positionally",
    ("businesses", "businesses_of_user"): "the catalogue calls it positionally",
    ("businesses", "is_member"): "the one membership check, called positionally everywhere",
    ("events", "agreements_from"): "the demo's tests call it positionally",
}


def _modules(app: str, name: str) -> list[Path]:
    single = PACKAGE / app / f"{name}.py"
    return [single] if single.exists() else sorted((PACKAGE / app / name).glob("*.py"))


def _public_functions(path: Path):
    for node in ast.parse(path.read_text()).body:
        if isinstance(node, ast.FunctionDef) and not node.name.startswith("_"):
            yield node


@pytest.mark.parametrize("app", APPS)
def test_selectors_are_keyword_only(app):
    positional = [
        f"{app}.selectors.{f.name}"
        for path in _modules(app, "selectors")
        for f in _public_functions(path)
        if (f.args.posonlyargs or f.args.args) and (app, f.name) not in POSITIONAL_OK
    ]
    assert not positional, f"make these keyword-only: {positional}"


@pytest.mark.parametrize("app", APPS)
def test_the_acting_user_is_annotated(app):
    bare = [
        f"{path.relative_to(PACKAGE)}:{f.lineno} {f.name}({a.arg})"
        for name in ("services", "selectors")
        for path in _modules(app, name)
        for f in ast.parse(path.read_text()).body
        if isinstance(f, ast.FunctionDef)
        for a in f.args.posonlyargs + f.args.args + f.args.kwonlyargs
        if a.arg in {"actor", "user"} and a.annotation is None
    ]
    assert not bare, f"annotate the acting user: {bare}"


def test_the_exceptions_are_still_needed():
    for (app, name), reason in POSITIONAL_OK.items():
        found = [
            f
            for path in _modules(app, "selectors")
            for f in _public_functions(path)
            if f.name == name
        ]
        assert reason and found and (found[0].args.args or found[0].args.posonlyargs), (
            f"{app}.selectors.{name} is keyword-only now: drop it from POSITIONAL_OK"
        )
