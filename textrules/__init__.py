"""Text that every page, feed, sitemap and database can carry.

A small package beside the apps, not inside the project package: both apps store text, neither may
import the project, and clusters never imports news.
"""

import html
import re

# Word's manual line break (vertical tab) and a page break (form feed) mean a new line.
LINE_BREAK = re.compile("[\x0b\x0c]")
# Single-line fields get a space for every line break: a text input drops them, joining the words.
ANY_LINE_BREAK = re.compile("\r\n|[\r\n\x0b\x0c]")
SURROGATE_PAIR = re.compile("[\ud800-\udbff][\udc00-\udfff]")
# C1 controls in pasted text are Windows-1252 punctuation read as Latin-1 (U+0096 for «–»).
C1_CONTROL = re.compile("[\x80-\x9f]")
# What XML 1.0 forbids or Unicode reserves: the other C0 controls, DEL, unpaired surrogates and the
# noncharacters (U+FDD0 to U+FDEF and the last two code points of every plane).
FORBIDDEN = re.compile(
    "[\x00-\x08\x0e-\x1f\x7f\ud800-\udfff\ufdd0-\ufdef"
    + "".join(chr(plane << 16 | last) for plane in range(17) for last in (0xFFFE, 0xFFFF))
    + "]"
)
# Any character one of the rules above changes, multi-line or not: most texts have none, and are
# returned after one scan.
CHANGED = re.compile("[\r\n\x0b\x0c\x80-\x9f" + FORBIDDEN.pattern[1:-1] + "]")


def clean(value, *, multiline=True):
    """`value` without control characters, noncharacters or unpaired surrogates; not a string: as is."""
    if not isinstance(value, str) or not CHANGED.search(value):
        return value
    value = SURROGATE_PAIR.sub(lambda pair: pair[0].encode("utf-16", "surrogatepass").decode("utf-16"), value)
    value = C1_CONTROL.sub(lambda c: bytes([ord(c[0])]).decode("cp1252", "ignore"), value)
    if multiline:
        value = LINE_BREAK.sub("\n", value)
    else:
        value = ANY_LINE_BREAK.sub(" ", value)
    return FORBIDDEN.sub("", value)


def escape(value):
    """`value` as text for HTML, quotes included: the standard library's escape, which Django's
    wraps, for markup written in Python (cards, filter fields)."""
    return html.escape(str(value))
