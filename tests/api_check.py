"""Validate outgoing Telegram Bot API requests against ``tests/api_facts.json``.

``check_request(method, params)`` returns a list of human-readable problems (empty = valid).

Values may be decoded Python objects or HTTP-form strings (as aiogram sends them: JSON text for
objects, arrays, numbers and booleans). A top-level string for a parameter that cannot be a String
is decoded as JSON first. Parameters whose value is ``None`` are treated as absent (aiogram drops
them). ``InputFile`` accepts anything. Length limits count UTF-16 code units for "characters" and
UTF-8 bytes for "bytes"; with parse mode HTML the text is measured after stripping tags and
unescaping entities.
"""

from __future__ import annotations

import html
import json
import re
from collections.abc import Mapping
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

FACTS_PATH = Path(__file__).resolve().parent / "api_facts.json"

_PRIMITIVES = frozenset({"Integer", "Float", "Boolean", "String", "True", "InputFile"})
_HTML_TAG_RE = re.compile(r"<[^>]*>")


@lru_cache(maxsize=1)
def load_facts() -> dict[str, Any]:
    """The facts table, read once per process."""
    with FACTS_PATH.open(encoding="utf-8") as fh:
        facts: dict[str, Any] = json.load(fh)
    return facts


@lru_cache(maxsize=1)
def _methods_by_lower_name() -> dict[str, str]:
    return {name.lower(): name for name in load_facts()["methods"]}


API_VERSION: str = load_facts()["version"]


def method_names() -> set[str]:
    """All Bot API method names, in their canonical spelling."""
    return set(load_facts()["methods"])


@dataclass(frozen=True)
class _Problem:
    path: str
    message: str
    structural: bool  # wrong shape (type, unknown/missing field) rather than a bad value
    discriminator: bool = False  # a "type"/"source"/"status" field has another subtype's value

    def __str__(self) -> str:
        return f"{self.path}: {self.message}"


def _json_kind(value: Any) -> str:
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "boolean"
    if isinstance(value, int):
        return "integer"
    if isinstance(value, float):
        return "float"
    if isinstance(value, str):
        return "string"
    if isinstance(value, Mapping):
        return "object"
    if isinstance(value, list | tuple):
        return "array"
    return type(value).__name__


def _split_alternatives(types: list[str]) -> list[str]:
    """``["Integer", "String"]`` or ``["Integer or String"]`` -> ``["Integer", "String"]``."""
    alternatives: list[str] = []
    for type_expr in types:
        alternatives.extend(part.strip() for part in type_expr.split(" or "))
    return alternatives


def utf16_len(text: str) -> int:
    """Length in UTF-16 code units, the way Telegram counts characters."""
    return len(text.encode("utf-16-le")) // 2


def visible_text(text: str, parse_mode: Any) -> str:
    """Text left after entity parsing (HTML only; other modes are measured raw)."""
    if isinstance(parse_mode, str) and parse_mode.strip().lower() == "html":
        return html.unescape(_HTML_TAG_RE.sub("", text))
    return text


def _check_limit(
    value: str, limit: Mapping[str, Any], siblings: Mapping[str, Any], path: str
) -> list[_Problem]:
    unit = limit["unit"]
    how = ""
    if unit == "bytes":
        size = len(value.encode("utf-8"))
    else:
        mode_field = limit.get("parse_mode")
        text = visible_text(value, siblings.get(mode_field)) if mode_field else value
        size = utf16_len(text)
        if text != value:
            how = "after entity parsing "
    low, high = int(limit["min"]), int(limit["max"])
    if low <= size <= high:
        return []
    return [_Problem(path, f"length {size} {unit} {how}is outside {low}-{high} {unit}", False)]


def _decode_form_value(value: Any, alternatives: list[str]) -> tuple[Any, str | None]:
    """Decode an HTTP-form string for a parameter that can't be a String."""
    if not isinstance(value, str) or "String" in alternatives or "InputFile" in alternatives:
        return value, None
    if value.strip().lower() in ("true", "false") and "Boolean" in alternatives:
        return value.strip().lower() == "true", None
    try:
        return json.loads(value), None
    except ValueError:
        return value, f"cannot decode form value {value!r} as {' or '.join(alternatives)}"


class _Checker:
    def __init__(self, facts: Mapping[str, Any]) -> None:
        self.types: Mapping[str, Any] = facts["types"]

    # -- single type expressions -------------------------------------------------------------
    def check_value(self, value: Any, type_expr: str, path: str) -> list[_Problem]:
        alternatives = _split_alternatives([type_expr])
        if len(alternatives) > 1:
            return self.check_union(value, alternatives, path)
        if type_expr.startswith("Array of "):
            if not isinstance(value, list | tuple):
                return [_Problem(path, f"expected {type_expr}, got {_json_kind(value)}", True)]
            inner = type_expr[len("Array of ") :]
            problems: list[_Problem] = []
            for index, item in enumerate(value):
                problems.extend(self.check_value(item, inner, f"{path}[{index}]"))
            return problems
        if type_expr in _PRIMITIVES:
            return self.check_primitive(value, type_expr, path)
        if type_expr in self.types:
            return self.check_object(value, type_expr, path)
        return [_Problem(path, f"unknown type {type_expr!r} in the API facts", True)]

    @staticmethod
    def check_primitive(value: Any, type_name: str, path: str) -> list[_Problem]:
        ok = {
            "InputFile": True,
            "String": isinstance(value, str),
            "Boolean": isinstance(value, bool),
            "True": value is True,
            "Integer": isinstance(value, int) and not isinstance(value, bool),
            "Float": isinstance(value, int | float) and not isinstance(value, bool),
        }[type_name]
        if ok:
            return []
        got = f"{_json_kind(value)} {value!r:.60}"
        return [_Problem(path, f"expected {type_name}, got {got}", True)]

    def check_object(self, value: Any, type_name: str, path: str) -> list[_Problem]:
        info = self.types[type_name]
        subtypes: list[str] = info.get("subtypes", [])
        if subtypes and not info["fields"]:
            return self.check_union(value, subtypes, path, abstract=type_name)
        if not isinstance(value, Mapping):
            return [_Problem(path, f"expected {type_name} object, got {_json_kind(value)}", True)]
        return self.check_fields(value, info["fields"], path, type_name)

    def check_fields(
        self, values: Mapping[str, Any], fields: Mapping[str, Any], path: str, owner: str
    ) -> list[_Problem]:
        prefix = f"{path}." if path else ""
        problems: list[_Problem] = []
        present = {key: val for key, val in values.items() if val is not None}
        for key in present:
            if key not in fields:
                problems.append(_Problem(f"{prefix}{key}", f"unknown field of {owner}", True))
        for name, spec in fields.items():
            if name not in present:
                if spec["required"]:
                    problems.append(
                        _Problem(f"{prefix}{name}", f"required field of {owner} is missing", True)
                    )
                continue
            value = present[name]
            if "const" in spec and value != spec["const"]:
                problems.append(
                    _Problem(
                        f"{prefix}{name}",
                        f"must be {spec['const']!r}, got {value!r}",
                        structural=True,
                        discriminator=True,
                    )
                )
                continue
            problems.extend(self.check_field(value, spec, present, f"{prefix}{name}"))
        return problems

    def check_field(
        self, value: Any, spec: Mapping[str, Any], siblings: Mapping[str, Any], path: str
    ) -> list[_Problem]:
        alternatives = _split_alternatives(spec["types"])
        problems = (
            self.check_value(value, alternatives[0], path)
            if len(alternatives) == 1
            else self.check_union(value, alternatives, path)
        )
        if not problems and "limit" in spec and isinstance(value, str):
            problems = _check_limit(value, spec["limit"], siblings, path)
        return problems

    # -- unions ------------------------------------------------------------------------------
    def check_union(
        self, value: Any, alternatives: list[str], path: str, abstract: str = ""
    ) -> list[_Problem]:
        arrays = [alt[len("Array of ") :] for alt in alternatives if alt.startswith("Array of ")]
        if len(arrays) == len(alternatives) > 1 and isinstance(value, list | tuple):
            # The spec writes sendMediaGroup.media as "Array of InputMediaAudio, ... and
            # InputMediaVideo": one array whose items are any of those (photos and videos mix).
            problems: list[_Problem] = []
            for index, item in enumerate(value):
                problems.extend(self.check_union(item, arrays, f"{path}[{index}]"))
            return problems
        attempts: list[tuple[str, list[_Problem]]] = []
        for alternative in alternatives:
            problems = self.check_value(value, alternative, path)
            if not problems:
                return []
            attempts.append((alternative, problems))
        # Report the closest alternative: its discriminator ("type": "chat") matches, then the
        # fewest shape problems, then the fewest problems overall.
        own_discriminator = re.compile(re.escape(f"{path}.") + r"[^.\[]+$" if path else r"[^.\[]+$")

        def distance(attempt: tuple[str, list[_Problem]]) -> tuple[int, int, int]:
            problems = attempt[1]
            wrong_kind = sum(
                p.discriminator and bool(own_discriminator.match(p.path)) for p in problems
            )
            return wrong_kind, sum(p.structural for p in problems), len(problems)

        best_name, best = min(attempts, key=distance)
        what = f"{abstract} (subtypes: " if abstract else "any of ("
        header = _Problem(
            path,
            f"does not fit {what}{', '.join(alternatives)}); closest is {best_name}",
            all(p.structural for p in best),
        )
        return [header, *best]


_CHECKER: _Checker | None = None


def _checker() -> _Checker:
    global _CHECKER
    if _CHECKER is None:
        _CHECKER = _Checker(load_facts())
    return _CHECKER


def check_request(method: str, params: Mapping[str, Any]) -> list[str]:
    """Problems with a Bot API request; an empty list means the request looks valid."""
    facts = load_facts()
    canonical = _methods_by_lower_name().get(method.lower())
    if canonical is None:
        return [f"unknown Bot API method {method!r}"]
    param_specs: Mapping[str, Any] = facts["methods"][canonical]["params"]
    checker = _checker()

    problems: list[_Problem] = []
    decoded: dict[str, Any] = {}
    for key, raw in params.items():
        if raw is None:
            continue
        if key not in param_specs:
            problems.append(_Problem(key, f"unknown parameter of {canonical}", True))
            continue
        value, error = _decode_form_value(raw, _split_alternatives(param_specs[key]["types"]))
        if error:
            problems.append(_Problem(key, error, True))
            continue
        decoded[key] = value
    for name, spec in param_specs.items():
        if name not in decoded:
            if spec["required"] and params.get(name) is None:
                message = f"required parameter of {canonical} is missing"
                problems.append(_Problem(name, message, True))
            continue
        problems.extend(checker.check_field(decoded[name], spec, decoded, name))
    return [f"{canonical}: {problem}" for problem in problems]
