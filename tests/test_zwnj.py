"""Half-space (ZWNJ) restoration: verbal prefixes, suffixes, compounds, and what must stay apart."""

from __future__ import annotations

import pytest

from didban.lexicon.zwnj_lexicon import zwnj_lexicon
from didban.text import repair
from didban.text.zwnj import Restorer
from didban.text.zwnj_model import gap_model, parse_model, text_style

Z = "\u200c"

CASES = [
    ("میدهد", f"می{Z}دهد"),  # glued verbal prefix
    ("می دهد", f"می{Z}دهد"),  # spaced verbal prefix
    ("نمیپردازم", f"نمی{Z}پردازم"),  # negative prefix
    ("درگیریهای نظامی", f"درگیری{Z}های نظامی"),  # plural after a stem ending in ی
    ("زمینهها", f"زمینه{Z}ها"),  # plural after silent he
    ("توافقاتنامههای", f"توافقاتنامه{Z}های"),  # unknown stem ending in ه still takes the plural apart
    ("تلاشهای بی سابقه", f"تلاش{Z}های بی{Z}سابقه"),  # plural after a consonant; بی + word
    ("شده اند", f"شده{Z}اند"),  # perfect auxiliary written apart
    ("پایه ای محکم", f"پایه{Z}ای محکم"),  # ای after silent he
    ("کشور ها", "کشورها"),  # after a non-joining letter the suffix is glued, never a ZWNJ
    ("بندر ها", "بندرها"),  # hazm's «بندر‌ها» bug
    ("جامعه مشترک المنافع", "جامعه مشترک المنافع"),  # parsivar's «المنافع‌» bug: separate words stay
    ("تهیه شده در نشست", "تهیه شده در نشست"),  # «شده در» never joins
    ("بیشتر همچنین میز میان میلیون مینا", "بیشتر همچنین میز میان میلیون مینا"),  # real words not split
    ("میدان بیمار بیان", "میدان بیمار بیان"),  # words that merely start with می / بی
    ("قره باغ", f"قره{Z}باغ"),  # compound from the lexicon
    ("فعالیتهای اقتصادی", f"فعالیت{Z}های اقتصادی"),  # plural from morphology
    ("کرده‌اند", f"کرده{Z}اند"),  # an existing ZWNJ is kept
]


@pytest.mark.parametrize(("raw", "expected"), CASES)
def test_zwnj(raw: str, expected: str) -> None:
    assert repair(raw)[0] == expected


@pytest.mark.parametrize(
    "raw",
    [
        "کشورها و دادها و دیوارها",  # glued after non-joining letters
        "ولادیمیر پوتین در آذربایجان و ارمنستان",  # names and places
    ],
)
def test_never_after_non_joining(raw: str) -> None:
    text = repair(raw)[0]
    assert all(text[i - 1] not in "اآأإدذرزژوؤء" for i, c in enumerate(text) if c == Z)


@pytest.mark.parametrize(
    "raw",
    [
        "اما می بینید که تیم آماده است",  # «اما» + «می…» must not become the surname «امامی»
        "ما هر روز تمرین می کنیم",  # «ما هر» is not «ماهر»
        "او روز به روز بهتر شد",  # «روز به» is not the name «روزبه»
        "و زیر باران بازی کردند",  # «و زیر» is not «وزیر»
        "امیر قلعه نویی سرمربی است",  # a first name is not glued to the surname
        "آنها را در بندر انزلی قرار داد",  # «بندر انزلی» and the verb «قرار داد» stay apart
    ],
)
def test_separate_words_are_never_glued(raw: str) -> None:
    words = [w.replace(Z, "") for w in raw.split()]
    assert [w.replace(Z, "") for w in repair(raw)[0].replace(Z, " ").split()] == words


def test_plural_after_a_non_joining_letter_is_glued_without_zwnj() -> None:
    assert repair("کشور ها و دیوار های شهر")[0] == "کشورها و دیوارهای شهر"


def test_rules_alone_without_a_model() -> None:
    fixer = Restorer(zwnj_lexicon())  # no model: the rules decide, as before the model shipped
    assert fixer.phrase("تلاشهای بی سابقه شده اند") == f"تلاش{Z}های بی{Z}سابقه شده{Z}اند"


def test_model_file_parses() -> None:
    model = parse_model("# header\n#threshold glued\t0.5\n#threshold pair\t-1\ng\t0.25\ngp1:ه\t-2\n")
    assert (model.glued_threshold, model.pair_threshold) == (0.5, -1.0)
    assert model.score(["g", "gp1:ه", "unseen"]) == -1.75


def test_shipped_model_loads() -> None:
    model = gap_model()
    assert model is not None
    assert len(model.weights) > 1000


def test_text_style() -> None:
    verbs = frozenset({"شود"})
    assert text_style("کتاب ها را می خواند", verbs) == "g0s2z0"  # spaced affixes
    assert text_style("کتابها را میشود", verbs) == "g1s0z0"  # a glued verbal prefix
    assert text_style(f"کتاب{Z}ها", verbs) == "g0s0z1"  # the text already uses half-spaces


STYLE_TEXTS = [
    "کتاب ها را می خواند",
    "کتابها را میشود و نمیشود",
    f"کتاب{Z}ها و می{Z}شود",
    "۲۰ ها، x ها و «ترین» هایی",  # a lone suffix after a space but outside a run of words
    f"می {Z}شود، نمی شود، می",  # «می» before a ZWNJ, before a word, at the end
    "نمیخواند نمی",  # a glued «نمی» with a verb, and alone
]


@pytest.mark.parametrize("text", STYLE_TEXTS)
def test_style_from_tokens(text: str) -> None:
    # the model's edits with the style taken from the tokens equal those with text_style's regexes
    fixer = Restorer(zwnj_lexicon(), gap_model())
    assert fixer.text_edits(text) == fixer.text_edits(text, text_style(text, fixer.lex.verbs))


def test_followers_match_the_joined_words() -> None:
    # ``b in _rights(a)`` exactly when the letters of «a b» written as one word are joinable
    fixer = Restorer(zwnj_lexicon(), gap_model())
    joinable = fixer._joinable()
    words = ["می", "شود", "کتاب", "ها", "قره", "باغ", "اینکه", "این", "که", "و", "ب", "", "زیر", "\x00"]
    for a in words:
        for b in words:
            assert (b in fixer._rights(a)) == (a + b in joinable), (a, b)


@pytest.mark.parametrize(
    "text",
    ["", "می دهد، کتاب ها", f"کتاب {Z}ها و{Z} {Z}", "a می b", "می ", " می", "می  دهد و  ها", "۲۰ ها"],
)
def test_single_spaced_runs_equal_phrase(text: str) -> None:
    # the fast run pattern finds PHRASE's runs in every text without two spaces in a row
    from didban.text.zwnj import _PHRASE_SINGLE_SPACED, PHRASE

    pattern = PHRASE if "  " in text else _PHRASE_SINGLE_SPACED
    assert [m.span() for m in pattern.finditer(text)] == [m.span() for m in PHRASE.finditer(text)]
    single = text.replace("  ", " ")
    assert [m.span() for m in _PHRASE_SINGLE_SPACED.finditer(single)] == [
        m.span() for m in PHRASE.finditer(single)
    ]
