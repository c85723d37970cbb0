"""The desk's rules: agents sign in, claim, reply, release and close handed-over conversations.

Every action locks the conversation, checks that the caller may do it, changes it, and writes
its audit entry in the same transaction, under the agent's id. A person holds a conversation
from claim to release or close; while they do, the assistant stays silent. Release gives the
conversation back to the assistant with a clean slate (no flow in progress, no handoff). The
clocks the metrics need are kept on the conversation: the wait until a person took it (time to
human) and the seconds people held it (handle time).
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from ridgeline.audit.service import record
from ridgeline.auth.service import issue_token
from ridgeline.context import ServiceContext
from ridgeline.conversations import repository as conversations_repo
from ridgeline.conversations import status
from ridgeline.conversations.models import Conversation
from ridgeline.desk import repository
from ridgeline.desk.models import Agent, DeskNote
from ridgeline.desk.notices import notice
from ridgeline.desk.passwords import MIN_LENGTH, hash_password, verify_password
from ridgeline.desk.repository import Latest
from ridgeline.desk.routing import (
    AVAILABILITY,
    QUEUES,
    ROLES,
    Staff,
    pick_agent,
    priority_of,
    queue_key,
    refusal,
)
from ridgeline.kit.errors import DomainError, InvalidInputError, NotFoundError, RuleRefusedError
from ridgeline.kit.ids import new_id

# A hash to check against when the email is unknown, so a wrong email costs as long as a wrong
# password and sign-in does not tell which emails exist.
_DUMMY_HASH = hash_password("not-a-real-password")


class SignInError(DomainError):
    """The email or the password is wrong (which one is not said)."""

    code = "sign_in_failed"


def create_agent(
    ctx: ServiceContext,
    *,
    email: str,
    name: str,
    password: str,
    role: str = "agent",
    skills: Sequence[str] = ("general",),
    capacity: int = 3,
    agent_id: str | None = None,
) -> Agent:
    """Add a desk agent with a hashed password."""
    if role not in ROLES:
        raise InvalidInputError(f"role must be one of {', '.join(ROLES)}")
    unknown = [q for q in skills if q not in QUEUES]
    if unknown:
        raise InvalidInputError(f"unknown queue(s): {', '.join(unknown)}")
    if len(password) < MIN_LENGTH:
        raise InvalidInputError(f"a password has at least {MIN_LENGTH} characters")
    if not 1 <= capacity <= 20:
        raise InvalidInputError("capacity is between 1 and 20 concurrent chats")
    if repository.agent_by_email(ctx.session, email) is not None:
        raise RuleRefusedError("email_taken", f"an agent with email {email} already exists")
    agent = Agent(
        id=agent_id or new_id("AG"),
        email=email.strip(),
        name=name.strip(),
        role=role,
        skills=list(dict.fromkeys(skills)),
        capacity=capacity,
        availability="offline",
        password_hash=hash_password(password),
        created_at=ctx.now(),
    )
    ctx.session.add(agent)
    ctx.session.flush()
    record(ctx, "agent.created", "agent", agent.id, customer_id=None, after=_profile(agent))
    return agent


def set_password(ctx: ServiceContext, agent_id: str, password: str) -> Agent:
    """Replace an agent's password (a new salt and hash)."""
    if len(password) < MIN_LENGTH:
        raise InvalidInputError(f"a password has at least {MIN_LENGTH} characters")
    agent = repository.lock_agent(ctx.session, agent_id)
    if agent is None:
        raise NotFoundError("agent", agent_id)
    agent.password_hash = hash_password(password)
    record(ctx, "agent.password_changed", "agent", agent.id, customer_id=None)
    return agent


def _profile(agent: Agent) -> dict[str, object]:
    return {"role": agent.role, "skills": list(agent.skills), "capacity": agent.capacity}


def sign_in(ctx: ServiceContext, email: str, password: str) -> tuple[Agent, str]:
    """Check an agent's password, set them online and issue a bearer token for their role."""
    agent = repository.agent_by_email(ctx.session, email)
    if agent is None:
        verify_password(password, _DUMMY_HASH)
        raise SignInError("wrong email or password")
    if not verify_password(password, agent.password_hash):
        raise SignInError("wrong email or password")
    agent.availability = "online"
    token = issue_token(ctx.session, ctx.clock, agent.role, agent.id, "desk sign-in")
    record(ctx, "agent.signed_in", "agent", agent.id, customer_id=None)
    return agent, token


def staff_from(agent: Agent) -> Staff:
    """Return routing's view of an agent (supervisors and admins serve every queue)."""
    everything = agent.role in ("supervisor", "admin")
    return Staff(
        id=agent.id,
        role=agent.role,
        name=agent.name,
        skills=None if everything else tuple(agent.skills),
        capacity=agent.capacity,
        availability=agent.availability,
        last_assigned_at=agent.last_assigned_at,
    )


def staff_of(ctx: ServiceContext, role: str, subject: str | None) -> Staff | None:
    """Return the desk worker behind a staff token, or None for an agent without a profile.

    Supervisors and admins without a desk profile (the admin token) still see every queue and
    may act without a capacity limit.
    """
    agent = repository.get_agent(ctx.session, subject) if subject else None
    if agent is not None:
        return staff_from(agent)
    if role in ("supervisor", "admin"):
        return Staff(subject or role, role, subject or role, None, None, "online")
    return None


def set_availability(ctx: ServiceContext, agent_id: str, availability: str) -> Agent:
    """Set an agent online, away or offline (routing assigns only to agents online)."""
    if availability not in AVAILABILITY:
        raise InvalidInputError(f"availability must be one of {', '.join(AVAILABILITY)}")
    agent = repository.lock_agent(ctx.session, agent_id)
    if agent is None:
        raise NotFoundError("agent", agent_id)
    before = agent.availability
    agent.availability = availability
    record(
        ctx,
        "agent.availability_changed",
        "agent",
        agent.id,
        customer_id=None,
        before={"availability": before},
        after={"availability": availability},
    )
    return agent


def queue(ctx: ServiceContext, staff: Staff) -> list[Conversation]:
    """Return the waiting conversations `staff` sees: high priority first, then the oldest."""
    found = [c for c in repository.waiting(ctx.session) if staff.serves(_queue_of(c))]
    return sorted(found, key=lambda c: queue_key(c.handoff, c.handed_over_at))


def _queue_of(conv: Conversation) -> str:
    return str((conv.handoff or {}).get("queue") or "general")


def _locked(ctx: ServiceContext, conversation_id: str) -> Conversation:
    conv = conversations_repo.lock(ctx.session, conversation_id)
    if conv is None:
        raise NotFoundError("conversation", conversation_id)
    return conv


def _take(ctx: ServiceContext, conv: Conversation, staff: Staff) -> None:
    """Give `conv` to `staff`, tell the customer, and note the agent's last assignment."""
    status.hand_to_person(ctx, conv, staff.id, notice("joined", conv.language, staff.name))
    agent = repository.get_agent(ctx.session, staff.id)
    if agent is not None:
        agent.last_assigned_at = ctx.now()
        ctx.session.flush()


def _check_can_take(ctx: ServiceContext, conv: Conversation, staff: Staff) -> None:
    if conv.status == "with_human":
        raise RuleRefusedError("already_claimed", "a person already holds this conversation")
    if conv.status != "waiting_for_human":
        raise RuleRefusedError(
            "not_waiting", f"this conversation is not waiting for a person ({conv.status})"
        )
    if repository.get_agent(ctx.session, staff.id) is not None:
        repository.lock_agent(ctx.session, staff.id)  # one agent's claims queue: capacity holds
    holding = len(repository.held_by(ctx.session, staff.id))
    refused = refusal(staff, _queue_of(conv), holding)
    if refused is not None:
        raise RuleRefusedError(*refused)


def claim(ctx: ServiceContext, staff: Staff, conversation_id: str) -> Conversation:
    """Take a waiting conversation (a queue the agent serves, while online, below capacity)."""
    conv = _locked(ctx, conversation_id)
    _check_can_take(ctx, conv, staff)
    _take(ctx, conv, staff)
    _audit(ctx, conv, "conversation.claimed", wait_seconds=conv.wait_seconds)
    return conv


def take_next(ctx: ServiceContext, staff: Staff) -> Conversation | None:
    """Claim the first conversation of the agent's queue, or return None when none waits."""
    for waiting in queue(ctx, staff):
        return claim(ctx, staff, waiting.id)
    return None


def assign(
    ctx: ServiceContext, supervisor: Staff, conversation_id: str, agent_id: str | None
) -> Conversation:
    """Give a waiting or held conversation to an agent (or to the one routing picks)."""
    if not supervisor.supervises:
        raise RuleRefusedError("supervisors_only", "only a supervisor can assign conversations")
    conv = _locked(ctx, conversation_id)
    if conv.status not in status.WITH_DESK:
        raise RuleRefusedError("not_waiting", "this conversation is not with the desk")
    load = repository.loads(ctx.session)
    if agent_id is None:
        candidates = [staff_from(a) for a in repository.agents(ctx.session)]
        target = pick_agent(_queue_of(conv), candidates, load)
        if target is None:
            raise RuleRefusedError("no_agent_available", "no online agent serving this queue")
    else:
        agent = repository.get_agent(ctx.session, agent_id)
        if agent is None:
            raise NotFoundError("agent", agent_id)
        target = staff_from(agent)
        refused = refusal(target, _queue_of(conv), load.get(target.id, 0))
        if refused is not None:
            raise RuleRefusedError(*refused)
    previous = conv.agent_id if conv.status == "with_human" else None
    _take(ctx, conv, target)
    _audit(ctx, conv, "conversation.assigned", agent_id=target.id, previous_agent_id=previous)
    return conv


def _holding(ctx: ServiceContext, staff: Staff, conversation_id: str) -> Conversation:
    conv = _locked(ctx, conversation_id)
    if conv.status != "with_human" or conv.agent_id != staff.id:
        raise RuleRefusedError("not_holding", "you do not hold this conversation; claim it first")
    return conv


def reply(ctx: ServiceContext, staff: Staff, conversation_id: str, text: str) -> Conversation:
    """Send the agent's message to the customer."""
    conv = _holding(ctx, staff, conversation_id)
    if not text.strip():
        raise InvalidInputError("a reply needs text")
    message = status.person_replies(ctx, conv, staff.id, text.strip())
    _audit(ctx, conv, "conversation.agent_replied", seq=message.seq)
    return conv


def release(ctx: ServiceContext, staff: Staff, conversation_id: str) -> Conversation:
    """Give the conversation back to the assistant, which answers the next customer message."""
    conv = _holding(ctx, staff, conversation_id)
    status.give_back(ctx, conv, notice("released", conv.language, staff.name))
    _audit(ctx, conv, "conversation.released", handle_seconds=conv.handle_seconds)
    return conv


def close(ctx: ServiceContext, staff: Staff, conversation_id: str) -> Conversation:
    """Close the conversation; the customer's page then asks for their satisfaction."""
    conv = _holding(ctx, staff, conversation_id)
    status.close(ctx, conv, notice("closed", conv.language, staff.name))
    _audit(ctx, conv, "conversation.closed", handle_seconds=conv.handle_seconds)
    return conv


def add_note(
    ctx: ServiceContext, staff: Staff, conversation_id: str, text: str, kind: str = "note"
) -> DeskNote:
    """Add an internal note to a conversation: for the staff only, never in the transcript."""
    conv = conversations_repo.get(ctx.session, conversation_id)
    if conv is None:
        raise NotFoundError("conversation", conversation_id)
    text = text.strip()
    if not text:
        raise InvalidInputError("a note needs text")
    note = DeskNote(
        conversation_id=conv.id,
        customer_id=conv.customer_id,
        author_id=staff.id,
        author_name=staff.name,
        kind=kind,
        text=text,
        created_at=ctx.now(),
    )
    ctx.session.add(note)
    ctx.session.flush()
    _audit(ctx, conv, "conversation.note_added", note_id=note.id, kind=kind)
    return note


def transfer(
    ctx: ServiceContext, staff: Staff, conversation_id: str, queue: str, note: str
) -> Conversation:
    """Send a conversation at the desk to another queue, with a note for the next person.

    The agent who holds it may, and a supervisor may move any conversation at the desk. The
    customer is told a colleague will take over, and keeps their place in the queue.
    """
    if queue not in QUEUES:
        raise InvalidInputError(f"unknown queue {queue!r}: one of {', '.join(QUEUES)}")
    if not note.strip():
        raise InvalidInputError("a transfer needs a note for the next person")
    conv = _locked(ctx, conversation_id)
    if conv.status not in status.WITH_DESK:
        raise RuleRefusedError("not_waiting", "this conversation is not with the desk")
    holding = conv.status == "with_human" and conv.agent_id == staff.id
    if not (holding or staff.supervises):
        raise RuleRefusedError("not_holding", "you do not hold this conversation; claim it first")
    previous = _queue_of(conv)
    if previous == queue:
        raise RuleRefusedError("same_queue", f"the conversation is already in the {queue} queue")
    status.transfer(ctx, conv, queue, notice("transferred", conv.language, staff.name))
    add_note(ctx, staff, conv.id, f"Transferred from {previous} to {queue}: {note}", "transfer")
    _audit(ctx, conv, "conversation.transferred", from_queue=previous, to_queue=queue)
    return conv


def timer_of(
    ctx: ServiceContext, conv: Conversation, latest: Latest | None
) -> tuple[str, datetime, int] | None:
    """Return the service level running on a conversation: (kind, since, target seconds).

    Waiting: the wait for a person since the handover, against the target of its priority.
    Held: the customer's wait for a reply since their last unanswered message.
    """
    policy = ctx.policy
    if conv.status == "waiting_for_human":
        high = priority_of(conv.handoff) == "high"
        target = policy.desk_wait_target_high_seconds if high else policy.desk_wait_target_seconds
        return "wait", conv.handed_over_at or conv.updated_at, target
    if conv.status == "with_human" and latest is not None and not latest.answered:
        since = max(latest.at, conv.claimed_at) if conv.claimed_at else latest.at
        return "reply", since, policy.desk_reply_target_seconds
    return None


def _audit(ctx: ServiceContext, conv: Conversation, action: str, **details: object) -> None:
    record(
        ctx,
        action,
        "conversation",
        conv.id,
        customer_id=conv.customer_id,
        details={k: v for k, v in details.items() if v is not None},
    )
