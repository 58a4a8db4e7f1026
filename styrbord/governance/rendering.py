"""Render strategy text safely: everything is escaped; blank lines separate paragraphs, lines
starting with "•", "-" or "*" are list items, a short numbered line ("9. Styrning") is a heading.

Text pasted from a PDF often has a blank line after every line: a block that follows one not
ending a sentence continues it.
"""

import re

from django.utils.html import escape
from django.utils.safestring import mark_safe

HEADING = re.compile(r"^\d{1,2}\.\s+\S.{0,60}$")
BULLET = re.compile(r"^[•\-*]\s+")
ENDS = (".", "!", "?", ":", ";")


def blocks_of(text):
    """[(kind, text)] with kind "h", "p" or "li"."""
    result = []
    for block in re.split(r"\n\s*\n", (text or "").replace("\r\n", "\n")):
        line = " ".join(part.strip() for part in block.split("\n") if part.strip())
        if not line:
            continue
        if HEADING.match(line) and not line.endswith("."):
            result.append(["h", line])
        elif BULLET.match(line):
            result.append(["li", BULLET.sub("", line)])
        elif result and result[-1][0] != "h" and not result[-1][1].endswith(ENDS):
            result[-1][1] = f"{result[-1][1]} {line}"
        else:
            result.append(["p", line])
    return result


def render_text(text):
    html, items = [], []
    for kind, line in blocks_of(text):
        if kind == "li":
            items.append(f"<li>{escape(line)}</li>")
            continue
        if items:
            html.append("<ul>" + "".join(items) + "</ul>")
            items = []
        html.append(f"<h3>{escape(line)}</h3>" if kind == "h" else f"<p>{escape(line)}</p>")
    if items:
        html.append("<ul>" + "".join(items) + "</ul>")
    return mark_safe("\n".join(html))  # noqa: S308 - every piece of text is escaped above
