"""Scenario files: scripted customer conversations with expectations, run against a sandbox."""
