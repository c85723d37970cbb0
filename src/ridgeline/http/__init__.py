"""The web plumbing that every package's endpoints use.

It holds the shared container and its lanes, sessions with one commit per request, the caller
from the bearer token (`deps.py`), per-customer message limits (`limits.py`), and the mapping of
domain errors to HTTP, once, here (`errors.py`). The app that mounts the routers and the pages
sits at the top of the house, in `web`.
"""
