"""Sign-in throttling (Flask-Limiter), the same for the JSON API and the pages.

- By client: at most SIGN_IN_LIMIT_PER_CLIENT attempts (default 30 a minute), right or wrong, whatever the
  usernames.
- By client and username: at most SIGN_IN_FAILURES_PER_CLIENT_AND_USER wrong passwords (default 5 in 15
  minutes); only failures count.
Nothing is counted per account alone, so a stranger's wrong passwords never keep the real user out when they
sign in from their own machine; an unknown username is counted and answered exactly like a known one. Over a
limit the answer is 429 with Retry-After.
"""
from __future__ import annotations

from flask import Response, current_app, request
from flask_limiter.util import get_remote_address

from service.extensions import limiter


def _per_client_limit() -> str:
    return current_app.config["SIGN_IN_LIMIT_PER_CLIENT"]


def _failure_limit() -> str:
    return current_app.config["SIGN_IN_FAILURES_PER_CLIENT_AND_USER"]


def _client_and_username() -> str:
    username = ""
    if request.is_json:
        body = request.get_json(silent=True)
        if isinstance(body, dict) and isinstance(body.get("username"), str):
            username = body["username"]
    else:
        username = request.form.get("username") or ""
    return f"{get_remote_address()}|{username.strip().lower()[:200]}"


def _failed(response: Response) -> bool:
    return response.status_code == 401


per_client = limiter.shared_limit(_per_client_limit, scope="sign-in-client", key_func=get_remote_address)
per_client_and_user = limiter.shared_limit(_failure_limit, scope="sign-in-failures",
                                           key_func=_client_and_username, deduct_when=_failed)


def sign_in_throttled(view):
    """Both sign-in limits on a view (the API's token endpoint, the sign-in form)."""
    return per_client(per_client_and_user(view))
