"""The hosted-model understanding: an OpenAI-compatible model proposes, the flows decide.

`HostedUnderstanding` is one more adapter of the understanding port. It always reads the
message with the embedded understanding first (its fallback) and then, when the mode says so,
asks the model for commands:

- mode `unsure` (the default) asks only when the embedded reading is unsure: an in-domain
  message it would answer "out of scope", several requests in one message, no intent as sure
  as `confidence` (which is also when a clarifying question would be asked);
- mode `always` asks on every turn it may.

It never asks (and the embedded reading answers alone) for a message with no words, one an
explicit safety phrase already decided, one the assistant waits on as a code or a contact
value, or one that speaks of an email, a phone or an address: those carry what the model must
not see. What is sent has contact details and card numbers taken out (`redact.py`).

Any error, timeout, answer that is not the command JSON (prose, half an object, a megabyte of
text), refusal by the model, or refused command (`reading.py`) falls back to the embedded
reading of the same message: the turn never fails because of the model. Each turn's reading
carries `model_call` (asked or not, why, the outcome, the time, the prompt version, and a
refused command with its reason), which the engine writes into the turn's audit entry; the
counts by outcome are kept in `stats` for `ridgeline eval wild --model` and the benchmarks.
"""

from __future__ import annotations

import json
import re
import threading
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import replace
from datetime import date
from functools import cache
from typing import Any

from ridgeline.assistant import lexicon
from ridgeline.assistant.adapters.hosted import commands as c
from ridgeline.assistant.adapters.hosted import prompt
from ridgeline.assistant.adapters.hosted.client import Call, ChatClient
from ridgeline.assistant.adapters.hosted.config import HostedConfig
from ridgeline.assistant.adapters.hosted.reading import RefusedCommandError, to_reading
from ridgeline.assistant.adapters.hosted.redact import redact
from ridgeline.assistant.commands.parse import Thresholds
from ridgeline.assistant.ports import OrderChoice, Reading, UnderstandingPort
from ridgeline.assistant.read_context import ReadContext
from ridgeline.kit.logs import log_event
from ridgeline.policy import HANDOFF_REASONS

#: Retrieves the help-centre articles for a message (text, language), best first. The hook
#: for the knowledge package: none is wired until it offers a search (see `web/app.py`).
ArticleSource = Callable[[str, str], Sequence[prompt.Article]]
MOST_ARTICLES = 3
#: Outcomes that fall back to the embedded reading, as counted for the dashboard.
FAILURES = ("error", "timeout", "non_json", "refused", "unavailable")


class HostedUnderstanding:
    """Read messages with the embedded understanding and, when unsure, a hosted model."""

    def __init__(
        self,
        config: HostedConfig,
        fallback: UnderstandingPort,
        *,
        articles: ArticleSource | None = None,
        thresholds: Thresholds | None = None,
        client: ChatClient | None = None,
    ) -> None:
        self.config = config
        self.fallback = fallback
        self.articles = articles
        self.thresholds = thresholds or Thresholds()
        self.client = client or ChatClient(config)
        self.flows = frozenset(prompt.offered_flows())
        self.schema = c.json_schema(prompt.offered_flows(), HANDOFF_REASONS)
        self.version = prompt.prompt_file().version
        self.stats: Counter[str] = Counter()
        self._stats_lock = threading.Lock()
        prompt.system_message()  # render the fixed part once, at start-up

    def read(
        self,
        text: str,
        *,
        today: date,
        orders: Sequence[OrderChoice],
        language_hint: str | None,
    ) -> Reading:
        """Read a message without its conversation (nothing asked, no orders known)."""
        return self.read_in_context(
            text, today=today, orders=orders, language_hint=language_hint, context=ReadContext()
        )

    def read_in_context(
        self,
        text: str,
        *,
        today: date,
        orders: Sequence[OrderChoice],
        language_hint: str | None,
        context: ReadContext,
    ) -> Reading:
        """Return the embedded reading, or the model's when it was asked and its answer holds."""
        base = self.fallback.read(text, today=today, orders=orders, language_hint=language_hint)
        why = self.why_ask(base, context, text)
        if why is None or why.startswith("never:"):
            self._count("not_asked")
            note: dict[str, Any] = {"mode": self.config.mode, "asked": False}
            if why is not None:
                note["withheld"] = why.removeprefix("never:")
            return replace(base, model_call=note)
        return self._ask(text, base, context, today, why)

    def why_ask(self, base: Reading, context: ReadContext, text: str) -> str | None:
        """Return why the model is asked about this message, `never:<why>`, or None (not)."""
        awaiting = context.awaiting or ""
        if awaiting.startswith("value:"):
            return "never:awaited_value"  # a one-time code or a contact detail
        if _contact_words().search(lexicon.normalise(text)):
            return "never:contact_details"
        if base.no_words or base.safety:
            return None  # nothing to read, or the explicit safety phrases already decided
        if self.config.mode == "always":
            return "always"
        top = base.top
        if len(base.requests) > 1:
            return "several_requests"
        if base.out_of_scope:
            return "in_domain" if base.in_domain >= self.thresholds.domain else None
        if top is None or top[1] < self.config.confidence:
            return "low_confidence"
        return None

    def _ask(
        self, text: str, base: Reading, context: ReadContext, today: date, why: str
    ) -> Reading:
        found = self._articles(text, base.language)
        message = redact(text, [*base.emails, *base.phones]).replace("<<<", "<< <")
        message = message.replace(">>>", "> >>")
        call = self.client.complete(
            prompt.messages(message, context, today, found, context.history), self.schema
        )
        note: dict[str, Any] = {
            "mode": self.config.mode,
            "asked": True,
            "why": why,
            "prompt": self.version,
            "model": self.config.model,
            "ms": call.ms,
        }
        reading = self._judge(call, text, base, context, {a.article_id for a in found}, note)
        self._count(note["outcome"])
        if note["outcome"] != "ok":
            log_event(
                "assistant.model.fallback",
                outcome=note["outcome"],
                reason=note.get("reason"),
                model=self.config.model,
            )
        return replace(reading or base, model_call=note)

    def _judge(
        self,
        call: Call,
        text: str,
        base: Reading,
        context: ReadContext,
        articles: set[str],
        note: dict[str, Any],
    ) -> Reading | None:
        """Return the model's reading, or None; fill `note` with the outcome."""
        if call.outcome != "answered":
            outcome = {"too_large": "non_json", "refused": "refused"}.get(call.outcome)
            note["outcome"] = outcome or call.outcome
            note["reason"] = call.detail or ("model_refusal" if call.refusal else None)
            return None
        content = call.content or ""
        try:
            answer = c.parse_answer(content)
        except (c.NotJsonError, c.WrongShapeError) as error:
            note["outcome"] = "non_json"
            note["reason"] = "shape" if isinstance(error, c.WrongShapeError) else "not_json"
            note["content"] = content[:200]
            return None
        note["commands"] = [_short(x.model_dump()) for x in answer.commands]
        if not answer.commands:
            note["outcome"] = "ok"
            return None  # the model sees nothing to add: the embedded reading stands
        try:
            reading = to_reading(
                answer,
                base,
                context,
                text,
                flows=self.flows,
                articles=articles,
                model=self.config.model,
                thresholds=self.thresholds,
            )
        except RefusedCommandError as refused:
            note["outcome"] = "refused"
            note["reason"] = refused.reason
            note["refused"] = _short(refused.command)
            return None
        note["outcome"] = "ok"
        note["used"] = True
        chosen = [x.article_id for x in answer.commands if isinstance(x, c.AnswerFromArticle)]
        if chosen:
            note["articles"] = chosen
        return reading

    def _articles(self, text: str, language: str) -> list[prompt.Article]:
        if self.articles is None:
            return []
        try:
            return list(self.articles(text, language))[:MOST_ARTICLES]
        except Exception as error:
            log_event("assistant.model.articles_failed", error=type(error).__name__)
            return []

    def _count(self, outcome: str) -> None:
        with self._stats_lock:
            self.stats[outcome] += 1

    def close(self) -> None:
        """Close the model's connections."""
        self.client.close()


@cache
def _contact_words() -> re.Pattern[str]:
    """Return the words of an email, a phone or an address in every language, as one pattern.

    The same words and word boundaries as `lexicon.contact_field`, compiled once (it is on the
    path of every turn sent to a model).
    """
    fields = lexicon.lists().contact_fields
    found = sorted({w for f in ("email", "phone", "address") for w in fields[f]}, key=len)
    alternation = "|".join(re.escape(w) for w in reversed(found))
    return re.compile(rf"(?<!\w)(?:{alternation})(?!\w)")


def _short(value: dict[str, Any]) -> dict[str, Any] | str:
    """Return a command as the audit keeps it: whole when short, else cut to 300 characters."""
    text = json.dumps(value, ensure_ascii=False, default=str)
    return value if len(text) <= 300 else text[:300]


def figures(stats: Counter[str]) -> dict[str, Any]:
    """Return the model's rates of a run (`stats` of a `HostedUnderstanding`)."""
    asked = sum(n for k, n in stats.items() if k != "not_asked")
    turns = asked + stats["not_asked"]
    out: dict[str, Any] = {
        "turns": turns,
        "asked": asked,
        "share_asked": round(100 * asked / turns, 1) if turns else None,
    }
    for outcome in ("ok", *FAILURES):
        out[f"{outcome}_rate"] = round(100 * stats[outcome] / asked, 1) if asked else None
    return out
