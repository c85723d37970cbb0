"""Ridgeline: AI-first customer service for consumer-credit lenders."""

__version__ = "0.1.0"
