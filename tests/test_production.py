"""Production settings: `innopark check --deploy` is clean, static files are collected for whitenoise."""

import os
import subprocess
import sys
from pathlib import Path

import pytest

PROJECT = Path(__file__).resolve().parents[1]
LONG_KEY = "p7-Qw9!zR2#kL5$mN8^bV1&cX4*jH6(gF3)dS0_aT9+eY2=uI5" + "x" * 10


def innopark(*args, tmp_path, **env) -> subprocess.CompletedProcess:
    environment = {
        k: v
        for k, v in os.environ.items()
        if k not in {"DEBUG", "DEMO", "SECRET_KEY", "ALLOWED_HOSTS", "DJANGO_ALLOW_ASYNC_UNSAFE"}
    }
    environment.update(
        DJANGO_SETTINGS_MODULE="innopark.settings_production",
        SECRET_KEY=LONG_KEY,
        ALLOWED_HOSTS="park.example",
        INNOPARK_VAR_DIR=str(tmp_path / "var"),
        STATIC_ROOT=str(tmp_path / "static"),
    )
    environment.update(env)
    return subprocess.run(
        [sys.executable, "-m", "innopark", *args],
        cwd=PROJECT,
        env=environment,
        capture_output=True,
        text=True,
        timeout=300,
    )


def test_check_deploy_gives_no_warnings(tmp_path):
    result = innopark("check", "--deploy", "--fail-level", "WARNING", tmp_path=tmp_path)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues (0 silenced)." in result.stdout


def test_check_deploy_is_clean_in_demo_mode_with_a_real_key(tmp_path):
    result = innopark("check", "--deploy", "--fail-level", "WARNING", tmp_path=tmp_path, DEMO="1")
    assert result.returncode == 0, result.stdout + result.stderr


def test_demo_mode_with_the_development_key_is_reported(tmp_path):
    """The development settings warn (innopark.W001) when DEMO runs without DEBUG on the built-in key."""
    environment = {k: v for k, v in os.environ.items() if k not in {"DEBUG", "SECRET_KEY"}}
    environment.update(DJANGO_SETTINGS_MODULE="innopark.settings", DEMO="1", INNOPARK_VAR_DIR=str(tmp_path))
    result = subprocess.run(
        [sys.executable, "-m", "innopark", "check"], cwd=PROJECT, env=environment, capture_output=True, text=True
    )
    assert "innopark.W001" in result.stdout + result.stderr


@pytest.mark.parametrize("key", ["", "short-key", "innopark-development-key-not-for-production-use-0123456789"])
def test_production_refuses_to_start_without_a_real_secret_key(tmp_path, key):
    result = innopark("check", tmp_path=tmp_path, SECRET_KEY=key)
    assert result.returncode != 0
    assert "SECRET_KEY" in result.stderr


def test_production_refuses_to_start_without_allowed_hosts(tmp_path):
    result = innopark("check", tmp_path=tmp_path, ALLOWED_HOSTS="")
    assert result.returncode != 0
    assert "ALLOWED_HOSTS" in result.stderr


def test_collectstatic_builds_the_manifest_whitenoise_serves(tmp_path):
    result = innopark("collectstatic", "--noinput", tmp_path=tmp_path)
    assert result.returncode == 0, result.stderr
    static = tmp_path / "static"
    manifest = static / "staticfiles.json"
    assert manifest.exists()
    hashed = list((static / "innopark").glob("site.*.css"))
    assert hashed, "site.css is stored under a content-hashed name"
    assert any(p.suffix == ".gz" for p in (static / "innopark").iterdir()), "compressed copies are written"
    # The stored page links the hashed file.
    code = (
        "import django; django.setup();"
        "from django.templatetags.static import static; print(static('innopark/site.css'))"
    )
    environment = {k: v for k, v in os.environ.items() if k not in {"DEBUG", "DEMO"}}
    environment.update(
        DJANGO_SETTINGS_MODULE="innopark.settings_production",
        SECRET_KEY=LONG_KEY,
        ALLOWED_HOSTS="park.example",
        STATIC_ROOT=str(static),
    )
    out = subprocess.run([sys.executable, "-c", code], cwd=PROJECT, env=environment, capture_output=True, text=True)
    assert out.returncode == 0, out.stderr
    assert out.stdout.strip().startswith("/static/innopark/site.") and out.stdout.strip() != "/static/innopark/site.css"
