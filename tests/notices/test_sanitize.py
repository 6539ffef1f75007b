"""Rich text keeps a small whitelist of tags and loses every script, handler and odd link."""

from __future__ import annotations

import pytest

from wengang.notices.sanitize import clean_html, plain_text


def test_the_whitelist_survives():
    text = '<h3>返岗须知</h3><p>请<strong>分批</strong>返京：</p><ul><li>居家观察14天</li></ul><a href="https://www.bjchy.gov.cn/">朝阳区政府</a>'
    assert clean_html(text) == (
        '<h3>返岗须知</h3><p>请<strong>分批</strong>返京：</p><ul><li>居家观察14天</li></ul>'
        '<a href="https://www.bjchy.gov.cn/" rel="noopener noreferrer">朝阳区政府</a>'
    )


@pytest.mark.parametrize(
    ("hostile", "expected"),
    [
        ("<script>alert(1)</script><p>安全</p>", "<p>安全</p>"),
        ('<p onclick="alert(1)" style="color:red">字</p>', "<p>字</p>"),
        ('<a href="javascript:alert(1)">点</a>', "<a>点</a>"),
        ('<a href=" jav&#x09;ascript:alert(1)">点</a>', "<a>点</a>"),
        ('<img src=x onerror=alert(1)>图', "图"),
        ("<svg><script>alert(1)</script></svg>后", "后"),
        ("<iframe src='https://evil.example'></iframe>", ""),
        ("<p>未闭合<strong>加粗", "<p>未闭合<strong>加粗</strong></p>"),
        ("1 < 2 & 3 > 2", "1 &lt; 2 &amp; 3 &gt; 2"),
        ("<!-- 注释 --><p>文</p>", "<p>文</p>"),
        ("a\x00b", "ab"),
        ("</p></ul>多余的结束标记", "多余的结束标记"),
        ('<a href="https://x.cn/" title="t">链接</a>', '<a href="https://x.cn/" rel="noopener noreferrer">链接</a>'),
        ('<a href="https://x.cn/&quot;onmouseover=alert(1)">x</a>', "<a>x</a>"),
    ],
)
def test_hostile_markup_is_removed(hostile, expected):
    assert clean_html(hostile) == expected


def test_plain_text_of_markup_only_is_empty():
    assert plain_text(clean_html("<script>x</script><p> </p>")) == ""
