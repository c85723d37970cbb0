"""The lender's records as the assistant acts on them.

The customer's read model (`views.py`), the tools (`tools/`, by subject, one table), and the
adapter (`adapter.py`) that implements the assistant's records port over the domain services in
the caller's transaction.
"""
