"""The human desk: agents, routing of handed-over conversations, and what agents do with them."""
