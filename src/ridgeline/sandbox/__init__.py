"""The sandbox: load fixture documents and set the clock, for tests, scenarios and migrations
out of a legacy CRM export."""
