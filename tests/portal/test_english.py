"""English is available: the language switch shows the portal in English.

The source strings are Indonesian; locale/en/LC_MESSAGES/django.po holds the English
and the committed django.mo is what Django reads, so a fresh machine needs no gettext.
These tests read both files with plain Python (no polib, no msgfmt).
"""

import ast
import gettext
import os
import re
from pathlib import Path

import pytest
from django.conf import settings
from django.urls import reverse

from tests.conftest import client_for

CATALOGUE = Path(settings.LOCALE_PATHS[0]) / "en" / "LC_MESSAGES"
PLACEHOLDER = re.compile(r"%(?:\([a-z_]+\))?[sdr]|%%")


def _po_string(line):
    # A .po string is a C string literal; the escapes used (\" \\ \n \t) read the same
    # in Python.
    return ast.literal_eval(line)


def read_po(path):
    """Entries of a .po file: msgid, msgid_plural, msgstr {index: text}, flags."""
    entries = []
    for block in re.split(r"\n\s*\n", path.read_text(encoding="utf-8").strip()):
        entry = {"msgid": None, "msgid_plural": None, "msgstr": {}, "flags": set()}
        field = None
        for line in block.splitlines():
            line = line.strip()
            if line.startswith("#,"):
                entry["flags"] |= {flag.strip() for flag in line[2:].split(",")}
            elif line.startswith("#") or not line:
                continue  # comments, and obsolete "#~" entries
            elif line.startswith('"'):
                text = _po_string(line)
                if isinstance(field, int):
                    entry["msgstr"][field] += text
                else:
                    entry[field] += text
            else:
                keyword, _space, value = line.partition(" ")
                index = re.fullmatch(r"msgstr(?:\[(\d+)\])?", keyword)
                if index:
                    field = int(index[1] or 0)
                    entry["msgstr"][field] = _po_string(value)
                else:
                    field = keyword
                    entry[field] = _po_string(value)
        if entry["msgid"]:  # not the header, not a block of obsolete entries
            entries.append(entry)
    return entries


@pytest.fixture(scope="module")
def po_entries():
    return read_po(CATALOGUE / "django.po")


def english_client(user):
    client = client_for(user)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    return client


def test_language_switch_turns_the_portal_english(db):
    client = client_for(None)
    login = reverse("account_login")
    response = client.post(reverse("set_language"), {"language": "en", "next": login})
    assert response.status_code == 302
    assert client.cookies[settings.LANGUAGE_COOKIE_NAME].value == "en"

    body = client.get(login).content.decode()
    assert '<html lang="en">' in body
    assert "<h1>Log in</h1>" in body
    assert "<h1>Masuk</h1>" not in body


def test_without_the_switch_the_portal_stays_indonesian(staf):
    body = client_for(staf).get(reverse("portal:home")).content.decode()
    assert "Daftar kerja" in body
    assert "Worklist" not in body


PAGES = [
    (
        "staf",
        "portal:home",
        ["Work in Kabupaten Jember", "Worklist", "Not yet a legal entity", "Log out"],
        ["Pekerjaan di", "Daftar kerja", "Belum berbadan hukum", "Keluar"],
    ),
    (
        "staf",
        "kopontren:cooperative_list",
        ["Pesantren cooperative registry", "2 cooperatives", "Clear filters"],
        ["Registri koperasi pesantren", "2 koperasi", "Hapus saringan"],
    ),
    (
        "staf",
        "portal:summary",
        ["Summary of the legal status of pesantren cooperatives", "In process"],
        ["Ringkasan status badan hukum", "Dalam proses"],
    ),
    (
        None,
        "account_login",
        ["Log in", "Username or e-mail", "Password"],
        ["Masuk", "Nama pengguna atau e-mail", "Kata sandi"],
    ),
    (
        None,
        "kopontren:directory",
        ["Directory of pesantren and their cooperatives", "Not yet a legal entity"],
        ["Direktori pesantren dan koperasinya", "Belum berbadan hukum"],
    ),
    (
        None,
        "opop:catalogue",
        ["OPOP product catalogue", "Halal certified", "No products match"],
        ["Katalog produk OPOP", "Bersertifikat halal", "Tidak ada produk"],
    ),
]


@pytest.mark.parametrize(
    ("persona", "url_name", "english", "indonesian"),
    PAGES,
    ids=[f"{persona or 'anonim'}-{url_name}" for persona, url_name, *_ in PAGES],
)
def test_pages_read_in_english(
    request, coop_a, coop_b, persona, url_name, english, indonesian
):
    user = request.getfixturevalue(persona) if persona else None
    response = english_client(user).get(reverse(url_name))
    body = response.content.decode()
    assert response.status_code == 200
    assert '<html lang="en">' in body
    for text in english:
        assert text in body
    for text in indonesian:
        assert text not in body


def test_every_string_has_an_english_translation(po_entries):
    assert len(po_entries) > 500
    problems = []
    for entry in po_entries:
        forms = 2 if entry["msgid_plural"] else 1
        msgstr = entry["msgstr"]
        if "fuzzy" in entry["flags"]:
            problems.append(("fuzzy", entry["msgid"]))
        if sorted(msgstr) != list(range(forms)) or not all(msgstr.values()):
            problems.append(("untranslated", entry["msgid"]))
            continue
        # A placeholder lost or added would crash or garble the English page.
        pairs = [(entry["msgid"], msgstr[0])]
        if entry["msgid_plural"]:
            pairs.append((entry["msgid_plural"], msgstr[1]))
        for source, text in pairs:
            if sorted(PLACEHOLDER.findall(source)) != sorted(PLACEHOLDER.findall(text)):
                problems.append(("placeholders differ", entry["msgid"]))
    assert problems == []


def test_compiled_catalogue_matches_the_po_file(po_entries):
    """The committed .mo is what Django reads: it must hold every .po translation
    (run `manage.py compilemessages -l en` after editing the .po)."""
    with (CATALOGUE / "django.mo").open("rb") as mo:
        compiled = gettext.GNUTranslations(mo)
    stale = []
    for entry in po_entries:
        msgid, plural, msgstr = entry["msgid"], entry["msgid_plural"], entry["msgstr"]
        if plural:
            found = [compiled.ngettext(msgid, plural, n) for n in (1, 2)]
            expected = [msgstr.get(0), msgstr.get(1)]
        else:
            found, expected = [compiled.gettext(msgid)], [msgstr.get(0)]
        if found != expected:
            stale.append(msgid)
    assert stale == []


# --- the catalogue covers the source -------------------------------------------------

SKIPPED_DIRS = {".venv", "var", "tests", "benchmarks", "node_modules", "locale"}
GETTEXT_NAMES = {
    "_",
    "gettext",
    "gettext_lazy",
    "gettext_noop",
    "ngettext",
    "ngettext_lazy",
}
TRANSLATE_TAG = re.compile(r"""\{%\s*trans(?:late)?\s+(["'])(.*?)\1""")
TEMPLATE_UNDERSCORE = re.compile(r"""\b_\((["'])(.*?)\1\)""")
BLOCK_TAG = re.compile(
    r"\{%\s*blocktrans(?:late)?\b(?P<options>.*?)%\}(?P<body>.*?)"
    r"\{%\s*endblocktrans(?:late)?\s*%\}",
    re.S,
)
PLURAL_TAG = re.compile(r"\{%\s*plural\s*%\}")
TEMPLATE_VARIABLE = re.compile(r"\{\{\s*(\w+)\s*\}\}")


def source_files(suffixes):
    base = Path(settings.BASE_DIR)
    for folder, subfolders, files in os.walk(base):
        subfolders[:] = [
            name
            for name in subfolders
            if name not in SKIPPED_DIRS and not name.startswith(".")
        ]
        for name in files:
            if Path(name).suffix in suffixes:
                yield Path(folder) / name


def python_msgids(path):
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if not isinstance(node, ast.Call) or not node.args:
            continue
        function = node.func
        name = getattr(function, "id", None) or getattr(function, "attr", None)
        if name in GETTEXT_NAMES:
            for argument in node.args[: 2 if name.startswith("n") else 1]:
                if isinstance(argument, ast.Constant) and isinstance(
                    argument.value, str
                ):
                    yield argument.value


def _block_msgid(text, trimmed):
    # As Django's makemessages writes it: % doubled, {{ var }} as %(var)s.
    text = TEMPLATE_VARIABLE.sub(r"%(\1)s", text.replace("%", "%%"))
    return re.sub(r"\s*\n\s*", " ", text.strip()) if trimmed else text


def template_msgids(path):
    source = path.read_text(encoding="utf-8")
    for pattern in (TRANSLATE_TAG, TEMPLATE_UNDERSCORE):
        for match in pattern.finditer(source):
            yield match[2]
    for match in BLOCK_TAG.finditer(source):
        trimmed = "trimmed" in match["options"]
        for part in PLURAL_TAG.split(match["body"]):
            yield _block_msgid(part, trimmed)


def test_every_source_string_is_in_the_catalogue(po_entries):
    """A string added to the code after the last `makemessages` would show in
    Indonesian on the English portal: re-run makemessages and translate it."""
    known = {entry["msgid"] for entry in po_entries} | {
        entry["msgid_plural"] for entry in po_entries if entry["msgid_plural"]
    }
    found = {}
    for path in source_files({".py"}):
        for msgid in python_msgids(path):
            found.setdefault(msgid, path)
    for path in source_files({".html", ".txt"}):
        for msgid in template_msgids(path):
            found.setdefault(msgid, path)
    assert len(found) > 500
    missing = {
        msgid: str(path.relative_to(settings.BASE_DIR))
        for msgid, path in found.items()
        if msgid and msgid not in known and msgid.replace("%", "%%") not in known
    }
    assert missing == {}
