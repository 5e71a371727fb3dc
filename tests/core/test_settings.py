"""The one typed settings object: sections, the design card's flat environment names, validation at load."""

from __future__ import annotations

import pytest

from core.errors import ConfigError
from core.settings import Settings, load_settings


def test_flat_names_of_the_design_card_fill_the_sections(monkeypatch):
    monkeypatch.setenv("ZHITU_LLM_BASE_URL", "http://127.0.0.1:9/v1")
    monkeypatch.setenv("ZHITU_LLM_API_KEY", "sk-secret-value")
    monkeypatch.setenv("ZHITU_CHROMA_URL", "http://127.0.0.1:8000")
    monkeypatch.setenv("ZHITU_DATABASE_URL", "postgresql+psycopg://u@h/db")
    monkeypatch.setenv("ZHITU_EMBEDDINGS", "fake")
    monkeypatch.setenv("ZHITU_LLM__MODEL", "nested-name")
    s = load_settings()
    assert s.llm.base_url == "http://127.0.0.1:9/v1" and s.llm_enabled and s.llm.model == "nested-name"
    assert s.store.chroma_url == "http://127.0.0.1:8000" and s.db_url == "postgresql+psycopg://u@h/db"
    assert s.embedding.backend == "fake"
    assert s.llm.api_key.get_secret_value() == "sk-secret-value"
    assert "sk-secret-value" not in repr(s) and "sk-secret-value" not in str(s.model_dump())


def test_keyword_overrides_use_the_same_flat_names(tmp_path):
    s = Settings(home=tmp_path, llm_model="m", embeddings_cache=tmp_path / "c.sqlite", shortage_ratio=2.0)
    assert s.llm.model == "m" and s.embeddings_cache_path == tmp_path / "c.sqlite" and s.gaps.shortage_ratio == 2.0


@pytest.mark.parametrize(("hours", "why"), [("9-18", "must look like 09:00-18:00"), ("18:00-09:00", "start must come"),
                                            ("09:00-25:00", "must look like")])
def test_bad_service_hours_are_one_line_at_load(monkeypatch, hours, why):
    monkeypatch.setenv("ZHITU_SERVICE_HOURS", hours)
    with pytest.raises(ConfigError) as err:
        load_settings()
    line = str(err.value)
    assert "\n" not in line and line.startswith("ZHITU_SERVICE_HOURS") and why in line


def test_good_service_hours_are_normalised_and_parsed(monkeypatch):
    monkeypatch.setenv("ZHITU_SERVICE_HOURS", "8:30 - 17:00")
    s = load_settings()
    assert s.service.hours == "08:30-17:00" and str(s.service.window[0]) == "08:30:00"


def test_unknown_time_zone_is_named(monkeypatch):
    monkeypatch.setenv("ZHITU_TIMEZONE", "Mars/Olympus")
    with pytest.raises(ConfigError, match="ZHITU_SERVICE_TIMEZONE: unknown time zone 'Mars/Olympus'"):
        load_settings()


def test_missing_home_is_created_and_an_unusable_one_named(tmp_path, monkeypatch):
    home = tmp_path / "a" / "b"
    monkeypatch.setenv("ZHITU_HOME", str(home))
    assert load_settings().home_dir == home and home.is_dir()
    blocker = tmp_path / "file"
    blocker.write_text("x")
    monkeypatch.setenv("ZHITU_HOME", str(blocker / "home"))
    with pytest.raises(ConfigError, match=r"^ZHITU_HOME .*file/home: cannot create it"):
        load_settings()
