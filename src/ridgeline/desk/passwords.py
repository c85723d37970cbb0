"""Agent passwords: a salted scrypt hash per agent, compared in constant time.

The stored form is `scrypt$N$r$p$salt$hash` (hex), so the cost can be raised later without
breaking the passwords already stored: each hash carries the parameters it was made with.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets

# scrypt cost: N=2**14, r=8, p=1 takes about 16 MiB and tens of milliseconds per check, the
# interactive-login setting recommended by the scrypt paper (Percival 2009).
N, R, P = 2**14, 8, 1
MIN_LENGTH = 10


def hash_password(password: str) -> str:
    """Return the stored form of a new password, with a fresh random salt."""
    salt = secrets.token_bytes(16)
    digest = hashlib.scrypt(password.encode(), salt=salt, n=N, r=R, p=P, dklen=32)
    return f"scrypt${N}${R}${P}${salt.hex()}${digest.hex()}"


def verify_password(password: str, stored: str) -> bool:
    """Tell whether `password` matches the stored hash (constant-time comparison)."""
    try:
        scheme, n, r, p, salt, expected = stored.split("$")
        if scheme != "scrypt":
            return False
        digest = hashlib.scrypt(
            password.encode(),
            salt=bytes.fromhex(salt),
            n=int(n),
            r=int(r),
            p=int(p),
            dklen=len(expected) // 2,
        )
    except ValueError:
        return False
    return hmac.compare_digest(digest.hex(), expected)
