"""Configuration from the environment and `.env` (pydantic-settings)."""

from __future__ import annotations

import ipaddress
import re
from pathlib import Path
from typing import Annotated, Literal
from urllib.parse import urlsplit
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from pydantic import Field, SecretStr, ValidationError, ValidationInfo, field_validator
from pydantic_settings import BaseSettings, NoDecode, SettingsConfigDict

Language = Literal["tg", "ru", "en"]
LANGUAGES: tuple[Language, ...] = ("tg", "ru", "en")

TOKEN_RE = re.compile(r"^\d{3,}:[A-Za-z0-9_-]{30,}$")
WEBHOOK_SECRET_RE = re.compile(r"^[A-Za-z0-9_-]{1,256}$")  # what Telegram accepts
HEALTH_PATH = "/healthz"

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


def _items(value: str) -> list[str]:
    """A list setting: items separated by commas and/or spaces."""
    return [p for p in re.split(r"[,\s]+", value.strip()) if p]


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
    job_feeds: Annotated[tuple[str, ...], NoDecode] = ()
    job_feed_minutes: int = Field(default=60, ge=5, le=24 * 60)
    job_feed_timeout_seconds: float = Field(default=20.0, gt=0, le=120)
    job_feed_max_bytes: int = Field(default=2_000_000, ge=10_000, le=50_000_000)
    mentor_offer_hours: float = Field(default=48, gt=0, le=24 * 14)
    relay_retention_days: int = Field(default=30, ge=1, le=365)
    backup_dir: Path = Path("data/backups")
    backup_keep: int = Field(default=7, ge=1, le=365)
    backup_hour: int = Field(default=3, ge=0, le=23)
    # webhook mode: empty WEBHOOK_URL means long polling
    webhook_url: str | None = None
    webhook_secret: SecretStr | None = Field(default=None, validate_default=True)
    webhook_listen_host: str = Field(default="127.0.0.1", min_length=1)
    webhook_listen_port: int = Field(default=8080, ge=1, le=65535)

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
            parts = _items(value)
            return frozenset(int(p) for p in parts)
        if isinstance(value, int):
            return frozenset({value})
        return value

    @field_validator("job_feeds", mode="before")
    @classmethod
    def _split_feeds(cls, value: object) -> object:
        if isinstance(value, str):
            urls = tuple(_items(value))
            bad = [u for u in urls if not u.startswith(("http://", "https://"))]
            if bad:
                raise ValueError(f"not http(s) URLs: {bad}")
            return urls
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

    @field_validator("webhook_url")
    @classmethod
    def _webhook_url(cls, value: str | None) -> str | None:
        if value is None or not value.strip():
            return None
        value = value.strip()
        try:
            parts = urlsplit(value)
            host = parts.hostname
            parts.port  # noqa: B018 - raises ValueError on a malformed port
        except ValueError as e:
            raise ValueError("not a valid URL") from e
        if parts.scheme not in ("https", "http") or not host:
            raise ValueError("must be an https:// URL, e.g. https://bot.example.org/telegram")
        if parts.scheme == "http" and not _is_loopback(host):
            raise ValueError("must be https:// (http:// only for 127.0.0.1 or localhost)")
        if parts.username or parts.password or parts.fragment:
            raise ValueError("must not contain a user name, password or #fragment")
        if (parts.path or "/") == HEALTH_PATH:
            raise ValueError(f"its path must not be {HEALTH_PATH} (the health check)")
        return value

    @field_validator("webhook_secret")
    @classmethod
    def _webhook_secret(cls, value: SecretStr | None, info: ValidationInfo) -> SecretStr | None:
        if value is not None and not value.get_secret_value().strip():
            value = None
        if value is None:
            if info.data.get("webhook_url"):
                raise ValueError("required when WEBHOOK_URL is set "
                                 "(1-256 characters: A-Z a-z 0-9 _ -)")
            return None
        secret = value.get_secret_value().strip()
        if not WEBHOOK_SECRET_RE.match(secret):
            raise ValueError("must be 1-256 characters: A-Z a-z 0-9 _ -")
        return SecretStr(secret)

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

    @property
    def webhook_path(self) -> str:
        """The path the webhook server answers on: the path part of WEBHOOK_URL."""
        return urlsplit(self.webhook_url or "").path or "/"


def _is_loopback(host: str) -> bool:
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


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
