"""Conversations: transcripts, the assistant state persisted per turn, and the records adapter
through which the assistant acts."""
