"""Errors a use case raises; the HTTP layers turn them into JSON or pages."""
from __future__ import annotations


class ServiceError(Exception):
    status = 400
    code = "bad_request"

    def __init__(self, message: str, *, details: dict | list | None = None, code: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.details = details
        if code:
            self.code = code

    def to_dict(self) -> dict:
        out: dict = {"error": self.code, "message": self.message}
        if self.details is not None:
            out["details"] = self.details
        return out


class BadRequest(ServiceError):
    status = 400
    code = "invalid_json"


class ValidationFailed(ServiceError):
    status = 422
    code = "validation_failed"

    @classmethod
    def from_violations(cls, violations, message: str) -> ValidationFailed:
        """The domain's rule violations (code, field, Vietnamese message) as one 422 naming each rule."""
        return cls(message + " " + "; ".join(v.message for v in violations),
                   details=[{"rule": v.code, "field": v.field, "message": v.message} for v in violations])


class Unauthenticated(ServiceError):
    status = 401
    code = "unauthenticated"


class Forbidden(ServiceError):
    status = 403
    code = "forbidden"


class NotFound(ServiceError):
    status = 404
    code = "not_found"


class Conflict(ServiceError):
    status = 409
    code = "conflict"


class StaleVersion(Conflict):
    """The document changed since the client read it. 409 on a page (a form's hidden version); the JSON API
    answers 412 when the version came in If-Match (service.http.errors)."""
    code = "stale"


class PayloadTooLarge(ServiceError):
    status = 413
    code = "payload_too_large"


class UnsupportedMediaType(ServiceError):
    status = 415
    code = "unsupported_media_type"


class OperationFailed(ServiceError):
    """An operator's command could not be carried out (backup tool missing, target not empty, ...)."""
    status = 500
    code = "operation_failed"


class Locked(ServiceError):
    """The resource is locked (a signing key after five wrong PINs)."""
    status = 423
    code = "locked"
