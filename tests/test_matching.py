import re

from hypothesis import given
from hypothesis import strategies as st

from zhibiao.matching import contains_any, covered, ends_with_any, inside, occurrences, reading_text, starts_with_any

ALPHABET = "项目工程建设开"
words = st.lists(st.text(ALPHABET, min_size=1, max_size=4), min_size=1, max_size=6)


def first_listed_ending(text, position, listed, start=0):
    return next((word for word in listed if position - start >= len(word) and text.endswith(word, start, position)),
                None)


@given(st.text(ALPHABET, max_size=12), words, st.integers(0, 12), st.integers(0, 12))
def test_ends_with_any_finds_the_first_listed_word_in_any_order(text, listed, position, start):
    position = min(position, len(text))
    for order in (tuple(listed), tuple(sorted(listed, key=len, reverse=True))):
        assert ends_with_any(text, position, order, start) == first_listed_ending(text, position, order, start)


@given(st.text(ALPHABET, max_size=16), st.text(ALPHABET, min_size=1, max_size=3))
def test_occurrences_are_those_of_a_regular_expression(text, word):
    assert list(occurrences(text, word)) == [m.start() for m in re.finditer(re.escape(word), text)]


def test_starts_and_contains_follow_the_list():
    listed = ("开工建设", "开工")
    assert starts_with_any("开工建设项目", 0, listed) == "开工建设"
    assert starts_with_any("开工建设项目", 0, listed, end=3) == "开工"
    assert contains_any("推进项目开工", 0, 6, listed) and not contains_any("推进项目开工", 0, 4, listed)


def test_inside_is_covered_past_each_first_character():
    text = "创建和美乡村示范村"
    assert covered(text, 0, len(text), ("和美乡村",)) == {2, 3, 4, 5}
    assert inside(text, 0, len(text), ("和美乡村",)) == {3, 4, 5}
    assert inside(text, 4, len(text), ("和美乡村",)) == {4, 5}  # an occurrence running into the range counts


def test_reading_text_pairs_ascii_quotes_in_turn_and_keeps_the_length():
    text = '"一"和"二"，６．５％，"'
    read = reading_text(text)
    assert read == "“一”和“二”,6.5%,“" and len(read) == len(text)
