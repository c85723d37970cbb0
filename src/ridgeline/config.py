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


def _positive(name: str, default: int) -> int:
    """Return the positive whole number in environment variable `name`, or `default` if unset."""
    raw = os.environ.get(name, "").strip()
    if not raw:
        return default
    if not raw.isdigit() or int(raw) < 1:
        raise ValueError(f"{name} must be a whole number of at least 1, not {raw!r}")
    return int(raw)
