"""English translation: the language switch really changes the UI, and the catalogue is complete.

Indonesian is the source language (msgids); English lives in
jalinmitra/locale/en/LC_MESSAGES/django.po and its compiled django.mo, which is committed
because a fresh machine has no gettext tools to compile it. The catalogue tests therefore
also check that the committed .mo matches the .po (i.e. someone ran compilemessages).
"""

import gettext as gettext_module
import re
from pathlib import Path

import pytest
from django.conf import settings
from django.urls import reverse

LOCALE_DIR = Path(settings.LOCALE_PATHS[0]) / "en" / "LC_MESSAGES"
PO_FILE = LOCALE_DIR / "django.po"
MO_FILE = LOCALE_DIR / "django.mo"


# --- a small .po reader (no polib dependency) -----------------------------------------

_ESCAPES = {"n": "\n", "t": "\t", '"': '"', "\\": "\\"}
_FIELD = re.compile(r"^(msgctxt|msgid_plural|msgid|msgstr(?:\[\d+\])?)\s+(\".*\")$")


def _unquote(text: str) -> str:
    body = text.strip()[1:-1]
    return re.sub(r"\\(.)", lambda m: _ESCAPES[m.group(1)], body)


def parse_po(path: Path) -> list[dict]:
    """Entries as dicts: flags (set), fields ({"msgid": ..., "msgstr[0]": ...}).

    An entry ends at a blank line or when a comment/msgctxt/msgid line follows a msgstr
    (makemessages does not always leave a blank line after the header). Obsolete (#~)
    entries are skipped.
    """
    entries: list[dict] = []
    entry: dict | None = None
    current = None

    def close():
        nonlocal entry
        if entry is not None and entry["fields"] and not entry["obsolete"]:
            entries.append(entry)
        entry = None

    for line in path.read_text(encoding="utf-8").splitlines():
        if not line.strip():
            close()
            current = None
            continue
        starts_entry = line.startswith("#") or re.match(r"^(msgctxt|msgid)\s", line)
        if (
            entry is not None
            and starts_entry
            and any(k.startswith("msgstr") for k in entry["fields"])
        ):
            close()
        if entry is None:
            entry = {"flags": set(), "fields": {}, "obsolete": False}
        if line.startswith("#~"):
            entry["obsolete"] = True
        elif line.startswith("#,"):
            entry["flags"].update(f.strip() for f in line[2:].split(",") if f.strip())
        elif line.startswith("#"):
            continue
        elif m := _FIELD.match(line):
            current = m.group(1)
            entry["fields"][current] = _unquote(m.group(2))
        elif line.startswith('"') and current:
            entry["fields"][current] += _unquote(line)
        else:
            raise AssertionError(f"unparseable .po line: {line!r}")
    close()
    return entries


def _msgstrs(entry: dict) -> list[str]:
    return [v for k, v in entry["fields"].items() if k.startswith("msgstr")]


def _label(entry: dict) -> str:
    return entry["fields"].get("msgid", "")[:80]


@pytest.fixture(scope="module")
def po_entries():
    assert PO_FILE.exists(), f"{PO_FILE} is missing: run makemessages -l en"
    entries = parse_po(PO_FILE)
    assert entries and entries[0]["fields"]["msgid"] == "", "the .po file has no header"
    return entries


# --- catalogue completeness -----------------------------------------------------------


def test_po_has_translations(po_entries):
    messages = po_entries[1:]
    assert len(messages) > 100  # the whole UI, not an empty catalogue


def test_every_entry_translated_and_not_fuzzy(po_entries):
    header, messages = po_entries[0], po_entries[1:]
    assert "fuzzy" not in header["flags"], "fuzzy header: msgfmt would ignore charset/plural info"
    assert "Language: en" in header["fields"]["msgstr"]

    fuzzy = [_label(e) for e in messages if "fuzzy" in e["flags"]]
    assert not fuzzy, f"fuzzy entries: {fuzzy}"

    empty = [_label(e) for e in messages if not all(s.strip() for s in _msgstrs(e))]
    assert not empty, f"entries without an English msgstr: {empty}"

    plurals = [e for e in messages if "msgid_plural" in e["fields"]]
    for e in plurals:
        assert {"msgstr[0]", "msgstr[1]"} <= e["fields"].keys(), _label(e)


_PERCENT = re.compile(r"%\((\w+)\)[sdif]")
_BRACE = re.compile(r"\{(\w+)(?::[^}]*)?\}")


def test_placeholders_kept(po_entries):
    """%(name)s / {name} placeholders must survive translation, or rendering breaks."""
    bad = []
    for e in po_entries[1:]:
        pattern = _BRACE if "python-brace-format" in e["flags"] else _PERCENT
        sources = [e["fields"]["msgid"], e["fields"].get("msgid_plural", e["fields"]["msgid"])]
        for i, out in enumerate(_msgstrs(e)):
            src = sources[min(i, 1)]
            if sorted(pattern.findall(src)) != sorted(pattern.findall(out)):
                bad.append((_label(e), out))
    assert not bad, f"placeholder mismatch: {bad}"


def test_committed_mo_matches_po(po_entries):
    """The committed django.mo is what Django actually loads; it must be compiled from this .po."""
    assert MO_FILE.exists(), f"{MO_FILE} is missing: run compilemessages -l en"
    with MO_FILE.open("rb") as fh:
        catalog = gettext_module.GNUTranslations(fh)
    stale = []
    for e in po_entries[1:]:
        f = e["fields"]
        if "msgctxt" in f:
            got = catalog.pgettext(f["msgctxt"], f["msgid"])
            want = f["msgstr"]
        elif "msgid_plural" in f:
            got = (
                catalog.ngettext(f["msgid"], f["msgid_plural"], 1),
                catalog.ngettext(f["msgid"], f["msgid_plural"], 2),
            )
            want = (f["msgstr[0]"], f["msgstr[1]"])
        else:
            got, want = catalog.gettext(f["msgid"]), f["msgstr"]
        if got != want:
            stale.append(_label(e))
    assert not stale, f"django.mo is out of date with django.po (run compilemessages): {stale}"


# --- the language switch in the browser flow ------------------------------------------


def _switch_to_english(client):
    response = client.post(reverse("set_language"), {"language": "en", "next": "/"})
    assert response.status_code == 302
    assert response["Location"] == "/"
    assert client.cookies[settings.LANGUAGE_COOKIE_NAME].value == "en"


@pytest.mark.django_db
def test_home_is_indonesian_by_default(client):
    html = client.get(reverse("core:home")).content.decode()
    assert '<html lang="id">' in html
    assert "Masuk" in html
    assert "Daftarkan usaha Anda" in html
    assert "Program Kemitraan Usaha" in html
    assert "Log in" not in html
    # the switch offers English
    assert 'name="language" value="en"' in html


@pytest.mark.django_db
def test_login_is_indonesian_by_default(client):
    html = client.get(reverse("accounts:login")).content.decode()
    assert '<html lang="id">' in html
    assert "Masuk" in html
    assert "Lupa kata sandi?" in html
    assert "Forgot your password?" not in html


@pytest.mark.django_db
def test_set_language_switches_home_to_english(client):
    _switch_to_english(client)
    html = client.get(reverse("core:home")).content.decode()
    assert '<html lang="en">' in html
    assert "Log in" in html
    assert "Register your business" in html
    assert "Business Partnership Programme" in html
    assert "business-matching events" in html
    assert "Masuk" not in html
    assert "Daftarkan usaha Anda" not in html
    # and the switch now offers the way back
    assert 'name="language" value="id"' in html


@pytest.mark.django_db
def test_set_language_switches_login_to_english(client):
    _switch_to_english(client)
    html = client.get(reverse("accounts:login")).content.decode()
    assert '<html lang="en">' in html
    assert "<h1>Log in</h1>" in html
    assert "Forgot your password?" in html
    assert "Lupa kata sandi?" not in html
    assert "Masuk" not in html


@pytest.mark.django_db
def test_switch_back_to_indonesian(client):
    _switch_to_english(client)
    client.post(reverse("set_language"), {"language": "id", "next": "/"})
    html = client.get(reverse("core:home")).content.decode()
    assert '<html lang="id">' in html
    assert "Masuk" in html
    assert "Log in" not in html


# --- every marked string is in the catalogue -----------------------------------------

_PY_MSGID = re.compile(
    r"""(?<![\w.])(?:_|gettext|gettext_lazy|gettext_noop|pgettext_lazy\("[^"]*",\s*)\(\s*"((?:[^"\\\n]|\\.)*)"\s*\)"""
)
_TEMPLATE_MSGID = re.compile(r"""{%\s*translate\s+"([^"]*)"\s*%}|{%\s*translate\s+'([^']*)'\s*%}""")


def _source_msgids() -> dict[str, str]:
    """Single-literal msgids in the code and templates: msgid -> first file using it."""
    root = Path(settings.BASE_DIR) / "jalinmitra"
    found: dict[str, str] = {}
    for path in root.rglob("*"):
        if "tests" in path.parts or "migrations" in path.parts or not path.is_file():
            continue
        if path.suffix == ".py":
            text = path.read_text(encoding="utf-8")
            ids = [_unquote(f'"{m}"') for m in _PY_MSGID.findall(text)]
        elif path.suffix in {".html", ".txt"}:
            text = path.read_text(encoding="utf-8")
            ids = [a or b for a, b in _TEMPLATE_MSGID.findall(text)]
        else:
            continue
        for msgid in ids:
            if msgid.strip():
                found.setdefault(msgid, str(path.relative_to(root)))
    return found


def test_every_marked_string_is_in_the_catalogue(po_entries):
    """A string wrapped in gettext but missing from django.po shows in Indonesian in English
    mode. Fix: DEBUG=1 .venv/bin/python manage.py makemessages -l en --no-obsolete, translate the
    new entries, then msgfmt (or compilemessages)."""
    catalogue = {e["fields"]["msgid"] for e in po_entries}
    missing = {m: f for m, f in _source_msgids().items() if m not in catalogue}
    assert len(_source_msgids()) > 500  # the scan sees the code
    assert not missing, f"not in django.po (run makemessages): {missing}"
