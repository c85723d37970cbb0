"""What the hosted-model adapter needs to reach a model: where, which, how long, how often."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

Mode = Literal["unsure", "always"]
ResponseFormat = Literal["json_schema", "json_object", "none"]


@dataclass(frozen=True)
class HostedConfig:
    """How to reach an OpenAI-compatible Chat Completions server and when to ask it.

    Attributes:
        base_url: the API's base URL, up to and including its version (`.../v1`); the adapter
            posts to `{base_url}/chat/completions`.
        model: the model (a deployment name on Azure OpenAI).
        api_key: sent as `Authorization: Bearer ...`, or in the header `api_key_header` names.
        api_key_header: `authorization` (Bearer) or another header such as `api-key` (Azure).
        timeout: seconds a call may take before the embedded reading answers alone.
        mode: `unsure` asks the model only when the embedded reading is unsure; `always` asks
            it on every turn it may see.
        confidence: in `unsure` mode, an embedded reading whose best intent is less sure than
            this is unsure (so this setting moves the share of turns sent to the model).
        response_format: `json_schema` (structured outputs), `json_object` (JSON mode) or
            `none` (the instructions in the prompt only), as the server supports.
        max_tokens: the answer's length limit sent with each request (0: none sent).
        max_connections: the connection pool's size (calls beyond it wait, within `timeout`).
    """

    base_url: str
    model: str
    api_key: str | None = None
    api_key_header: str = "authorization"
    timeout: float = 5.0
    mode: Mode = "unsure"
    confidence: float = 0.5
    response_format: ResponseFormat = "json_schema"
    max_tokens: int = 400
    max_connections: int = 64
