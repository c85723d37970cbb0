"""The operations dashboard: the page, its JSON figures and CSV export (staff only)."""
