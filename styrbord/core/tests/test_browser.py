"""Styrbord in a real browser: logging in, the language switch, and an axe-core scan of every main page.

Runs the system's headless Chromium against pytest-django's live server with the demo data.
Every page is scanned in Swedish and in English against WCAG 2.1 A and AA; a "serious" or
"critical" violation fails the test with a readable account of what and where. The pages are
scanned with their Content-Security-Policy in force, as users get them, and a CSP refusal or a
script error in the console fails the test too.

Skipped when Chromium, Playwright or axe-core is missing. Run only these with ``pytest -m browser``.
"""

import os
import sqlite3

import pytest
from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core.management import call_command
from django.db import connections
from django.urls import reverse
from django.utils import translation

from styrbord.core.demo import load_demo

from .browser_support import ConsoleWatch, axe_script_path, blocking, chromium_path, describe, launch, run_axe

sync_api = pytest.importorskip("playwright.sync_api", reason="Playwright is not installed")
if chromium_path() is None:
    pytest.skip("Chromium is not installed", allow_module_level=True)
if axe_script_path() is None:
    pytest.skip("axe-core (axe-playwright-python) is not installed", allow_module_level=True)

expect = sync_api.expect
pytestmark = pytest.mark.browser

TIMEOUT_MS = 15_000
LANGUAGES = ["sv", "en"]


@pytest.fixture(scope="module")
def browser():
    """One Chromium for the whole module; each test opens its own context (cookies, storage)."""
    # Playwright's sync API keeps an event loop in this thread; Django refuses database calls
    # from a thread with a running loop unless told that this is deliberate.
    previous = os.environ.get("DJANGO_ALLOW_ASYNC_UNSAFE")
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    playwright = sync_api.sync_playwright().start()
    chromium = launch(playwright)
    yield chromium
    chromium.close()
    playwright.stop()
    if previous is None:
        os.environ.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
    else:
        os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = previous


@pytest.fixture(scope="module")
def demo_snapshot(django_db_setup, django_db_blocker):
    """The demo, loaded once for the module (all its loaders take a while) and kept as a snapshot.

    Tests with a live server run on a transactional database that is emptied after each test;
    on SQLite each test gets the snapshot back through SQLite's backup API in milliseconds.
    Elsewhere (PostgreSQL) there is no snapshot and each test loads the demo again.
    """
    connection = connections["default"]
    if connection.vendor != "sqlite":
        yield None
        return
    with django_db_blocker.unblock():
        context = load_demo(employees=20)
        connection.ensure_connection()
        snapshot = sqlite3.connect(":memory:", check_same_thread=False)
        connection.connection.backup(snapshot)
    yield context, snapshot
    snapshot.close()
    with django_db_blocker.unblock():
        # Each test's teardown has emptied the database already; this covers a module cut short.
        call_command("flush", interactive=False, verbosity=0)


@pytest.fixture
def demo(demo_snapshot, live_server):
    if demo_snapshot is None:
        return load_demo(employees=20)
    context, snapshot = demo_snapshot
    snapshot.backup(connections["default"].connection)
    ContentType.objects.clear_cache()
    return context


@pytest.fixture
def new_page(browser, live_server):
    """Open a page in a fresh browser context, like a new browser on a Swedish computer."""
    contexts = []

    def make():
        context = browser.new_context(base_url=live_server.url, locale="sv-SE", timezone_id="Europe/Stockholm")
        context.set_default_timeout(TIMEOUT_MS)
        contexts.append(context)
        page = context.new_page()
        page.console = ConsoleWatch(page)
        return page

    yield make
    for context in contexts:
        context.close()


def text(language, message, **values):
    """What the page should say in ``language``, from the same catalogues the server uses."""
    with translation.override(language):
        return translation.gettext(message) % values if values else translation.gettext(message)


def expect_language(page, language):
    expect(page.locator("html")).to_have_attribute("lang", language)


def submit(page, button):
    with page.expect_navigation():
        button.click()


def log_in(page, username, password=None, *, open_form=True):
    if open_form:
        page.goto(reverse("login"))
    page.fill("#id_username", username)
    page.fill("#id_password", password or settings.STYRBORD_DEMO_PASSWORD)
    submit(page, page.locator("main form button[type=submit]"))


def log_out(page):
    submit(page, page.locator(f"header form[action='{reverse('logout')}'] button"))


def switch_language(page, language):
    submit(page, page.locator(f"header button[name=language][value={language}]"))
    expect_language(page, language)


def test_log_in_through_the_form(new_page, demo):
    page = new_page()
    page.goto(reverse("organisations:person_list"))
    expect(page).to_have_url(f"{reverse('login')}?next={reverse('organisations:person_list')}")
    expect_language(page, "sv")
    expect(page.locator("h1")).to_have_text(text("sv", "Log in to Styrbord"))

    log_in(page, "itchef", open_form=False)

    # The form's "next" brings the person to the page they asked for.
    expect(page).to_have_url(reverse("organisations:person_list"))
    expect(page.locator("h1")).to_have_text(text("sv", "People"))
    page.locator("header .brand a").click()
    expect(page).to_have_url(reverse("core:home"))
    expect(page.locator("h1")).to_have_text(text("sv", "Welcome, %(name)s", name="Ingrid"))
    expect(page.locator("header")).to_contain_text("Norrbäcken")
    expect(page.locator("nav.site-nav")).to_be_visible()
    assert page.console.take() == []


def test_wrong_password_is_refused_with_a_message(new_page, demo):
    page = new_page()
    log_in(page, "itchef", password="wrong-password")
    expect(page).to_have_url(reverse("login"))
    expect(page.locator(".form-errors[role=alert]")).to_be_visible()
    expect(page.locator("nav.site-nav")).to_have_count(0)


def test_keyboard_reaches_the_skip_link_first_and_it_moves_focus_to_the_content(new_page, demo):
    page = new_page()
    log_in(page, "verksamhetschef")
    page.keyboard.press("Tab")
    skip = page.locator("a.skip-link")
    expect(skip).to_be_focused()
    expect(skip).to_be_in_viewport()
    page.keyboard.press("Enter")
    expect(page.locator("main#main")).to_be_focused()


def test_language_switch_is_remembered_across_pages_and_logins(new_page, demo):
    from styrbord.organisations.models import User

    page = new_page()
    log_in(page, "anstalld")
    expect_language(page, "sv")
    page.goto(reverse("organisations:person_list"))
    expect(page.locator("h1")).to_have_text(text("sv", "People"))

    # The switch returns to the same page, in English, and saves the choice on the profile.
    switch_language(page, "en")
    expect(page).to_have_url(reverse("organisations:person_list"))
    expect(page.locator("h1")).to_have_text("People")
    expect(page.locator("header button[name=language]")).to_have_text("Svenska")
    assert User.objects.get(username="anstalld").language == "en"

    # The next page load stays English.
    page.goto(reverse("core:home"))
    expect_language(page, "en")
    expect(page.locator("h1")).to_have_text("Welcome, Anna")

    # Logging out and in again in the same browser keeps English.
    log_out(page)
    expect(page).to_have_url(reverse("login"))
    expect_language(page, "en")
    log_in(page, "anstalld")
    expect_language(page, "en")

    # A new browser (no language cookie, a Swedish locale) shows the login page in Swedish,
    # and the person's saved language as soon as they have logged in.
    other = new_page()
    other.goto(reverse("login"))
    expect_language(other, "sv")
    log_in(other, "anstalld")
    expect(other).to_have_url(reverse("core:home"))
    expect_language(other, "en")
    expect(other.locator("h1")).to_have_text("Welcome, Anna")

    # Switching back is saved too.
    switch_language(other, "sv")
    expect(other.locator("h1")).to_have_text(text("sv", "Welcome, %(name)s", name="Anna"))
    assert User.objects.get(username="anstalld").language == "sv"
    assert page.console.take() == [] and other.console.take() == []


def anonymous_pages(demo):
    return [
        ("login", reverse("login"), 200),
        ("accessibility statement", reverse("core:accessibility"), 200),
    ]


def signed_in_pages(demo):
    department = demo["departments"]["it"]
    person = demo["users"]["anstalld"]
    return [
        ("home", reverse("core:home"), 200),
        ("organisation", reverse("organisations:organisation"), 200),
        ("organisation edit", reverse("organisations:organisation_edit"), 200),
        ("organisation history", reverse("organisations:organisation_history"), 200),
        ("departments", reverse("organisations:department_list"), 200),
        ("department search", reverse("organisations:department_list") + "?q=skola&inactive=1", 200),
        ("department", reverse("organisations:department_detail", args=[department.pk]), 200),
        ("department edit", reverse("organisations:department_edit", args=[department.pk]), 200),
        ("department history", reverse("organisations:department_history", args=[department.pk]), 200),
        ("new department", reverse("organisations:department_create"), 200),
        ("people", reverse("organisations:person_list"), 200),
        ("people filtered", reverse("organisations:person_list") + "?q=zzz-nobody", 200),
        ("person", reverse("organisations:person_detail", args=[person.pk]), 200),
        ("person edit", reverse("organisations:person_edit", args=[person.pk]), 200),
        ("person history", reverse("organisations:person_history", args=[person.pk]), 200),
        ("new person", reverse("organisations:person_create"), 200),
        ("roles", reverse("organisations:role_list"), 200),
        ("profile", reverse("organisations:profile"), 200),
        ("accessibility statement (signed in)", reverse("core:accessibility"), 200),
        ("page not found", "/no-such-page/", 404),
    ]


def password_reset_link(user):
    from django.contrib.auth.tokens import default_token_generator
    from django.utils.encoding import force_bytes
    from django.utils.http import urlsafe_base64_encode

    uid = urlsafe_base64_encode(force_bytes(user.pk))
    return reverse("password_reset_confirm", args=[uid, default_token_generator.make_token(user)])


def anonymous_password_pages(demo):
    return [
        ("password reset", reverse("password_reset"), 200),
        ("password reset sent", reverse("password_reset_done"), 200),
        # A person who never logs in during the test, so that the link stays valid.
        ("password reset link", password_reset_link(demo["users"]["ekonomi"]), 200),
        ("password reset complete", reverse("password_reset_complete"), 200),
    ]


def signed_in_password_pages(demo):
    return [
        ("password change", reverse("password_change"), 200),
        ("password change done", reverse("password_change_done"), 200),
    ]


class Walk:
    """Opens pages one after another and keeps a readable account of what is wrong with each."""

    def __init__(self, page, language):
        self.page, self.language = page, language
        self.failures, self.foreign = [], []

    def visit(self, name, path, status):
        page = self.page
        response = page.goto(path)
        title = f"{name} ({self.language}) {path}"
        if page.locator("header.site-header").count() == 0:
            # Not rendered with Styrbord's base template: nothing of ours to scan.
            page.console.take()
            self.foreign.append(title)
            return
        problems = []
        if response is None or response.status != status:
            problems.append(f"  status {response.status if response else 'none'}, expected {status}")
        lang = page.locator("html").get_attribute("lang")
        if lang != self.language:
            problems.append(f'  <html lang="{lang}">, expected "{self.language}"')
        violations = blocking(run_axe(page))
        if violations:
            problems.append(describe(violations))
        # An error page's own status shows in the console as a failed load; that one is expected.
        expected = f"{page.url}: Failed to load resource: the server responded with a status of {status}"
        problems.extend(f"  {problem}" for problem in page.console.take() if expected not in problem)
        if problems:
            self.failures.append(f"{title}:\n" + "\n".join(problems))

    def walk(self, pages):
        for name, path, status in pages:
            self.visit(name, path, status)

    def assert_clean(self):
        assert not self.failures, f"{len(self.failures)} page(s) with serious or critical problems:\n\n" + (
            "\n\n".join(self.failures)
        )


def start_walk(new_page, language):
    page = new_page()
    page.goto(reverse("login"))
    if language != "sv":
        switch_language(page, language)
    return page, Walk(page, language)


@pytest.mark.parametrize("language", LANGUAGES)
def test_every_main_page_passes_axe(new_page, demo, language):
    page, walk = start_walk(new_page, language)
    walk.walk(anonymous_pages(demo))
    log_in(page, "itchef")
    walk.walk(signed_in_pages(demo))
    walk.assert_clean()
    assert not walk.foreign, "pages without Styrbord's base template: " + "; ".join(walk.foreign)


@pytest.mark.parametrize("language", LANGUAGES)
def test_password_pages_pass_axe(new_page, demo, language):
    page, walk = start_walk(new_page, language)
    walk.walk(anonymous_password_pages(demo))
    log_in(page, "itchef")
    walk.walk(signed_in_password_pages(demo))
    walk.assert_clean()
    # django.contrib.admin ships registration/password_*.html too; it is listed after Styrbord's apps
    # so that these pages use Styrbord's own templates.
    assert not walk.foreign, "rendered with Django admin's templates: " + "; ".join(walk.foreign)


@pytest.mark.parametrize("language", LANGUAGES)
def test_form_errors_are_announced_and_accessible(new_page, demo, language):
    from styrbord.organisations.models import Department

    before = Department.objects.count()
    page = new_page()
    page.goto(reverse("login"))
    if language != "sv":
        switch_language(page, language)
    log_in(page, "itchef")
    page.goto(reverse("organisations:department_create"))
    page.fill("#id_name", "")
    submit(page, page.locator("main form.stacked button[type=submit]"))

    # Back on the form: the summary is announced, the field says what is wrong, focus is on it.
    expect_language(page, language)
    expect(page).to_have_url(reverse("organisations:department_create"))
    expect(page.locator("main [role=alert]").first).to_have_text(
        text(language, "The form has errors: see the fields marked below.")
    )
    name_field = page.locator(".field.has-error").filter(has=page.locator("#id_name"))
    expect(name_field.locator(".errorlist")).to_have_text(text(language, "This field is required."))
    expect(page.locator("#id_name")).to_have_attribute("aria-invalid", "true")
    expect(page.locator("#id_name")).to_be_focused()
    assert Department.objects.count() == before

    violations = blocking(run_axe(page))
    assert not violations, "The form with errors has accessibility problems:\n" + describe(violations)
    assert page.console.take() == []


def test_the_scanner_finds_a_known_fault(new_page, demo):
    """The scans above prove something only if axe runs and reports: plant two faults and expect both."""
    page = new_page()
    page.goto(reverse("core:accessibility"))
    assert blocking(run_axe(page)) == []
    page.evaluate(
        """() => {
            const main = document.querySelector("main");
            main.insertAdjacentHTML("beforeend", '<img src="data:,"><input type="text" name="unlabelled">');
        }"""
    )
    found = {violation["id"] for violation in blocking(run_axe(page))}
    assert {"image-alt", "label"} <= found, found
