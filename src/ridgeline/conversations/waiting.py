"""The waiting room: where a customer waiting for a person stands, and how long it may take.

While a conversation waits for a person (`waiting_for_human`), the chat API and the page say:

- **the position**: the conversation's place in the desk's own queue order (high priority first,
  then the oldest) among the conversations waiting in the same queue, 1 being the next taken;
- **the agents online** who serve that queue, and how many chats they may hold (their slots);
- **the expected wait**, estimated from the people's recent work when there is enough of it
  (`MIN_HISTORY` conversations a person took in the last `HISTORY_DAYS` days): the time a free
  person takes to pick a chat up (the quickest quarter of the observed waits) plus, for each
  customer ahead beyond the free slots, the mean handling time shared by the slots. With too
  little history it is the Erlang C mean wait (`simulation.erlang`) of the slots under the load
  now (chats held plus waiting, in Erlangs) with the simulator's default handling time, and no
  less than the same queue arithmetic. With nobody online there is no estimate (null);
- **outside the opening hours** of the customer's market (`policy.OpeningHours`), or with nobody
  online, the page says so and offers a call back or an answer by email, recorded as a case of
  type `callback` (`request_callback`), once per conversation.

What only the desk knows (its queue order, who is online) comes through the `Line` port, which
the desk implements (`desk/line.py`) and the app hands to the routes: conversations sit below
the desk in the house and never import it. Every figure comes from the database at the moment
it is asked for; the recent history is summed at most once a minute per process.

A customer message sent while waiting is acknowledged with one system message built here
(`acknowledgement`), in the conversation's language, from `conversations/notices/`.
"""

from __future__ import annotations

import math
import threading
from collections.abc import Collection
from dataclasses import dataclass
from datetime import datetime, timedelta
from functools import cache
from typing import Literal, Protocol
from zoneinfo import ZoneInfo

from babel.dates import format_datetime, format_timedelta
from sqlalchemy.orm import Session

from ridgeline.assistant.replies import LANGUAGES
from ridgeline.audit.service import record
from ridgeline.cases import repository as cases_repo
from ridgeline.cases.service import open_case
from ridgeline.context import ServiceContext
from ridgeline.conversations import repository
from ridgeline.conversations.models import Conversation
from ridgeline.conversations.service import append_message
from ridgeline.kit.errors import NotFoundError, RuleRefusedError
from ridgeline.kit.language_files import texts
from ridgeline.records.views import customer_profile
from ridgeline.simulation.erlang import erlang_c_mean_wait
from ridgeline.simulation.scenario import QueueSpec

WAITING = "waiting_for_human"
HISTORY_DAYS = 7  # how far back the people's handling times are read
MIN_HISTORY = 20  # conversations a person took in that time, below which Erlang C estimates
HISTORY_REFRESH = timedelta(minutes=1)  # how often a process sums the history again
DEFAULT_HANDLE_SECONDS = QueueSpec().handle_time_mean_s  # the simulator's default for a queue
CALLBACK_CHANNELS = ("phone", "email")
Channel = Literal["phone", "email"]
Method = Literal["observed", "erlang_c"]


@dataclass(frozen=True)
class Place:
    """Where a waiting conversation stands in the desk's queue, and who is there to take it."""

    position: int  # 1: the next conversation of its queue the desk takes
    waiting: int  # conversations waiting in the same queue, this one included
    agents_online: int  # agents online who serve the queue
    slots: int  # chats those agents may hold at once (the sum of their capacities)
    held: int  # chats they hold now


class Line(Protocol):
    """The desk's side of the waiting room: a port the desk implements (`desk/line.py`)."""

    def place(self, ctx: ServiceContext, conv: Conversation) -> Place:
        """Return where `conv`, which waits for a person, stands in the desk's queue."""
        ...

    def first_names(self, session: Session, agent_ids: Collection[str]) -> dict[str, str]:
        """Return the first name of each of these agents (those that exist)."""
        ...


@dataclass(frozen=True)
class History:
    """The people's recent work: how many chats they took, how long they held and waited."""

    taken: int  # conversations a person took in the last days
    mean_handle_seconds: float | None  # over those a person held and let go
    pickup_seconds: float | None  # the quickest quarter's longest wait


@dataclass(frozen=True)
class Waiting:
    """What the waiting room says about one waiting conversation."""

    position: int | None
    estimated_wait_seconds: int | None
    agents_online: int
    open_now: bool
    opens_at: datetime | None  # the next opening when closed now
    offer_callback: bool  # closed, or nobody online: a call back or an email is offered
    callback: Channel | None  # the call back asked for in this conversation, if any
    estimate: Method | None  # how the wait was estimated


def estimate(
    place: Place, history: History, default_handle: float = DEFAULT_HANDLE_SECONDS
) -> tuple[int | None, Method | None]:
    """Return the expected wait in seconds for `place`, and how it was made (see the module)."""
    if place.agents_online == 0 or place.slots <= 0:
        return None, None
    free = max(0, place.slots - place.held)
    beyond = max(0, place.position - free)  # customers (this one included) who need a slot freed
    if history.taken >= MIN_HISTORY and history.mean_handle_seconds:
        handle = history.mean_handle_seconds
        pickup = history.pickup_seconds or 0.0
        return round(pickup + beyond * handle / place.slots), "observed"
    handle = default_handle
    queued = beyond * handle / place.slots
    traffic = float(place.held + place.waiting)  # the load now, in Erlangs
    mean = erlang_c_mean_wait(place.slots, traffic, handle)
    wait = queued if math.isinf(mean) else max(mean, queued)
    return round(wait), "erlang_c"


@cache
def notices() -> dict[str, dict[str, str]]:
    """Return language -> key -> the waiting room's notices (read and checked once)."""
    return texts("ridgeline.conversations", "notices", LANGUAGES)


def notice(key: str, language: str, **facts: str) -> str:
    """Return the notice `key` in `language` (English when the language has none)."""
    return notices().get(language, notices()["en"])[key].format(**facts)


def wait_words(seconds: int, language: str) -> str:
    """Return an expected wait in words ("about 4 minutes"; under a minute said so)."""
    if seconds < 60:
        return notice("under_a_minute", language)
    minutes = timedelta(minutes=round(seconds / 60))
    locale = language if language in LANGUAGES else "en"
    duration = format_timedelta(minutes, threshold=1.0, locale=locale)
    return notice("about", language, duration=duration)


class WaitingRoom:
    """The waiting room of one app: the desk's `Line`, and the history summed once a minute."""

    def __init__(self, line: Line) -> None:
        """Answer with what `line` says of the desk."""
        self.line = line
        self._lock = threading.Lock()
        self._history: tuple[datetime, History] | None = None

    def history(self, session: Session, now: datetime) -> History:
        """Return the people's recent work, summed again once a minute (per process)."""
        kept = self._history
        if kept is not None and timedelta(0) <= now - kept[0] < HISTORY_REFRESH:
            return kept[1]
        with self._lock:
            taken, handle, pickup = repository.handling_history(
                session, now - timedelta(days=HISTORY_DAYS)
            )
            found = History(taken, handle, pickup)
            self._history = (now, found)
            return found

    def of(self, ctx: ServiceContext, conv: Conversation) -> Waiting | None:
        """Return what the waiting room says of `conv`, or None when it is not waiting."""
        if conv.status != WAITING:
            return None
        now = ctx.now()
        market = customer_profile(ctx.session, conv.customer_id).market
        hours = ctx.policy.hours(market)
        open_now = hours.is_open(now)
        place = self.line.place(ctx, conv)
        seconds, method = estimate(place, self.history(ctx.session, now))
        if not open_now:
            seconds, method = None, None  # nobody is due before the opening
        return Waiting(
            position=place.position,
            estimated_wait_seconds=seconds,
            agents_online=place.agents_online,
            open_now=open_now,
            opens_at=None if open_now else hours.next_opening(now),
            offer_callback=not open_now or place.agents_online == 0,
            callback=_callback_of(ctx.session, conv),
            estimate=method,
        )

    def acknowledgement(self, ctx: ServiceContext, conv: Conversation) -> str:
        """Return the system message acknowledging a customer message sent while waiting."""
        language = conv.language
        waiting = self.of(ctx, conv)
        if waiting is None:
            return notice("seen", language)
        if not waiting.open_now:
            if waiting.opens_at is None:
                return notice("seen", language)
            market = customer_profile(ctx.session, conv.customer_id).market
            zone = ZoneInfo(ctx.policy.hours(market).timezone)
            locale = language if language in LANGUAGES else "en"
            opens = format_datetime(waiting.opens_at, "EEEE HH:mm", tzinfo=zone, locale=locale)
            return notice("seen_closed", language, opens=opens)
        if waiting.agents_online == 0:
            return notice("seen_nobody", language)
        position = str(waiting.position)
        if waiting.estimated_wait_seconds is None:
            return notice("seen_position", language, position=position)
        wait = wait_words(waiting.estimated_wait_seconds, language)
        return notice("seen_wait", language, position=position, wait=wait)

    def request_callback(
        self, ctx: ServiceContext, conversation_id: str, channel: Channel, customer_id: str | None
    ) -> Conversation:
        """Record a waiting customer's wish to be called back or answered by email, as a case.

        Offered only when the desk is closed or nobody is online, once per conversation; the
        conversation keeps waiting, and its transcript says what will happen.
        """
        conv = repository.lock(ctx.session, conversation_id)
        if conv is None or (customer_id is not None and conv.customer_id != customer_id):
            raise NotFoundError("conversation", conversation_id)
        waiting = self.of(ctx, conv)
        if waiting is None:
            raise RuleRefusedError("not_waiting", "this conversation is not waiting for a person")
        if waiting.callback is not None:
            raise RuleRefusedError("callback_requested", "a call back was already asked for")
        if not waiting.offer_callback:
            raise RuleRefusedError(
                "person_available", "a person is online: they will answer you here"
            )
        case = open_case(
            ctx,
            conv.customer_id,
            "callback",
            details={"conversation_id": conv.id, "channel": channel, "language": conv.language},
        )
        text = notice(f"callback_{channel}", conv.language)
        append_message(ctx, conv, "system", text, conv.language)
        conv.updated_at = ctx.now()
        ctx.session.flush()
        record(
            ctx,
            "conversation.callback_requested",
            "conversation",
            conv.id,
            customer_id=conv.customer_id,
            after={"case_id": case.id, "channel": channel},
        )
        return conv


def _callback_of(session: Session, conv: Conversation) -> Channel | None:
    """Return the channel of the call back asked for in `conv`, if one was."""
    for case in cases_repo.open_of_type(session, conv.customer_id, "callback"):
        details = case.details or {}
        if details.get("conversation_id") == conv.id:
            channel = details.get("channel")
            return "email" if channel == "email" else "phone"
    return None
