"""The human desk: agents, routing of handed-over conversations, and what agents do with them.

The assistant hands a conversation over by setting its status to `waiting_for_human` with a
handoff (reason, queue, summary, priority). The desk then:

- routes it (`routing.py`): high priority first (vulnerability, fraud, or a handoff marked
  high), then the oldest; an agent takes only queues they serve, while online, below capacity;
- lets an agent claim it, reply, release it to the assistant or close it (`service.py`), each
  under the agent's id in the audit log, with the time-to-human and handle-time clocks kept on
  the conversation for the metrics;
- drafts reply suggestions from the customer's records (`suggestions.py`), grounded like the
  assistant's own replies;
- signs agents in with a salted scrypt password hash (`passwords.py`) and issues a bearer token
  of their role (agent, supervisor, admin).

Customers and agents follow a conversation live through its event stream
(`ridgeline.conversations.events`), which reads the messages table, so any number of server
processes can share one PostgreSQL.
"""
