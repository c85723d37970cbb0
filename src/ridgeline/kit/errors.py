"""Domain errors: what went wrong, in domain words, with no HTTP codes.

A service raises them when a record is missing (or not the caller's to see), when a business
rule refuses a change, or when a request is malformed; the web layer maps them to HTTP once, in
`ridgeline.http.errors`.
"""

from __future__ import annotations


class DomainError(Exception):
    """Base of every error a service raises on purpose."""

    code = "domain_error"

    def __init__(self, message: str) -> None:
        """Keep `message`, the domain words said to the caller."""
        super().__init__(message)
        self.message = message


class NotFoundError(DomainError):
    """A record does not exist (or is not visible to the caller)."""

    code = "not_found"

    def __init__(self, kind: str, record_id: str) -> None:
        """Name the missing record by its `kind` ("order", "case") and id."""
        super().__init__(f"{kind} {record_id!r} not found")
        self.kind = kind
        self.record_id = record_id


class RuleRefusedError(DomainError):
    """A business rule refuses the change. `rule` names the rule, for the customer and the log."""

    code = "rule_refused"

    def __init__(self, rule: str, message: str) -> None:
        """Name the refusing `rule` and say why in `message`."""
        super().__init__(message)
        self.rule = rule


class InvalidInputError(DomainError):
    """The request is malformed in a way the schema could not catch."""

    code = "invalid_input"


class ConflictError(DomainError):
    """A concurrent change won; the request may be retried on fresh data."""

    code = "conflict"
