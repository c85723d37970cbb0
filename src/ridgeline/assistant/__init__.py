"""Resolve customer contacts by acting on the lender's records, and hand over the rest.

The conversation engine resolves customer contacts by acting on the lender's records through
ports, and hands over what it must not take. No web framework and no database here.
"""
