"""Who holds a conversation: the assistant, a person, or nobody once it is closed.

These functions are the only writers of a conversation's status outside a customer's turn (in
which the assistant may hand over or close). The desk decides who may take a conversation and
what the customer is told; these keep the row, its clocks and the assistant's state in step.
The caller holds the conversation's lock (`repository.lock`).
"""

from __future__ import annotations

from ridgeline.assistant.state import ConversationState
from ridgeline.context import ServiceContext
from ridgeline.conversations.models import Conversation, Message
from ridgeline.conversations.service import append_message

#: The statuses in which a person is involved (waiting for one, or held by one).
WITH_DESK = ("waiting_for_human", "with_human")


def hand_to_person(ctx: ServiceContext, conv: Conversation, agent_id: str, notice: str) -> None:
    """Give a waiting or held conversation to agent `agent_id` and tell the customer `notice`.

    A conversation passed from one agent to another has the first one's time counted first.
    """
    now = ctx.now()
    if conv.status == "with_human":
        stop_clock(ctx, conv)
    conv.status = "with_human"
    conv.agent_id = agent_id
    conv.claimed_at = now
    if conv.wait_seconds is None and conv.handed_over_at is not None:
        conv.wait_seconds = max(0, int((now - conv.handed_over_at).total_seconds()))
    conv.updated_at = now
    append_message(ctx, conv, "system", notice, conv.language)
    ctx.session.flush()


def give_back(ctx: ServiceContext, conv: Conversation, notice: str) -> None:
    """Give a held conversation back to the assistant, which answers the next message afresh."""
    stop_clock(ctx, conv)
    state = ConversationState.from_json(conv.state, "assistant")
    state.frame = None
    state.handoff = None
    state.human_offered = None
    state.misunderstandings = 0
    conv.state = state.to_json()
    conv.status = "assistant"
    conv.handoff = None
    conv.agent_id = None
    conv.released_at = conv.updated_at = ctx.now()
    append_message(ctx, conv, "system", notice, conv.language)
    ctx.session.flush()


def transfer(ctx: ServiceContext, conv: Conversation, queue: str, notice: str) -> None:
    """Put a conversation at the desk in another queue, waiting for a person who serves it.

    The customer keeps their place: the wait still counts from the handover. The agent who held
    it, if any, has their time counted; the handoff keeps its reason and summary and names the
    queue it came from.
    """
    if conv.status == "with_human":
        stop_clock(ctx, conv)
    handoff = dict(conv.handoff or {})
    handoff["transferred_from"] = handoff.get("queue") or "general"
    handoff["queue"] = queue
    conv.handoff = handoff
    conv.status = "waiting_for_human"
    conv.agent_id = None
    conv.updated_at = ctx.now()
    if conv.handed_over_at is None:
        conv.handed_over_at = conv.updated_at
    append_message(ctx, conv, "system", notice, conv.language)
    ctx.session.flush()


def close(ctx: ServiceContext, conv: Conversation, notice: str) -> None:
    """Close a held conversation; the customer's page then asks for their satisfaction."""
    stop_clock(ctx, conv)
    conv.status = "closed"
    conv.closed_at = conv.updated_at = ctx.now()
    append_message(ctx, conv, "system", notice, conv.language)
    ctx.session.flush()


def person_replies(ctx: ServiceContext, conv: Conversation, agent_id: str, text: str) -> Message:
    """Add the holding agent's message to the transcript.

    The agent's first message stops the clock of the first reply.
    """
    message = append_message(ctx, conv, "agent", text, conv.language, agent_id)
    now = ctx.now()
    if conv.first_agent_reply_at is None:
        conv.first_agent_reply_at = now
    conv.updated_at = now
    ctx.session.flush()
    return message


def stop_clock(ctx: ServiceContext, conv: Conversation) -> None:
    """Add the time since the current agent took the conversation to its handling time."""
    if conv.claimed_at is not None:
        held = max(0, int((ctx.now() - conv.claimed_at).total_seconds()))
        conv.handle_seconds = (conv.handle_seconds or 0) + held
