"""Single sign-on with OpenID Connect (Authlib's Flask client), optional: on when OIDC_ISSUER and
OIDC_CLIENT_ID are set, otherwise both addresses answer 404.

- `/login/sso` sends the browser to the provider: authorization code flow with PKCE (S256), a fresh state and
  nonce, kept by Authlib in the signed session cookie.
- `/login/sso/callback` checks the state, exchanges the code (with the client secret and the PKCE verifier)
  and validates the ID token (signature against the provider's keys, issuer, audience, expiry, nonce), then
  hands its claims to usecases/sso.py, which opens a page session like a password sign-in.
Any failure (the provider refuses or cannot be reached, a forged or replayed state, no matching or a locked
account) comes back to the sign-in page with a message; nothing is created. HTTP only."""
from __future__ import annotations

import logging

import requests
from authlib.integrations.base_client import MismatchingStateError
from authlib.integrations.flask_client import OAuth, OAuthError
from flask import Flask, current_app, flash, g, redirect, request, session, url_for

from service.config import sso_enabled
from service.errors import NotFound, ServiceError
from service.http.web.views import bp, safe_next, start_page_session
from service.usecases.sso import sign_in_with_claims

log = logging.getLogger(__name__)

CLIENT = "vanban.sso_client"
# Seconds to wait for the provider (discovery, keys, token) before giving up with a message.
PROVIDER_TIMEOUT = 10

UNREACHABLE = ("Không kết nối được với hệ thống đăng nhập một lần. Hãy thử lại sau ít phút, hoặc đăng nhập bằng "
               "tên đăng nhập và mật khẩu.")
PROVIDER_FAILED = ("Đăng nhập một lần không thành công: hệ thống đăng nhập một lần đã từ chối hoặc trả lời không "
                   "hợp lệ. Hãy thử lại, hoặc đăng nhập bằng tên đăng nhập và mật khẩu.")
STATE_INVALID = ("Phiên đăng nhập một lần không hợp lệ hoặc đã được dùng. Hãy bấm lại nút đăng nhập một lần "
                 "trên trang này.")


def init_app(app: Flask) -> None:
    """Register this app as a client of the configured provider (its metadata is read on first use)."""
    if not sso_enabled(app.config):
        return
    issuer = app.config["OIDC_ISSUER"].rstrip("/")
    secret = app.config.get("OIDC_CLIENT_SECRET") or None
    oauth = OAuth(app)
    # A name of our own, so that Authlib reads no other setting from app.config (it looks for NAME_*).
    app.extensions[CLIENT] = oauth.register(
        "vanban_sso", client_id=app.config["OIDC_CLIENT_ID"], client_secret=secret,
        server_metadata_url=f"{issuer}/.well-known/openid-configuration",
        client_kwargs={"scope": app.config["OIDC_SCOPE"], "code_challenge_method": "S256",
                       "token_endpoint_auth_method": "client_secret_basic" if secret else "none",
                       "default_timeout": PROVIDER_TIMEOUT})


def _client():
    client = current_app.extensions.get(CLIENT)
    if client is None:
        raise NotFound("Hệ thống chưa bật đăng nhập một lần.")
    return client


def _check_issuer(client) -> None:
    """The discovery document must be the configured provider's own (OpenID Connect Discovery §4.3): the ID
    token's issuer is then checked against it by Authlib."""
    issuer = str(client.load_server_metadata().get("issuer") or "").rstrip("/")
    if issuer != current_app.config["OIDC_ISSUER"].rstrip("/"):
        raise OAuthError(error="issuer_mismatch", description=f"discovery names issuer {issuer!r}")


def _refused(message: str):
    session.pop("sso_next", None)
    flash(message, "error")
    return redirect(url_for("web.login"))


@bp.context_processor
def _sso_button():
    """The sign-in page offers single sign-on only when it is configured."""
    return {"sso_label": current_app.config["OIDC_BUTTON_LABEL"] if current_app.extensions.get(CLIENT) else None}


@bp.get("/login/sso")
def sso_login():
    client = _client()
    if g.get("person") is not None:
        return redirect(url_for("web.tasks"))
    redirect_uri = current_app.config.get("OIDC_REDIRECT_URI") or url_for("web.sso_callback", _external=True)
    try:
        _check_issuer(client)
        response = client.authorize_redirect(redirect_uri)
    except Exception as exc:  # noqa: BLE001 - whatever the provider does, the person gets the sign-in page
        log.warning("single sign-on: provider not usable: %s: %s", type(exc).__name__, exc)
        return _refused(UNREACHABLE)
    session["sso_next"] = safe_next(request.args.get("next"))
    return response


@bp.get("/login/sso/callback")
def sso_callback():
    client = _client()
    try:
        token = client.authorize_access_token()  # the state first, before anything is sent anywhere
        _check_issuer(client)  # read (and checked) when the flow started; a restart reads it again
        claims = token.get("userinfo")  # the validated ID token's claims
        if not claims or not claims.get("sub"):
            raise OAuthError(error="no_id_token", description="the token response carries no ID token")
    except MismatchingStateError:
        log.warning("single sign-on: unknown, forged or replayed state")
        return _refused(STATE_INVALID)
    except requests.RequestException as exc:
        log.warning("single sign-on: provider not reachable: %s: %s", type(exc).__name__, exc)
        return _refused(UNREACHABLE)
    except Exception as exc:  # noqa: BLE001 - an error answer, a bad token, an unreachable provider
        log.warning("single sign-on failed: %s: %s", type(exc).__name__, exc)
        return _refused(PROVIDER_FAILED)
    try:
        _person, sid, _row = sign_in_with_claims(dict(claims))
    except ServiceError as exc:
        return _refused(exc.message)
    nxt = session.get("sso_next")
    start_page_session(sid)
    return redirect(safe_next(nxt))
