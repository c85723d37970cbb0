"""Who may call the API: bearer tokens bound to a role (and a customer or an agent)."""
