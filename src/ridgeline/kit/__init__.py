"""Domain-free helpers: database base, money, clock, ids, structured logs."""
