"""Display width: the bulk column measure agrees with wcwidth on every string."""

from __future__ import annotations

import wcwidth
from hypothesis import given, settings
from hypothesis import strategies as st

from pgcli_like.formatting.width import column_widths, text_width

# Characters that exercise every branch: ASCII, accents, CJK, Hangul syllables and jamo,
# combining marks, emoji with modifiers, joiners and variation selectors, flags.
TRICKY = (
    "aZ~ éñüß ΩЖ 日本語テキスト ＡＢ 한국어 \u1100\u1161\u11a8 e\u0301 \u0915\u093f "
    "👍🏽 👨\u200d👩\u200d👧 ❤\ufe0f ☺\ufe0e 🇫🇷 © ™ ⏰ \U00020000 \u200b"
)


def exact(text: str) -> int:
    return max(wcwidth.width(text), 0)


@settings(max_examples=500, deadline=None)
@given(st.lists(st.text(alphabet=TRICKY, max_size=12), min_size=1, max_size=20))
def test_column_widths_equal_wcwidth(texts):
    widths = column_widths(texts)
    expected = [exact(t) for t in texts]
    assert (widths if widths is not None else [len(t) for t in texts]) == expected


def test_every_printable_character_alone_measures_as_wcwidth_says():
    wrong = [hex(cp) for cp in range(0xA0, 0x30000)
             if not 0xD800 <= cp <= 0xDFFF and chr(cp).isprintable() and text_width(chr(cp)) != exact(chr(cp))]
    assert wrong == []


def test_narrow_non_ascii_columns_need_no_widths():
    assert column_widths(["Grüße", "café", "Ωmega"]) is None
    assert column_widths(["日本", "ab"]) == [4, 2]
