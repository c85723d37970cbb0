"""Messages to customers (one-time codes by email or SMS), kept in a transactional outbox.

A service that needs to tell the customer something writes an outbox row in its own
transaction; a relay (`ridgeline notify relay`) hands pending rows to a `Sender` after commit
and marks them sent. A rolled-back change therefore sends nothing.
"""
