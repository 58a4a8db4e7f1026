"""Production settings pass Django's deployment checks with nothing to report."""

import os
import subprocess
import sys


def test_check_deploy_is_clean_with_production_settings(tmp_path):
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "styrbord.settings",
        "SECRET_KEY": "x" * 20 + "-production-secret-key-with-enough-variety-1234567890",
        "STYRBORD_HTTPS": "1",
        "ALLOWED_HOSTS": "styrbord.example.se",
        "STYRBORD_VAR_DIR": str(tmp_path),
        "STYRBORD_DEBUG": "0",
    }
    result = subprocess.run(
        [sys.executable, "-m", "styrbord.cli", "check", "--deploy", "--fail-level", "WARNING"],
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout
