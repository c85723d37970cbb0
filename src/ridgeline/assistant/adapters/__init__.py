"""Adapters of the understanding port."""
