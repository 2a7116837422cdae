"""The one settings object. Read by entry points only (CLI, API factory, UI, eval runner)."""

from __future__ import annotations

from pathlib import Path

from pydantic import Field, SecretStr
from pydantic_settings import BaseSettings, SettingsConfigDict


class Settings(BaseSettings):
    """Configuration from the environment and an optional `.env` file."""

    model_config = SettingsConfigDict(
        env_file=".env", env_file_encoding="utf-8", extra="ignore", env_prefix=""
    )

    # Database: unset means "start the embedded PostgreSQL 16 + pgvector from the pgserver wheel".
    database_url: str | None = Field(default=None, alias="DATABASE_URL")
    data_dir: Path = Field(default=Path(".arcopilot"), alias="ARCOPILOT_DATA_DIR")

    # Language model: any OpenAI-compatible endpoint. Unset base URL means the template drafter.
    llm_base_url: str | None = Field(default=None, alias="LLM_BASE_URL")
    llm_model: str = Field(default="gpt-4o-mini", alias="LLM_MODEL")
    llm_api_key: SecretStr = Field(default=SecretStr("not-needed"), alias="LLM_API_KEY")
    llm_timeout_seconds: float = Field(default=30.0, alias="LLM_TIMEOUT_SECONDS")
    llm_max_retries: int = Field(default=2, alias="LLM_MAX_RETRIES")
    llm_concurrency: int = Field(default=4, alias="LLM_CONCURRENCY")

    # Embeddings: "wordllama" (offline, ships in the wheel) or "openai" (the endpoint below).
    embeddings_provider: str = Field(default="wordllama", alias="EMBEDDINGS_PROVIDER")
    embeddings_base_url: str | None = Field(default=None, alias="EMBEDDINGS_BASE_URL")
    embeddings_model: str = Field(default="text-embedding-3-small", alias="EMBEDDINGS_MODEL")
    embeddings_api_key: SecretStr = Field(default=SecretStr("not-needed"), alias="EMBEDDINGS_API_KEY")

    # Email: with no SMTP host, approved messages are written as .eml files to the outbox folder.
    smtp_host: str | None = Field(default=None, alias="SMTP_HOST")
    smtp_port: int = Field(default=587, alias="SMTP_PORT")
    smtp_username: str | None = Field(default=None, alias="SMTP_USERNAME")
    smtp_password: SecretStr | None = Field(default=None, alias="SMTP_PASSWORD")
    smtp_starttls: bool = Field(default=True, alias="SMTP_STARTTLS")
    mail_from: str = Field(default="collections@ourco.example", alias="MAIL_FROM")
    outbox_dir: Path = Field(default=Path(".arcopilot/outbox"), alias="OUTBOX_DIR")
    # A message claimed this long ago by a process that never finished is looked at again.
    outbox_claim_timeout_seconds: float = Field(default=300.0, alias="OUTBOX_CLAIM_TIMEOUT_SECONDS")

    # The business itself.
    business_timezone: str = Field(default="UTC", alias="BUSINESS_TIMEZONE")
    company_name: str = Field(default="OurCo", alias="COMPANY_NAME")
    payment_instructions: str = Field(
        default="Pay by bank transfer to OurCo Ltd, IBAN GB00 OURC 0000 0000 0000 00, quoting the invoice "
        "number, or by card at https://pay.ourco.example.",
        alias="PAYMENT_INSTRUCTIONS",
    )

    # API and UI.
    api_host: str = Field(default="127.0.0.1", alias="API_HOST")
    api_port: int = Field(default=8000, alias="API_PORT")
    ui_port: int = Field(default=8501, alias="UI_PORT")
    api_url: str = Field(default="http://127.0.0.1:8000", alias="API_URL")
    jwt_secret: SecretStr = Field(default=SecretStr("change-me-in-production"), alias="JWT_SECRET")
    token_ttl_minutes: int = Field(default=480, alias="TOKEN_TTL_MINUTES")

    @property
    def pgdata_dir(self) -> Path:
        """Where the embedded server keeps its data."""
        return self.data_dir / "pgdata"


def load_settings() -> Settings:
    """Read settings once, at an entry point."""
    return Settings()
