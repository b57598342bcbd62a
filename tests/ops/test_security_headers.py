"""Security headers and the Content-Security-Policy on every kind of response.

tracker.settings (SECURE_CSP and the SECURE_* settings) and
tracker.middleware.SecurityHeadersMiddleware.
"""

import json
import re
from unittest import mock

import pytest
from django.conf import settings
from django.db import OperationalError
from django.test import override_settings

from tracker.middleware import PERMISSIONS_POLICY

EXPECTED_CSP = {
    "default-src": {"'self'"},
    "script-src": {"'self'"},
    "style-src": {"'self'"},
    "img-src": {"'self'", "data:"},
    "connect-src": {"'self'"},
    "frame-ancestors": {"'none'"},
    "form-action": {"'self'"},
    "base-uri": {"'none'"},
    "object-src": {"'none'"},
}


def parse_csp(header: str) -> dict[str, set[str]]:
    directives = {}
    for part in header.split(";"):
        name, *values = part.split()
        directives[name] = set(values)
    return directives


def assert_security_headers(response, *, frame_options: bool = True) -> None:
    csp = response.headers.get("Content-Security-Policy")
    assert csp, f"no Content-Security-Policy on {response.status_code} response"
    assert "unsafe-inline" not in csp
    assert "unsafe-eval" not in csp
    directives = parse_csp(csp)
    for name, values in EXPECTED_CSP.items():
        assert directives.get(name) == values, f"{name}: {directives.get(name)}"
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert response.headers["Referrer-Policy"] == "same-origin"
    assert response.headers["Cross-Origin-Opener-Policy"] == "same-origin"
    if frame_options:
        assert response.headers["X-Frame-Options"] == "DENY"
    assert response.headers["Permissions-Policy"] == PERMISSIONS_POLICY


def test_the_policy_in_settings_has_no_unsafe_sources():
    rendered = str(settings.SECURE_CSP)
    assert "unsafe" not in rendered
    assert "django.middleware.csp.ContentSecurityPolicyMiddleware" in settings.MIDDLEWARE


@pytest.mark.django_db
def test_a_page(client):
    response = client.get("/")
    assert response.status_code == 200
    assert_security_headers(response)


@pytest.mark.django_db
def test_a_404(client):
    response = client.get("/no-such-page-anywhere/")
    assert response.status_code == 404
    assert_security_headers(response)


@pytest.mark.django_db
def test_the_admin_login(client):
    response = client.get(f"/{settings.ADMIN_PATH}login/")
    assert response.status_code == 200
    assert_security_headers(response)


@pytest.mark.django_db
def test_an_admin_page_for_a_signed_in_editor(client, superuser):
    client.force_login(superuser)
    response = client.get(f"/{settings.ADMIN_PATH}")
    assert response.status_code == 200
    assert_security_headers(response)


@pytest.mark.django_db
def test_healthz(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert_security_headers(response)


def test_the_503_page(client):
    with mock.patch(
        "django.db.backends.base.base.BaseDatabaseWrapper.ensure_connection",
        side_effect=OperationalError("connection refused"),
    ):
        response = client.get("/")
    assert response.status_code == 503
    assert_security_headers(response)


@override_settings(WHITENOISE_USE_FINDERS=True, WHITENOISE_AUTOREFRESH=True)
def test_a_static_file(client):
    # WhiteNoise answers static files itself, before the inner middleware: the
    # CSP and header middleware are listed before it so these get them too.
    response = client.get(f"{settings.STATIC_URL}tracker/tracker.css")
    assert response.status_code == 200
    assert response.headers["Content-Type"].startswith("text/css")
    # X-Frame-Options is added after WhiteNoise (and is only for documents):
    # for files, the CSP's frame-ancestors 'none' says the same.
    assert_security_headers(response, frame_options=False)


@pytest.mark.django_db
@override_settings(SECURE_HSTS_SECONDS=31536000, SECURE_HSTS_INCLUDE_SUBDOMAINS=True)
def test_hsts_on_https(client):
    response = client.get("/healthz", secure=True)
    assert response.headers["Strict-Transport-Security"].startswith("max-age=31536000")
    assert "includeSubDomains" in response.headers["Strict-Transport-Security"]


@pytest.mark.django_db
def test_the_page_carries_no_inline_script_or_style(client):
    """The CSP forbids inline code: the public pages must not rely on any."""
    html = client.get("/").content.decode()
    assert "<style" not in html
    assert " style=" not in html
    for chunk in html.split("<script")[1:]:
        opening, _, rest = chunk.partition(">")
        assert "src=" in opening, f"inline <script{opening}>"
        assert rest.startswith("</script>"), "script with a src must have no body"
    assert " onclick=" not in html and " onload=" not in html


@pytest.mark.django_db
@pytest.mark.parametrize(
    "address",
    [
        "/commitments/?format=csv",
        "/commitments/?format=json",
        "/commitments/?format=atom",
        "/?format=atom",
        "/api/commitments",
        "/api/openapi.json",
    ],
)
def test_exports_feeds_and_the_api(client, seed_data, address):
    response = client.get(address)
    assert response.status_code == 200, address
    assert_security_headers(response)


@pytest.mark.django_db
@pytest.mark.parametrize(
    "address",
    [
        "/commitments/?kind=banana",  # the page's 400
        "/commitments/?kind=banana&format=csv",
        "/commitments/?format=pdf",
        "/api/commitments?kind=banana",
    ],
)
def test_a_400(client, seed_data, address):
    response = client.get(address)
    assert response.status_code == 400, address
    assert_security_headers(response)


@pytest.mark.django_db
@pytest.mark.parametrize("address", ["/commitments/no-such-thing/", "/api/commitments/nothing"])
def test_a_404_of_a_record_and_of_the_api(client, seed_data, address):
    response = client.get(address)
    assert response.status_code == 404
    assert_security_headers(response)


@pytest.mark.django_db
@pytest.mark.parametrize("address", ["/commitments/", "/api/commitments"])
def test_a_304(client, seed_data, address):
    first = client.get(address)
    assert first.status_code == 200
    response = client.get(address, HTTP_IF_NONE_MATCH=first["ETag"])
    assert response.status_code == 304
    assert_security_headers(response)


@pytest.mark.django_db
def test_a_head_request_and_a_405(client, seed_data):
    assert_security_headers(client.head("/commitments/"))
    refused = client.post("/commitments/")
    assert refused.status_code == 405
    assert_security_headers(refused)


def test_htmx_is_configured_without_eval_or_scripts_in_fragments():
    """No eval under the CSP, and swapped fragments never run scripts (templates/base.html)."""
    template = (settings.BASE_DIR / "templates" / "base.html").read_text()
    (config,) = re.findall(r"<meta name=\"htmx-config\" content='([^']*)'>", template)
    config = json.loads(config)
    assert config["allowEval"] is False
    assert config["allowScriptTags"] is False
    assert config["includeIndicatorStyles"] is False
