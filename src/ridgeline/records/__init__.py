"""The lender's records as the assistant acts on them: the customer's read model, the tools
(by subject, one table), and the adapter that implements the assistant's records port over the
domain services in the caller's transaction."""
