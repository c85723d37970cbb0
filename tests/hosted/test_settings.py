"""Settings from the environment, and the engine the app builds from them."""

from __future__ import annotations

import pytest

from ridgeline.assistant.adapters.embedded import EmbeddedUnderstanding
from ridgeline.assistant.adapters.hosted import HostedUnderstanding
from ridgeline.config import LanguageModelSettings
from ridgeline.web.app import default_engine

URL = "http://127.0.0.1:9/v1"


def test_no_model_is_configured_by_default(monkeypatch: pytest.MonkeyPatch) -> None:
    for name in ("RIDGELINE_LLM_BASE_URL", "RIDGELINE_LLM_MODEL"):
        monkeypatch.delenv(name, raising=False)
    assert LanguageModelSettings.from_env() is None


def test_the_settings_are_read_and_checked(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("RIDGELINE_LLM_BASE_URL", URL)
    monkeypatch.setenv("RIDGELINE_LLM_MODEL", "qwen2.5-7b-instruct")
    monkeypatch.setenv("RIDGELINE_LLM_MODE", "Always")
    monkeypatch.setenv("RIDGELINE_LLM_TIMEOUT", "2.5")
    monkeypatch.setenv("RIDGELINE_LLM_API_KEY_HEADER", "api-key")
    found = LanguageModelSettings.from_env()
    assert found == LanguageModelSettings(
        URL, "qwen2.5-7b-instruct", None, "api-key", 2.5, "always", 0.5, "json_schema", 400
    )
    for name, value in (
        ("RIDGELINE_LLM_MODE", "sometimes"),
        ("RIDGELINE_LLM_TIMEOUT", "0"),
        ("RIDGELINE_LLM_CONFIDENCE", "1.5"),
        ("RIDGELINE_LLM_RESPONSE_FORMAT", "xml"),
    ):
        with monkeypatch.context() as m:
            m.setenv(name, value)
            with pytest.raises(ValueError, match=name):
                LanguageModelSettings.from_env()
    monkeypatch.delenv("RIDGELINE_LLM_MODEL")
    with pytest.raises(ValueError, match="or neither"):
        LanguageModelSettings.from_env()
    monkeypatch.setenv("RIDGELINE_LLM_MODEL", "m")
    monkeypatch.setenv("RIDGELINE_LLM_BASE_URL", "127.0.0.1:8080")
    with pytest.raises(ValueError, match="http"):
        LanguageModelSettings.from_env()


def test_the_app_reads_with_the_model_only_when_one_is_configured(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.delenv("RIDGELINE_LLM_BASE_URL", raising=False)
    monkeypatch.delenv("RIDGELINE_LLM_MODEL", raising=False)
    assert isinstance(default_engine().understanding, EmbeddedUnderstanding)
    monkeypatch.setenv("RIDGELINE_LLM_BASE_URL", URL)
    monkeypatch.setenv("RIDGELINE_LLM_MODEL", "llama3.1")
    understanding = default_engine().understanding
    assert isinstance(understanding, HostedUnderstanding)
    assert isinstance(understanding.fallback, EmbeddedUnderstanding)
    assert (understanding.config.model, understanding.config.mode) == ("llama3.1", "unsure")
    understanding.close()
