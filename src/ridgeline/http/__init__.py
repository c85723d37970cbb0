"""The web plumbing that every package's endpoints use: the shared container and its lanes,
sessions with one commit per request, the caller from the bearer token, per-customer limits,
and the mapping of domain errors to HTTP (once, here). The app that mounts the routers and the
pages sits at the top of the house, in `web`."""
