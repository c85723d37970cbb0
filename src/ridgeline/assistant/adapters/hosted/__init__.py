"""The hosted-model understanding: any OpenAI-compatible model proposes commands.

`HostedUnderstanding` (adapter.py) reads a message with the embedded understanding and, when
that reading is unsure (or always, by setting), asks a Chat Completions server for commands in
JSON; `prompt.yaml` is the versioned prompt, `commands.py` the validated format, `reading.py`
the checks that turn commands into a reading or refuse them, `client.py` the pooled HTTP client,
`redact.py` what never leaves. See ARCHITECTURE.md, "A hosted language model".
"""

from ridgeline.assistant.adapters.hosted.adapter import ArticleSource, HostedUnderstanding, figures
from ridgeline.assistant.adapters.hosted.config import HostedConfig
from ridgeline.assistant.adapters.hosted.prompt import Article

__all__ = ["Article", "ArticleSource", "HostedConfig", "HostedUnderstanding", "figures"]
