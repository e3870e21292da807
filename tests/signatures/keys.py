"""Demo keys for tests: generated once per session and installed through the real `init_demo_keys` path.

RSA key generation is the slow part (~50 ms a key); the CA and every certificate are cached by subject, so a
test that requests `keys` pays only for encrypting and inserting the rows (~0.3 s).
"""
from __future__ import annotations

import pytest

from service.output.pades import KeyMaterial, create_demo_ca, issue_certificate

_CACHE: dict = {}
DEMO_PIN = "123456"  # the PIN `flask keys init` puts every demo key under (README, demo accounts)


def cached_ca() -> KeyMaterial:
    if "ca" not in _CACHE:
        _CACHE["ca"] = create_demo_ca()
    return _CACHE["ca"]


def cached_issue(ca: KeyMaterial, common_name: str, organization: str, *, is_organization: bool) -> KeyMaterial:
    key = (ca.cert_pem, common_name, organization, is_organization)
    if key not in _CACHE:
        _CACHE[key] = issue_certificate(ca, common_name, organization, is_organization=is_organization)
    return _CACHE[key]


def install_keys(app) -> KeyMaterial:
    """`flask keys init` on the test database, with the session's cached keys; returns the demo CA."""
    from service.extensions import db
    from service.usecases.keys import init_demo_keys

    with app.app_context():
        init_demo_keys(make_ca=cached_ca, issue=cached_issue)
        db.session.commit()
        db.session.remove()
    return cached_ca()


@pytest.fixture
def keys(app) -> KeyMaterial:
    """Key material for every demo signer and organization (digital signatures become required)."""
    return install_keys(app)
