"""Swedish is complete in every app, the compiled catalogues are current, and no string escapes gettext.

The msgids are English, so English is complete by construction; Swedish (the default)
must have a translation for every one of them.
"""

import gettext
import os
import shutil
import subprocess
import sys
from pathlib import Path

import polib
import pytest

PACKAGE = Path(__file__).resolve().parents[2]
APPS = sorted(path.parent.name for path in PACKAGE.glob("*/apps.py"))


def catalogue(app):
    return PACKAGE / app / "locale" / "sv" / "LC_MESSAGES"


@pytest.mark.parametrize("app", APPS)
def test_every_message_is_translated_to_swedish(app):
    source = polib.pofile(str(catalogue(app) / "django.po"))
    missing = [entry.msgid for entry in source if not entry.translated() and not entry.obsolete]
    assert not missing, f"{app}: {len(missing)} untranslated, e.g. {missing[:5]}"
    assert not source.fuzzy_entries(), f"{app}: fuzzy entries need review"


@pytest.mark.parametrize("app", APPS)
def test_compiled_catalogue_matches_the_source(app):
    source = polib.pofile(str(catalogue(app) / "django.po"))
    with open(catalogue(app) / "django.mo", "rb") as handle:
        compiled = gettext.GNUTranslations(handle)
    for entry in source.translated_entries():
        if entry.msgid_plural:
            assert compiled.ngettext(entry.msgid, entry.msgid_plural, 1) == entry.msgstr_plural[0], entry.msgid
        elif entry.msgctxt:
            assert compiled.pgettext(entry.msgctxt, entry.msgid) == entry.msgstr, entry.msgid
        else:
            assert compiled.gettext(entry.msgid) == entry.msgstr, entry.msgid


@pytest.mark.skipif(not shutil.which("xgettext"), reason="GNU gettext tools are not installed")
@pytest.mark.parametrize("app", APPS)
def test_catalogue_holds_every_string_in_the_code(app, tmp_path):
    copy = tmp_path / app
    shutil.copytree(PACKAGE / app, copy, ignore=shutil.ignore_patterns("__pycache__", "static"))
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "styrbord.settings_test"}
    # -P: the app folder must not shadow modules such as calendar or rules on the import path.
    subprocess.run(
        [sys.executable, "-P", "-m", "django", "makemessages", "-l", "sv", "--no-obsolete", "-v", "0"],
        cwd=copy,
        env=env,
        check=True,
        capture_output=True,
        timeout=300,
    )
    fresh = {e.msgid for e in polib.pofile(str(copy / "locale" / "sv" / "LC_MESSAGES" / "django.po"))}
    committed = {e.msgid for e in polib.pofile(str(catalogue(app) / "django.po"))}
    missing = sorted(fresh - committed)
    assert not missing, f"{app}: run `make messages` and translate: {missing[:10]}"


def test_swedish_is_the_default_and_pages_use_it(client, db):
    from django.urls import reverse

    page = client.get(reverse("login")).content.decode()
    assert 'lang="sv"' in page
    assert "Logga in" in page
    english = client.get(reverse("login"), HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "Log in" in english
