"""The HTTP layer: app factory, dependencies, error mapping. Endpoints stay thin."""
