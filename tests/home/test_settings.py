"""Production settings refuse an unsafe SECRET_KEY or no SCORM content origin, and pass Django's deployment checklist."""

import os
import secrets
import subprocess
import sys
from pathlib import Path

import pytest

PROJECT_DIR = Path(__file__).resolve().parents[2]


def run_manage(*args, **env_overrides):
    # A clean environment, as on a production host: nothing leaks in from the test run
    # (tests/browser.py sets DJANGO_ALLOW_ASYNC_UNSAFE, which check --deploy rightly rejects).
    env = {key: os.environ[key] for key in ("PATH", "HOME", "LANG", "DATABASE_URL") if key in os.environ}
    env.update({
        "DJANGO_SETTINGS_MODULE": "lms.settings.production", "ALLOWED_HOSTS": "lms.seoul.go.kr",
        "SCORM_CONTENT_ORIGIN": "https://scorm.lms.seoul.go.kr",
    })
    env.update(env_overrides)
    return subprocess.run(
        [sys.executable, "manage.py", *args], cwd=PROJECT_DIR, env=env, capture_output=True, text=True, timeout=120
    )


@pytest.mark.parametrize(
    "secret_key",
    [None, "", "too-short-secret", "dev-only-insecure-key-do-not-use-in-production" + "x" * 10],
    ids=["missing", "empty", "short", "development-default"],
)
def test_production_refuses_to_start_without_a_real_secret_key(secret_key):
    overrides = {} if secret_key is None else {"SECRET_KEY": secret_key}
    result = run_manage("check", **overrides)
    assert result.returncode != 0
    assert "SECRET_KEY 환경 변수에 50자 이상의 임의 값을 설정해야" in result.stderr


def test_check_deploy_with_production_settings_reports_no_issues():
    result = run_manage("check", "--deploy", "--fail-level", "WARNING", SECRET_KEY=secrets.token_urlsafe(64))
    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues" in result.stdout


def test_production_refuses_to_start_without_a_scorm_content_origin():
    result = run_manage("check", SECRET_KEY=secrets.token_urlsafe(64), SCORM_CONTENT_ORIGIN="")
    assert result.returncode != 0
    assert "SCORM_CONTENT_ORIGIN 환경 변수에 SCORM 콘텐츠 전용 주소" in result.stderr


def test_the_elasticsearch_index_name_setting_reaches_the_backend():
    """modelsearch reads INDEX_PREFIX (an "INDEX" key is silently ignored, and every index was then
    named plain "wagtailcore_page" whatever ELASTICSEARCH_INDEX said)."""
    script = (
        "from wagtail.search.backends import get_search_backend; "
        "from wagtail.models import Page; "
        "print(get_search_backend().get_index_for_model(Page).name)"
    )
    result = run_manage(
        "shell", "-c", script, SECRET_KEY=secrets.token_urlsafe(64),
        ELASTICSEARCH_URL="http://127.0.0.1:9", ELASTICSEARCH_INDEX="seoul-lms",
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip().splitlines()[-1] == "seoul-lms_wagtailcore_page"
