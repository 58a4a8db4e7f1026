"""Helpers for the browser tests: find Chromium, launch it, run axe-core and report what it finds.

Nothing here downloads anything: the tests use the system's Chromium (Debian's ``/usr/bin/chromium``)
and the axe-core script that ships inside the ``axe-playwright-python`` package.
"""

import shutil
from pathlib import Path

CHROMIUM_ARGS = [
    "--headless=new",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
# The WCAG 2.1 level A and AA rules; best practices and AAA are advice, not a gate.
WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
BLOCKING_IMPACTS = {"serious", "critical"}


def chromium_path():
    """The system Chromium, or None when this machine has none."""
    if Path("/usr/bin/chromium").exists():
        return "/usr/bin/chromium"
    return shutil.which("chromium") or shutil.which("chromium-browser")


def axe_script_path():
    """axe.min.js from the axe-playwright-python package, or None when it is not installed."""
    try:
        import axe_playwright_python
    except ImportError:
        return None
    path = Path(axe_playwright_python.__file__).parent / "axe.min.js"
    return path if path.exists() else None


def launch(playwright):
    return playwright.chromium.launch(executable_path=chromium_path(), args=CHROMIUM_ARGS, headless=True)


class ConsoleWatch:
    """Collects what a page reports as broken: CSP refusals, script errors, failed requests."""

    def __init__(self, page):
        self.problems = []
        page.on("console", self._console)
        page.on("pageerror", lambda error: self.problems.append(f"page error: {error}"))

    def _console(self, message):
        # A browser asks for /favicon.ico by itself; Styrbord has no icon, and that is no fault of a page.
        if message.type == "error" and not message.location.get("url", "").endswith("/favicon.ico"):
            self.problems.append(f"console error on {message.location.get('url', '?')}: {message.text}")

    def take(self):
        problems, self.problems = self.problems, []
        return problems


def run_axe(page):
    """Run axe-core on the page as it is now and return its violations of WCAG 2.1 A/AA.

    The script goes in through the DevTools protocol (``page.evaluate``), which the page's
    Content-Security-Policy does not govern; so the page is scanned exactly as users get it,
    with the CSP in force (an inline style the CSP refuses is not rendered, and is not scanned).
    """
    if not page.evaluate("() => typeof window.axe !== 'undefined'"):
        page.evaluate(axe_script_path().read_text(encoding="utf-8"))
    results = page.evaluate(
        "(options) => axe.run(document, options)",
        {"runOnly": {"type": "tag", "values": WCAG_TAGS}, "resultTypes": ["violations"]},
    )
    return results["violations"]


def blocking(violations):
    return [violation for violation in violations if violation.get("impact") in BLOCKING_IMPACTS]


def describe(violations, limit_nodes=5):
    """A readable account of axe violations: rule, impact, what to do, and where."""
    lines = []
    for violation in violations:
        lines.append(f"  [{violation['impact']}] {violation['id']}: {violation['help']} ({violation['helpUrl']})")
        nodes = violation.get("nodes", [])
        for node in nodes[:limit_nodes]:
            target = " ".join(str(part) for part in node.get("target", []))
            summary = " ".join(node.get("failureSummary", "").split())
            lines.append(f"      at {target}")
            lines.append(f"         {node.get('html', '')[:200]}")
            if summary:
                lines.append(f"         {summary[:400]}")
        if len(nodes) > limit_nodes:
            lines.append(f"      … and {len(nodes) - limit_nodes} more")
    return "\n".join(lines)
