"""Dialogue flows as data: one YAML catalogue validated by a schema."""
