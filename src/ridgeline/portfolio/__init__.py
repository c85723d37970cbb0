"""A realistic sample portfolio of a BNPL lender, deterministic for a seed.

Customers in the seven markets with local names, languages, contact details and account ages;
merchants and goods per market; the product mix (pay in 4, pay in 30, financing over 6/12/24
months); payment histories up to a given `now` (paid, failed awaiting the retry, overdue with
late fees within the cap, paid late, paused by returns, disputes and fraud, partly and fully
refunded); cards, declined credit decisions with their reasons, and cases with their clocks.

- `seed_database(db, customers=..., seed=..., now=...)` writes it into a migrated database.
- `generate_document(customers, seed, now)` returns it as a fixture document (small sizes).
"""

from ridgeline.portfolio.document import generate_document
from ridgeline.portfolio.seed import seed_database

__all__ = ["generate_document", "seed_database"]
