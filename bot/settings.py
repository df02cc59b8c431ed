"""Configuration from the environment and `.env` (pydantic-settings)."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Annotated, Literal
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from pydantic import Field, SecretStr, ValidationError, field_validator
from pydantic_settings import BaseSettings, NoDecode, SettingsConfigDict

Language = Literal["tg", "ru", "en"]
LANGUAGES: tuple[Language, ...] = ("tg", "ru", "en")

TOKEN_RE = re.compile(r"^\d{3,}:[A-Za-z0-9_-]{30,}$")

TOKEN_HELP = (
    "BOT_TOKEN is missing or malformed. Get a token from @BotFather in Telegram "
    "(send /newbot, or /token for an existing bot) and put it in the environment "
    "or in .env as BOT_TOKEN=123456789:AA... (see .env.example)."
)
TOKEN_REJECTED = (
    "BOT_TOKEN was rejected by Telegram (401 Unauthorized): it was revoked or mistyped. "
    "Get the current token from @BotFather (/token) and update BOT_TOKEN "
    "in the environment or .env."
)


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_file=".env", env_file_encoding="utf-8", extra="ignore")

    bot_token: SecretStr
    admin_ids: Annotated[frozenset[int], NoDecode] = frozenset()
    database_path: Path = Path("data/bot.sqlite3")
    bot_api_url: str | None = None
    default_language: Language = "tg"
    timezone: str = "Asia/Dushanbe"
    log_level: Literal["DEBUG", "INFO", "WARNING", "ERROR"] = "INFO"
    polling_timeout: int = Field(default=25, ge=0, le=50)
    max_concurrent_updates: int = Field(default=16, ge=1, le=256)
    shutdown_grace_seconds: float = Field(default=10.0, ge=0, le=60)
    send_rate: float = Field(default=25.0, gt=0, le=1000)
    chat_burst: int = Field(default=3, ge=1, le=100)
    chat_rate: float = Field(default=1.0, gt=0, le=100)
    send_retries: int = Field(default=3, ge=0, le=10)
    retry_backoff_seconds: float = Field(default=0.5, ge=0, le=30)
    outbox_tick_seconds: float = Field(default=1.0, gt=0, le=60)
    outbox_max_sending: int = Field(default=20, ge=1, le=500)
    broadcast_progress_seconds: float = Field(default=3.0, gt=0, le=60)
    mentor_offer_hours: float = Field(default=48, gt=0, le=24 * 14)
    backup_dir: Path = Path("data/backups")
    backup_keep: int = Field(default=7, ge=1, le=365)
    backup_hour: int = Field(default=3, ge=0, le=23)

    @field_validator("bot_token")
    @classmethod
    def _token_shape(cls, value: SecretStr) -> SecretStr:
        if not TOKEN_RE.match(value.get_secret_value().strip()):
            raise ValueError("malformed")
        return SecretStr(value.get_secret_value().strip())

    @field_validator("admin_ids", mode="before")
    @classmethod
    def _split_ids(cls, value: object) -> object:
        if isinstance(value, str):
            parts = [p for p in re.split(r"[,\s]+", value.strip()) if p]
            return frozenset(int(p) for p in parts)
        if isinstance(value, int):
            return frozenset({value})
        return value

    @field_validator("bot_api_url")
    @classmethod
    def _strip_url(cls, value: str | None) -> str | None:
        if value is None or not value.strip():
            return None
        value = value.strip().rstrip("/")
        if not value.startswith(("http://", "https://")):
            raise ValueError("must start with http:// or https://")
        return value

    @field_validator("timezone")
    @classmethod
    def _known_zone(cls, value: str) -> str:
        try:
            ZoneInfo(value)
        except (ZoneInfoNotFoundError, ValueError) as e:
            raise ValueError(f"unknown time zone {value!r}") from e
        return value

    @property
    def token(self) -> str:
        return self.bot_token.get_secret_value()

    @property
    def tz(self) -> ZoneInfo:
        return ZoneInfo(self.timezone)


class SettingsError(Exception):
    """A configuration problem, with one plain line for the operator."""


def load_settings(**overrides: object) -> Settings:
    try:
        return Settings(**overrides)  # type: ignore[arg-type]
    except ValidationError as e:
        problems = []
        for err in e.errors():
            field = str(err["loc"][0]) if err["loc"] else "?"
            if field == "bot_token":
                raise SettingsError(TOKEN_HELP) from None
            problems.append(f"{field.upper()}: {err['msg']}")
        raise SettingsError("Invalid settings: " + "; ".join(problems)) from None
