"""Why half-spaces are missed on glued text: each cause on a real-looking paragraph."""

from __future__ import annotations

from collections import Counter

from didban.evaluation.zwnj_misses import format_causes, miss_causes
from didban.lexicon.zwnj_lexicon import zwnj_lexicon

Z = "\u200c"


def test_each_miss_gets_its_cause() -> None:
    lex = zwnj_lexicon()
    original = f"وی افزود:{Z}«کشور{Z}ها و آن{Z}ها با کریستال{Z}پالاس و می{Z}روند»"
    # the output writes only «می‌روند»; the space after the colon is repair's
    output = "وی افزود: «کشورها و آنها با کریستالپالاس و می" + Z + "روند»"
    causes = miss_causes(original, output, lex)
    assert causes == Counter({"spaced": 1, "non-joining": 1, "glued as often": 1, "no candidate": 1}), causes
    assert miss_causes(original, original, lex) == Counter()


def test_format_causes_gives_shares() -> None:
    line = format_causes(Counter({"unseen": 3, "spaced": 1}))
    assert line.startswith("didban's 4 missed half-spaces on glued text: 75% unseen")
    assert format_causes(Counter()) == "didban misses no half-space on glued text"
