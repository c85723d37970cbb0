"""Where trained models and sentence embeddings are kept between processes.

Models are trained from the data in the repository, never committed: the first process trains
and writes the cache, later processes load it. The cache directory is `$RIDGELINE_CACHE_DIR`,
else `$XDG_CACHE_HOME/ridgeline`, else `~/.cache/ridgeline`. Every file name carries a key, a
hash of everything the content depends on, so a change of data or code is a cache miss rather
than a stale model.
"""

from __future__ import annotations

import hashlib
import os
import pickle
import tempfile
from pathlib import Path
from typing import Any


def cache_dir() -> Path:
    """Return the cache directory (created on demand)."""
    explicit = os.environ.get("RIDGELINE_CACHE_DIR")
    if explicit:
        base = Path(explicit)
    else:
        xdg = os.environ.get("XDG_CACHE_HOME")
        base = (Path(xdg) if xdg else Path.home() / ".cache") / "ridgeline"
    base.mkdir(parents=True, exist_ok=True)
    return base


def cache_key(*parts: str) -> str:
    """Return a short stable hash of `parts`."""
    digest = hashlib.sha256()
    for part in parts:
        digest.update(part.encode("utf-8"))
        digest.update(b"\0")
    return digest.hexdigest()[:20]


def write_pickle(path: Path, value: object) -> None:
    """Write `value` to `path` atomically, so a reader never sees half a file."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=path.name, suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as handle:
            pickle.dump(value, handle, protocol=pickle.HIGHEST_PROTOCOL)
        os.replace(tmp, path)
    finally:
        if os.path.exists(tmp):
            os.unlink(tmp)


def read_pickle(path: Path) -> Any:
    """Read a value this package wrote with `write_pickle`, or None when absent or unreadable."""
    if not path.exists():
        return None
    try:
        with path.open("rb") as handle:
            # Only files this package wrote into the user's own cache directory are read.
            return pickle.load(handle)  # noqa: S301
    except (OSError, pickle.UnpicklingError, EOFError, AttributeError, ImportError):
        return None
