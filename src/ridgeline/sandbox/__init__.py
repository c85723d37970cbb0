"""The sandbox: load fixture documents and set the clock.

Tests and scenarios use it to set up records, and a lender uses it to migrate out of a legacy
CRM export.
"""
