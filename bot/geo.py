"""Regions and cities of Tajikistan in three languages, read from content/regions.toml."""

from __future__ import annotations

import tomllib
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from bot.settings import LANGUAGES

REGIONS_FILE = Path(__file__).resolve().parent.parent / "content" / "regions.toml"
ABROAD = "abroad"
CAPITAL = "TJ-DU"


@dataclass(frozen=True, slots=True)
class Place:
    code: str
    names: dict[str, str]

    def name(self, lang: str) -> str:
        return self.names[lang]


@dataclass(frozen=True, slots=True)
class Region(Place):
    cities: tuple[Place, ...]

    def city(self, code: str) -> Place | None:
        return next((c for c in self.cities if c.code == code), None)


def _names(entry: dict[str, object], where: str) -> dict[str, str]:
    names = {lang: str(entry.get(lang, "")).strip() for lang in LANGUAGES}
    missing = [lang for lang, name in names.items() if not name]
    if missing:
        raise ValueError(f"{where}: no name in {missing}")
    return names


@dataclass(frozen=True)
class Geography:
    regions: tuple[Region, ...]

    @classmethod
    def load(cls, path: Path = REGIONS_FILE) -> Geography:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
        regions = []
        for entry in data["region"]:
            code = str(entry["code"])
            cities = tuple(
                Place(str(c["code"]), _names(c, f"{code}/{c['code']}"))
                for c in entry.get("cities", [])
            )
            regions.append(Region(code, _names(entry, code), cities))
        return cls(tuple(regions))

    def region(self, code: str | None) -> Region | None:
        return next((r for r in self.regions if r.code == code), None)

    def city_name(self, region_code: str | None, city: str | None, lang: str) -> str | None:
        """A known city's name in her language, or the city as she typed it."""
        if city is None:
            return None
        region = self.region(region_code)
        known = region.city(city) if region else None
        return known.name(lang) if known else city


@cache
def geography() -> Geography:
    return Geography.load()
