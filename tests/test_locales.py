"""Every text exists in tg, ru and en, formats, and reads as its own language."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from fluent.syntax import FluentParser, ast, visitor

from bot.i18n import LOCALES_DIR, Locales, escape

LANGS = ("tg", "ru", "en")
TAJIK_ONLY = set("ғӣқӯҳҷҒӢҚӮҲҶ")
NOT_IN_TAJIK = set("цщыьЦЩЫЬ")  # letters the Tajik Cyrillic alphabet does not have


def _messages(lang: str) -> dict[str, ast.Message]:
    found: dict[str, ast.Message] = {}
    for path in sorted((LOCALES_DIR / lang).glob("*.ftl")):
        resource = FluentParser().parse(path.read_text(encoding="utf-8"))
        for entry in resource.body:
            assert not isinstance(entry, ast.Junk), f"{path}: {entry.content[:60]!r}"
            if isinstance(entry, ast.Message):
                assert entry.id.name not in found, f"{lang}: {entry.id.name} defined twice"
                found[entry.id.name] = entry
    return found


def _variables(node: object) -> set[str]:
    names: set[str] = set()

    class Visitor(visitor.Visitor):
        def visit_VariableReference(self, ref: ast.VariableReference) -> None:
            names.add(ref.id.name)
            self.generic_visit(ref)

    Visitor().visit(node)  # type: ignore[arg-type]
    return names


MESSAGES = {lang: _messages(lang) for lang in LANGS}
LOCALES = Locales()


def _samples(names: set[str]) -> dict[str, object]:
    return {n: (3 if n in {"count", "position", "n"} else "Малика <&>") for n in names}


def test_every_key_exists_in_all_three_languages() -> None:
    keys = {lang: set(msgs) for lang, msgs in MESSAGES.items()}
    assert keys["tg"] == keys["en"], keys["tg"] ^ keys["en"]
    assert keys["ru"] == keys["en"], keys["ru"] ^ keys["en"]


@pytest.mark.parametrize("key", sorted(MESSAGES["en"]))
def test_same_placeholders_everywhere(key: str) -> None:
    expected = _variables(MESSAGES["en"][key])
    for lang in ("tg", "ru"):
        assert _variables(MESSAGES[lang][key]) == expected, f"{lang}:{key}"


@pytest.mark.parametrize("lang", LANGS)
def test_every_message_formats_with_sample_arguments(lang: str) -> None:
    t = LOCALES[lang]
    for key, message in MESSAGES[lang].items():
        args = _samples(_variables(message))
        value, errors = t.bundle.format_pattern(
            t.bundle.get_message(key).value, {k: escape(v) for k, v in args.items()})
        assert not errors, f"{lang}:{key}: {errors}"
        assert value.strip(), f"{lang}:{key} is empty"
        assert "\u2068" not in value and "\u2069" not in value  # no isolating marks
        if any(isinstance(v, str) for v in args.values()):
            assert "<&>" not in value, f"{lang}:{key} does not escape user text"


def _words(text: str) -> str:
    text = re.sub(r"<[^>]+>|/\w+|\{[^}]*\}|\d+|Women in Tech|[^\w\s]", " ", text)
    return " ".join(text.split()).lower()


@pytest.mark.parametrize("lang", ["tg", "ru"])
def test_no_message_is_left_in_english(lang: str) -> None:
    def blank(names: set[str]) -> dict[str, object]:  # the message's own words only
        return {n: (3 if isinstance(v, int) else "") for n, v in _samples(names).items()}

    for key in MESSAGES["en"]:
        en = _words(LOCALES["en"](key, **blank(_variables(MESSAGES["en"][key]))))
        other = _words(LOCALES[lang](key, **blank(_variables(MESSAGES[lang][key]))))
        if en:
            assert other != en, f"{lang}:{key} is the English text"


# Frequent Russian words that Tajik does not use: a Tajik text containing them is Russian.
RUSSIAN_WORDS = {"и", "что", "это", "для", "вы", "вас", "ваш", "ваша", "пожалуйста", "или",
                 "как", "уже", "нет", "по", "с", "от", "все", "при", "если", "чтобы"}


def test_tajik_is_written_with_tajik_letters() -> None:
    long_texts = with_tajik_letters = 0
    for key in MESSAGES["tg"]:
        text = LOCALES["tg"](key, **_samples(_variables(MESSAGES["tg"][key])))
        # Latin words (Telegram, id) with their Tajik suffixes (id-и, /start-ро) are not Tajik
        text = re.sub(r"[/A-Za-z][\w@./]*(-[а-яӣӯ]+)?", " ", text.replace("Малика", ""))
        cyrillic = re.sub(r"[^а-яёА-ЯЁғӣқӯҳҷҒӢҚӮҲҶ ]", " ", text)
        assert not (set(cyrillic) & NOT_IN_TAJIK), f"tg:{key} has Russian-only letters"
        russian = set(cyrillic.lower().split()) & RUSSIAN_WORDS
        assert not russian, f"tg:{key} has Russian words {russian}: {text!r}"
        if len(cyrillic.split()) >= 4:
            long_texts += 1
            with_tajik_letters += bool(set(cyrillic) & TAJIK_ONLY)
    # ғ ӣ қ ӯ ҳ ҷ are frequent in Tajik: most longer texts have at least one
    assert with_tajik_letters >= 0.6 * long_texts


@pytest.mark.parametrize(
    ("count", "word"),
    [(1, "участница"), (2, "участницы"), (5, "участниц"), (11, "участниц"), (21, "участница")],
)
def test_russian_plurals(count: int, word: str) -> None:
    assert LOCALES["ru"]("help-text", count=count).endswith(f"С нами уже {count} {word}.")


def test_locale_dirs_hold_only_ftl_files() -> None:
    for lang in LANGS:
        files = list(Path(LOCALES_DIR / lang).iterdir())
        assert files and all(f.suffix == ".ftl" for f in files)


def _dynamic_keys() -> set[str]:
    """Keys the code builds from data rather than writes out."""
    from bot.content import Format
    from bot.delivery.timezones import COMMON_ZONES
    from bot.profile import AGE_GROUPS, GOALS, INTERESTS, LEVELS, STATUSES, UNDER_13, label_key
    from bot.services.onboarding import SETTINGS_FIELDS
    from keyboards.courses import PICKS, format_key
    from keyboards.onboarding import zone_name_key

    keys = {label_key("age", c) for c in (*AGE_GROUPS, UNDER_13)}
    keys |= {label_key("status", c) for c in STATUSES}
    keys |= {label_key("interest", c) for c in INTERESTS}
    keys |= {label_key("level", c) for c in LEVELS}
    keys |= {label_key("goal", c) for c in GOALS}
    keys |= {f"settings-edit-{s.value}" for s in SETTINGS_FIELDS}
    keys |= {zone_name_key(z) for z in COMMON_ZONES}
    keys |= {f"filter-{field}" for field in PICKS.values()}
    keys |= {format_key(f.value) for f in Format}
    keys |= {label_key("language", lang) for lang in LANGS}
    keys |= {label_key("mentor-format", f) for f in ("online", "offline", "both")}
    from bot.services.stats import Export
    from bot.services.users import COORDINATOR, MENTOR, PARTICIPANT
    from handlers.broadcast import KINDS

    keys |= {f"bc-dim-{kind}" for kind in (*KINDS.values(), "active")}
    keys |= {f"bc-role-{role}" for role in (PARTICIPANT, MENTOR, COORDINATOR)}
    keys |= {f"export-{kind.value}" for kind in Export}
    from bot.services.jobs import FREQUENCIES, REMOTE_CHOICES

    keys |= {f"jobs-frequency-{f}" for f in FREQUENCIES}
    keys |= {f"jobs-remote-{r}" for r in REMOTE_CHOICES}
    keys |= {"jobs-words-ask-in", "jobs-words-ask-out"}
    from bot.services.mentoring import CHECKIN_ANSWERS
    from keyboards.callbacks import ReportAction

    keys |= {f"btn-star-{n}" for n in range(1, 6)} | {f"weekday-{d}" for d in range(1, 8)}
    keys |= {f"btn-checkin-{a}" for a in CHECKIN_ANSWERS}
    keys |= {f"{k}-{a.name}" for a in ReportAction for k in ("btn-report", "report-decided")}
    keys |= {"meeting-reminder-day", "meeting-reminder-hour"}
    from bot.services.events import KINDS

    keys |= {f"ev-kind-{kind}" for kind in KINDS}
    keys |= {f"ev-star-{n}" for n in range(1, 6)}
    keys |= {"privacy-community"}  # a part of privacy-text, referenced there
    for kind in ("name", "city"):  # hints of bot.services.onboarding.check_text
        keys |= {f"{kind}-{h}" for h in ("text-only", "no-links", "too-long", "no-digits",
                                          "too-short", "letters-only")}
    return keys


def test_every_text_is_used_and_every_built_key_exists() -> None:
    root = LOCALES_DIR.parent
    source = "\n".join(p.read_text(encoding="utf-8") for d in ("bot", "handlers", "keyboards")
                       for p in (root / d).rglob("*.py"))
    dynamic = _dynamic_keys()
    assert dynamic <= set(MESSAGES["en"]), dynamic - set(MESSAGES["en"])
    unused = {k for k in MESSAGES["en"] if k not in dynamic and f'"{k}"' not in source}
    assert not unused, f"texts nobody shows: {sorted(unused)}"
