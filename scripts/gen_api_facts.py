"""Generate a compact table of Telegram Bot API facts from the machine-readable spec.

Usage::

    python scripts/gen_api_facts.py [path/to/api.json] [out.json]

Defaults: ``../shared/telegram-bot-api/api.json`` relative to the repository root (the parent of
``scripts/``) and ``tests/api_facts.json``.

The table keeps, for every method, its parameters and, for every type, its fields: the list of
type strings, the required flag and the length limit (``{"min", "max", "unit"}``, plus
``"parse_mode"`` naming the sibling field whose value decides how entities are parsed before the
length is counted) when the description states one. Types also keep their ``subtypes``, and the
discriminator fields of subtypes (``type``/``source``/``status`` "always X") keep a ``const``.
Descriptions are dropped. The output is deterministic: sorted keys, fixed indentation.
"""

from __future__ import annotations

import json
import re
import sys
from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path
from typing import Any

REPO_ROOT = Path(__file__).resolve().parent.parent
DEFAULT_SOURCE = REPO_ROOT.parent / "shared" / "telegram-bot-api" / "api.json"
DEFAULT_OUTPUT = REPO_ROOT / "tests" / "api_facts.json"

# "1-4096 characters", "0-1024 characters", "1-64 bytes" (and the odd "1-64 Bytes").
RANGE_RE = re.compile(r"(?<![\d.])(\d+)-(\d+) (characters|bytes)\b", re.IGNORECASE)
# "Offset length can't exceed 64 bytes", "(up to 256 characters)": an upper bound only.
MAX_RE = re.compile(r"(?:can't exceed|up to|at most) (\d+) (characters|bytes)\b", re.IGNORECASE)
# Discriminator of a subtype: 'Type of the result, must be photo', 'always "emoji"'.
CONST_RE = re.compile(r'(?:must be|always) "?([a-z0-9_]+)"?\s*$')
CONST_FIELDS = frozenset({"type", "source", "status"})
ENTITY_PHRASE_RE = re.compile(r"Mode for parsing entities in the ([a-z ]+?)\.", re.IGNORECASE)


def _warn(message: str) -> None:
    print(f"warning: {message}", file=sys.stderr)


def _parse_mode_field(field: Mapping[str, Any], siblings: Mapping[str, Mapping[str, Any]]) -> str:
    """Name of the sibling parse-mode field that applies to ``field``, or ``""``."""
    name: str = field["name"]
    own = f"{name}_parse_mode"
    if own in siblings:
        return own
    generic = siblings.get("parse_mode")
    if generic is None:
        return ""
    if re.search(r"after entit(?:y|ies) parsing", field.get("description", "")):
        return "parse_mode"
    phrase = ENTITY_PHRASE_RE.search(generic.get("description", ""))
    if phrase:
        words = phrase.group(1).lower().split()
        target = name.lower().split("_")
        if words[-len(target) :] == target or words[-1] == target[-1]:
            return "parse_mode"
    return ""


def _extract_limit(
    owner: str, field: Mapping[str, Any], siblings: Mapping[str, Mapping[str, Any]]
) -> dict[str, Any] | None:
    """Length limit of a String field, taken from its own description."""
    description: str = field.get("description", "")
    where = f"{owner}.{field['name']}"
    ranges = list(dict.fromkeys(RANGE_RE.findall(description)))
    maxima = list(dict.fromkeys(MAX_RE.findall(description)))
    if not ranges and not maxima:
        return None
    if "String" not in field["types"]:
        # e.g. "Array of String" with "total length of up to 64 characters": not a per-value limit.
        _warn(f"{where}: ignoring length text on non-String field {field['types']}")
        return None
    if ranges:
        if len(ranges) > 1:
            after = [
                r
                for r in ranges
                if re.search(rf"{r[0]}-{r[1]} {r[2]} after entit", description, re.IGNORECASE)
            ]
            chosen = (after or ranges)[0]
            _warn(f"{where}: several ranges {ranges}, using {chosen}")
        else:
            chosen = ranges[0]
        low, high, unit = int(chosen[0]), int(chosen[1]), chosen[2].lower()
    else:
        if len(maxima) > 1:
            _warn(f"{where}: several maxima {maxima}, using {maxima[0]}")
        low, high, unit = 0, int(maxima[0][0]), maxima[0][1].lower()
    if low > high:
        _warn(f"{where}: inverted range {low}-{high}, ignored")
        return None
    limit: dict[str, Any] = {"min": low, "max": high, "unit": unit}
    parse_mode = _parse_mode_field(field, siblings)
    if parse_mode and unit == "characters":
        limit["parse_mode"] = parse_mode
    return limit


def _fields_table(
    owner: str, fields: Iterable[Mapping[str, Any]], *, is_subtype: bool
) -> dict[str, dict[str, Any]]:
    fields = list(fields)
    siblings = {f["name"]: f for f in fields}
    table: dict[str, dict[str, Any]] = {}
    for field in fields:
        entry: dict[str, Any] = {
            "types": [str(t) for t in field["types"]],
            "required": bool(field["required"]),
        }
        limit = _extract_limit(owner, field, siblings)
        if limit is not None:
            entry["limit"] = limit
        if is_subtype and field["name"] in CONST_FIELDS and entry["types"] == ["String"]:
            match = CONST_RE.search(field.get("description", ""))
            if match:
                entry["const"] = match.group(1)
        if field["name"] in table:
            _warn(f"{owner}.{field['name']}: duplicate field, keeping the first")
            continue
        table[field["name"]] = entry
    return table


def build_facts(spec: Mapping[str, Any]) -> dict[str, Any]:
    """Turn the full spec into the compact facts table."""
    methods: dict[str, Any] = {}
    for name, method in spec["methods"].items():
        methods[name] = {
            "params": _fields_table(name, method.get("fields", []), is_subtype=False),
            "returns": [str(t) for t in method.get("returns", [])],
        }
    types: dict[str, Any] = {}
    for name, type_ in spec["types"].items():
        entry: dict[str, Any] = {
            "fields": _fields_table(
                name, type_.get("fields", []), is_subtype=bool(type_.get("subtype_of"))
            )
        }
        if type_.get("subtypes"):
            entry["subtypes"] = [str(t) for t in type_["subtypes"]]
        if type_.get("subtype_of"):
            entry["subtype_of"] = [str(t) for t in type_["subtype_of"]]
        types[name] = entry
    return {
        "version": spec.get("version", ""),
        "release_date": spec.get("release_date", ""),
        "methods": methods,
        "types": types,
    }


def render(facts: Mapping[str, Any]) -> str:
    """Deterministic JSON text of the facts table."""
    return json.dumps(facts, indent=1, sort_keys=True, ensure_ascii=False) + "\n"


def generate(source: Path) -> str:
    """Read ``source`` (the full api.json) and return the rendered facts table."""
    with source.open(encoding="utf-8") as fh:
        spec = json.load(fh)
    return render(build_facts(spec))


def iter_limits(facts: Mapping[str, Any]) -> Iterable[tuple[str, dict[str, Any]]]:
    """Yield ("owner.field", limit) for every extracted limit, methods first."""
    for kind, key in (("methods", "params"), ("types", "fields")):
        for owner in sorted(facts[kind]):
            fields = facts[kind][owner][key]
            for field in sorted(fields):
                if "limit" in fields[field]:
                    yield f"{owner}.{field}", fields[field]["limit"]


def main(argv: Sequence[str]) -> int:
    source = Path(argv[0]) if len(argv) > 0 else DEFAULT_SOURCE
    output = Path(argv[1]) if len(argv) > 1 else DEFAULT_OUTPUT
    text = generate(source)
    output.parent.mkdir(parents=True, exist_ok=True)
    output.write_text(text, encoding="utf-8")
    facts = json.loads(text)
    for where, limit in iter_limits(facts):
        extra = f" (after {limit['parse_mode']})" if "parse_mode" in limit else ""
        print(f"{where}: {limit['min']}-{limit['max']} {limit['unit']}{extra}")
    print(
        f"{facts['version']}: {len(facts['methods'])} methods, {len(facts['types'])} types,"
        f" {len(text.encode('utf-8'))} bytes -> {output}"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
