"""Service analytics over production records: the metric dictionary's input, rollups, dashboard.

`contacts` reads conversations (with customers, complaint cases and agents' audit entries) as the
metric dictionary's contact table; `store` keeps the rollups the dashboard reads; `reader` and
`dashboard` compute its figures; `history` writes a simulated history for demos and benchmarks.
See the "Metrics" section of ARCHITECTURE.md.
"""
