"""Server settings, from the command line and the environment (never toggled globally by tests)."""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path


def data_dir() -> Path:
    """Return the folder of the embedded database and caches (RIDGELINE_DATA_DIR or ./var)."""
    return Path(os.environ.get("RIDGELINE_DATA_DIR", "var")).resolve()


def default_database_url() -> str:
    """Return the URL of the embedded SQLite database in the data folder."""
    return f"sqlite:///{data_dir() / 'ridgeline.db'}"


@dataclass(frozen=True)
class Settings:
    """What a server needs to start."""

    database_url: str
    sandbox: bool = False
    admin_token: str | None = None
    # What one customer may send the assistant (per server process): a burst, then a rate.
    customer_burst: int = 10
    customer_messages_per_minute: int = 30

    @classmethod
    def from_env(cls, database_url: str | None = None, sandbox: bool = False) -> Settings:
        """Build settings from the environment.

        The admin token comes from RIDGELINE_ADMIN_TOKEN and a customer's message limit from
        RIDGELINE_CUSTOMER_BURST and RIDGELINE_CUSTOMER_MESSAGES_PER_MINUTE.
        """
        return cls(
            database_url=database_url or default_database_url(),
            sandbox=sandbox,
            admin_token=os.environ.get("RIDGELINE_ADMIN_TOKEN") or None,
            customer_burst=_positive("RIDGELINE_CUSTOMER_BURST", cls.customer_burst),
            customer_messages_per_minute=_positive(
                "RIDGELINE_CUSTOMER_MESSAGES_PER_MINUTE", cls.customer_messages_per_minute
            ),
        )


@dataclass(frozen=True)
class LanguageModelSettings:
    """Where a hosted language model is and when to ask it (the contract's "Hosted language model").

    RIDGELINE_LLM_BASE_URL and RIDGELINE_LLM_MODEL turn it on; RIDGELINE_LLM_API_KEY (and
    RIDGELINE_LLM_API_KEY_HEADER, `api-key` for Azure OpenAI's key header), RIDGELINE_LLM_MODE
    (`unsure`, the default, or `always`), RIDGELINE_LLM_TIMEOUT (seconds, default 5),
    RIDGELINE_LLM_CONFIDENCE (below it an embedded reading is unsure, default 0.5),
    RIDGELINE_LLM_RESPONSE_FORMAT (`json_schema`, `json_object` or `none`) and
    RIDGELINE_LLM_MAX_TOKENS (0: not sent) tune it.
    """

    base_url: str
    model: str
    api_key: str | None = None
    api_key_header: str = "authorization"
    timeout: float = 5.0
    mode: str = "unsure"
    confidence: float = 0.5
    response_format: str = "json_schema"
    max_tokens: int = 400

    @classmethod
    def from_env(cls) -> LanguageModelSettings | None:
        """Return the settings from the environment, or None when no model is configured."""
        base_url = os.environ.get("RIDGELINE_LLM_BASE_URL", "").strip()
        model = os.environ.get("RIDGELINE_LLM_MODEL", "").strip()
        if not base_url and not model:
            return None
        if not base_url or not model:
            raise ValueError("set both RIDGELINE_LLM_BASE_URL and RIDGELINE_LLM_MODEL, or neither")
        if not base_url.startswith(("http://", "https://")):
            raise ValueError(f"RIDGELINE_LLM_BASE_URL must be an http(s) URL, not {base_url!r}")
        mode = _choice("RIDGELINE_LLM_MODE", ("unsure", "always"))
        response_format = _choice(
            "RIDGELINE_LLM_RESPONSE_FORMAT", ("json_schema", "json_object", "none")
        )
        return cls(
            base_url=base_url,
            model=model,
            api_key=os.environ.get("RIDGELINE_LLM_API_KEY") or None,
            api_key_header=os.environ.get("RIDGELINE_LLM_API_KEY_HEADER", "").strip()
            or "authorization",
            timeout=_number("RIDGELINE_LLM_TIMEOUT", cls.timeout, 0.1, 120.0),
            mode=mode,
            confidence=_number("RIDGELINE_LLM_CONFIDENCE", cls.confidence, 0.0, 1.0),
            response_format=response_format,
            max_tokens=int(_number("RIDGELINE_LLM_MAX_TOKENS", cls.max_tokens, 0, 100_000)),
        )


def _choice(name: str, allowed: tuple[str, ...]) -> str:
    """Return environment variable `name`, one of `allowed` (the first when unset)."""
    raw = os.environ.get(name, "").strip().lower() or allowed[0]
    if raw not in allowed:
        raise ValueError(f"{name} must be one of {', '.join(allowed)}, not {raw!r}")
    return raw


def _number(name: str, default: float, low: float, high: float) -> float:
    """Return the number in environment variable `name` (between `low` and `high`)."""
    raw = os.environ.get(name, "").strip()
    if not raw:
        return default
    try:
        value = float(raw)
    except ValueError:
        raise ValueError(f"{name} must be a number, not {raw!r}") from None
    if not low <= value <= high:
        raise ValueError(f"{name} must be between {low:g} and {high:g}, not {raw!r}")
    return value


def _positive(name: str, default: int) -> int:
    """Return the positive whole number in environment variable `name`, or `default` if unset."""
    raw = os.environ.get(name, "").strip()
    if not raw:
        return default
    if not raw.isdigit() or int(raw) < 1:
        raise ValueError(f"{name} must be a whole number of at least 1, not {raw!r}")
    return int(raw)
