"""The `styrbord` command: demo, token, and the entry point itself."""

import io
import subprocess
import sys

import pytest
from django.core.management import call_command
from django.urls import reverse
from rest_framework.test import APIClient

from styrbord.core.demo import load_demo
from styrbord.organisations.models import Department, Membership, Organisation, RoleAssignment, User


def counts():
    return tuple(model.objects.count() for model in (Organisation, Department, User, Membership, RoleAssignment))


@pytest.mark.django_db
def test_demo_twice_changes_nothing():
    out = io.StringIO()
    call_command("demo", employees=12, stdout=out)
    first = counts()
    call_command("demo", employees=12, stdout=io.StringIO())
    assert counts() == first
    assert "itchef" in out.getvalue() and "styrbord-demo" in out.getvalue()
    assert first[0] == 2  # two municipalities in a cooperation


@pytest.mark.django_db
def test_demo_has_a_login_per_role_and_cooperation():
    context = load_demo(employees=5)
    held = set(RoleAssignment.objects.values_list("role", flat=True))
    assert held >= {
        "it_head",
        "support_lead",
        "it_staff",
        "department_head",
        "it_coordinator",
        "security_coordinator",
        "finance",
        "management_group",
    }
    norrbacken, fjallby = context["organisations"]["norrbacken"], context["organisations"]["fjallby"]
    assert fjallby.served_by == norrbacken
    itchef = User.objects.get(username="itchef")
    assert set(itchef.memberships.values_list("organisation_id", flat=True)) == {norrbacken.pk, fjallby.pk}
    assert itchef.check_password("styrbord-demo")


@pytest.mark.django_db
def test_token_command_prints_a_working_key(world):
    out = io.StringIO()
    call_command("token", "finance", stdout=out)
    key = out.getvalue().strip()
    response = APIClient().get(reverse("organisations-api:organisation-list"), HTTP_AUTHORIZATION=f"Token {key}")
    assert response.status_code == 200


@pytest.mark.django_db
def test_token_command_refuses_unknown_user():
    from django.core.management.base import CommandError

    with pytest.raises(CommandError, match="No user"):
        call_command("token", "nobody")


def test_entry_point_runs_django_commands():
    result = subprocess.run(
        [sys.executable, "-m", "styrbord.cli", "help"], capture_output=True, text=True, timeout=120, check=False
    )
    assert result.returncode == 0
    for command in ("serve", "demo", "token", "worker"):
        assert command in result.stdout


def test_serve_runs_web_and_worker_in_one_process(tmp_path):
    """`styrbord serve` answers HTTP on the printed address and stops cleanly."""
    import os
    import signal
    import socket
    import time
    import urllib.request

    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "styrbord.settings", "STYRBORD_VAR_DIR": str(tmp_path)}
    env.pop("DATABASE_URL", None)
    subprocess.run([sys.executable, "-m", "styrbord.cli", "migrate", "-v0"], env=env, check=True, timeout=300)
    server = subprocess.Popen(
        [sys.executable, "-m", "styrbord.cli", "serve", "--port", str(port)],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    try:
        body = None
        for _ in range(100):
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz", timeout=2) as response:  # noqa: S310
                    body = response.read()
                break
            except OSError:
                time.sleep(0.2)
        assert body == b'{"status": "ok"}'
    finally:
        server.send_signal(signal.SIGTERM)
        output, _ = server.communicate(timeout=30)
    assert f"http://localhost:{port}/" in output


@pytest.mark.django_db
def test_nightly_housekeeping_removes_expired_sessions():
    from datetime import timedelta

    from django.contrib.sessions.models import Session
    from django.utils import timezone

    from styrbord.core.tasks import nightly_housekeeping

    Session.objects.create(session_key="old", session_data="", expire_date=timezone.now() - timedelta(days=1))
    Session.objects.create(session_key="new", session_data="", expire_date=timezone.now() + timedelta(days=1))
    result = nightly_housekeeping.call_local()
    assert result["sessions"] == 1
    assert list(Session.objects.values_list("session_key", flat=True)) == ["new"]
