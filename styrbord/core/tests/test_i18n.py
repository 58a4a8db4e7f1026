"""Swedish is complete, the compiled catalogue is current, and no string escapes gettext."""

import gettext
import os
import shutil
import subprocess
import sys
from pathlib import Path

import polib
import pytest

PACKAGE = Path(__file__).resolve().parents[2]
LOCALE = PACKAGE / "locale"


@pytest.mark.parametrize("language", ["sv"])
def test_every_message_is_translated(language):
    catalogue = polib.pofile(str(LOCALE / language / "LC_MESSAGES" / "django.po"))
    missing = [entry.msgid for entry in catalogue if not entry.translated() and not entry.obsolete]
    assert not missing, f"{len(missing)} untranslated, e.g. {missing[:5]}"
    assert not catalogue.fuzzy_entries(), "fuzzy entries need review"


@pytest.mark.parametrize("language", ["sv"])
def test_compiled_catalogue_matches_the_source(language):
    directory = LOCALE / language / "LC_MESSAGES"
    source = polib.pofile(str(directory / "django.po"))
    with open(directory / "django.mo", "rb") as handle:
        compiled = gettext.GNUTranslations(handle)
    for entry in source.translated_entries():
        if entry.msgid_plural:
            assert compiled.ngettext(entry.msgid, entry.msgid_plural, 1) == entry.msgstr_plural[0], entry.msgid
        elif entry.msgctxt:
            assert compiled.pgettext(entry.msgctxt, entry.msgid) == entry.msgstr, entry.msgid
        else:
            assert compiled.gettext(entry.msgid) == entry.msgstr, entry.msgid


@pytest.mark.skipif(not shutil.which("xgettext"), reason="GNU gettext tools are not installed")
def test_catalogue_holds_every_string_in_the_code(tmp_path):
    copy = tmp_path / "styrbord"
    shutil.copytree(PACKAGE, copy, ignore=shutil.ignore_patterns("__pycache__", "static"))
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "styrbord.settings_test"}
    subprocess.run([sys.executable, "-m", "django", "makemessages", "-l", "sv", "--no-obsolete", "-v", "0"],
                   cwd=copy, env=env, check=True, capture_output=True, timeout=300)
    fresh = {e.msgid for e in polib.pofile(str(copy / "locale" / "sv" / "LC_MESSAGES" / "django.po"))}
    committed = {e.msgid for e in polib.pofile(str(LOCALE / "sv" / "LC_MESSAGES" / "django.po"))}
    missing = sorted(fresh - committed)
    assert not missing, f"run `make messages` and translate: {missing[:10]}"
