"""Spreadsheet safety shared by every export: no text cell may start a formula."""

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def escape_formula(text):
    """Make a text cell safe to open in a spreadsheet (a leading apostrophe disarms a formula)."""
    text = "" if text is None else str(text)
    return "'" + text if text.startswith(FORMULA_STARTS) else text
