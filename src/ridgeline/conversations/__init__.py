"""Conversations: the chat between a customer and the assistant or a person at the desk.

A conversation holds its transcript and the assistant's state, stored with every turn. A
customer's message goes through `messages.py` (`handle_message`: `understand`, then `keep`);
`status.py` says who holds the conversation; `store.py` stores openings and turns. The assistant
acts on the records through the records adapter, in `ridgeline.records`.
"""
