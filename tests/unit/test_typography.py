"""Display typography: ASCII marks inside Chinese text become full-width; numbers stay as printed."""
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from generator.text.typography import CJK_CHARS, FULL_WIDTH, count_typeset, typeset


@pytest.mark.parametrize("raw, shown", [
    # real seed lines
    ("4月23日下午,全市一季度工业运行分析会议召开", "4月23日下午，全市一季度工业运行分析会议召开"),
    ("本报讯(记者 时苏建)4月23日下午", "本报讯（记者 时苏建）4月23日下午"),
    ("威武:规范“属地管理”推动基层社会治理效能", "威武：规范“属地管理”推动基层社会治理效能"),
    ("其主题是:“珍爱地球,人与自然和谐共生”;4月23日", "其主题是：“珍爱地球，人与自然和谐共生”；4月23日"),
    ("太感谢啦!”4月20日", "太感谢啦！”4月20日"),
    ("“你们知道自来水是怎样走进大家家里的吗?”为营造", "“你们知道自来水是怎样走进大家家里的吗？”为营造"),
    # kept as printed
    ("种子繁育基地1.6万亩", "种子繁育基地1.6万亩"),
    ("按照每个网格20-30户的原则", "按照每个网格20-30户的原则"),
    ("有序开展5G新基建建设", "有序开展5G新基建建设"),
    ("合格率93.02%", "合格率93.02%"),
    ("会议于10:30开始", "会议于10:30开始"),
    ("see (A, B): ok", "see (A, B): ok"),
    # a pair of brackets changes together (one side touching Chinese is enough)
    ("javascript:alert(1) 链接", "javascript:alert（1） 链接"),
    ("菏泽(Heze)", "菏泽（Heze）"),
])
def test_typeset(raw, shown):
    assert typeset(raw) == shown


def test_count_typeset_counts_changed_marks():
    assert count_typeset("本报讯(记者 时苏建)4月23日下午,全市") == 3
    assert count_typeset("1.6万亩") == 0


def test_typeset_keeps_length_and_non_punctuation():
    raw = "郭保存指出,当前我区已经进入主汛期(7月);要严格按照!"
    assert len(typeset(raw)) == len(raw)
    assert [c for c in typeset(raw) if c not in "，；（）！"] == [c for c in raw if c not in ",;()!"]


def _reference_typeset(text: str) -> str:
    """Return ``text`` typeset by the plain definition: look at each mark's nearest non-space neighbours."""
    def neighbour(index: int, step: int) -> str:
        index += step
        while 0 <= index < len(text) and text[index] == " ":
            index += step
        return text[index] if 0 <= index < len(text) else ""

    chars = list(text)
    for index, char in enumerate(text):
        if char in ",:;()!?" and any(neighbour(index, step) in CJK_CHARS for step in (-1, 1)):
            chars[index] = FULL_WIDTH[char]
    opened = []
    for index, char in enumerate(text):
        if char == "(":
            opened.append(index)
        elif char == ")" and opened:
            start = opened.pop()
            if (chars[start] == "（") != (chars[index] == "）"):
                chars[start], chars[index] = "（", "）"
    return "".join(chars)


@settings(max_examples=2000)
@given(st.text(alphabet=list(",:;()!? 中文a1\u3000“”.\n\t（"), max_size=16))
def test_typeset_agrees_with_the_plain_definition(text):
    assert typeset(text) == _reference_typeset(text)
    assert count_typeset(text) == sum(a != b for a, b in zip(text, _reference_typeset(text)))
