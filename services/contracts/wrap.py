"""Word wrapping with fpdf2 string widths, and writing the wrapped lines as plain text runs.

fpdf2's `multi_cell` measures the text again for every character it adds to a line, and `cell` does
much more than place text; together they were most of the time of a contract. Measuring each word once
(and remembering it) and placing each line with `text` keeps a 500-number contract fast, with the same
look (left-, right- or centre-aligned lines).
"""

from __future__ import annotations

from collections.abc import Iterator

from fpdf import FPDF

MAX_CACHED_WIDTHS = 50_000
_widths: dict[tuple[str, str, float, str], float] = {}


def width_of(pdf: FPDF, text: str) -> float:
    """`pdf.get_string_width(text)`, remembered per font file, style and size (the terms and most labels
    are the same in every contract). Safe across threads: a race only measures a word twice."""
    key = (str(getattr(pdf.current_font, "ttffile", pdf.font_family)), pdf.font_style, pdf.font_size_pt, text)
    found = _widths.get(key)
    if found is None:
        if len(_widths) >= MAX_CACHED_WIDTHS:
            _widths.clear()
        found = _widths[key] = pdf.get_string_width(text)
    return found


def wrap(pdf: FPDF, text: str, width: float) -> list[str]:
    """`text` as lines no wider than `width` mm in the current font; newlines start a new line, and a word
    wider than a whole line is cut between characters."""
    lines: list[str] = []
    space = width_of(pdf, " ")
    for paragraph in text.split("\n"):
        line: list[str] = []
        used = 0.0
        for word in paragraph.split():
            for piece in _pieces(pdf, word, width):
                wide = width_of(pdf, piece)
                if line and used + space + wide > width:
                    lines.append(" ".join(line))
                    line, used = [], 0.0
                used += wide + (space if line else 0.0)
                line.append(piece)
        lines.append(" ".join(line))
    return lines


def _pieces(pdf: FPDF, word: str, width: float) -> Iterator[str]:
    """The word, or parts of it that each fit in `width`."""
    if width_of(pdf, word) <= width:
        yield word
        return
    piece = ""
    for char in word:
        if piece and width_of(pdf, piece + char) > width:
            yield piece
            piece = ""
        piece += char
    if piece:
        yield piece


def write_lines(pdf: FPDF, lines: list[str], width: float, height: float, *, x: float | None = None,
                align: str = "L") -> None:
    """Each line in a box `width` x `height` mm at `x` (the left margin by default), like `cell` (text
    inset by the cell margin, vertically centred), moving down; pages break as needed."""
    left = pdf.l_margin if x is None else x
    for line in lines:
        if pdf.will_page_break(height):
            pdf.add_page()
        top = pdf.get_y()
        if line:
            pdf.text(_start(pdf, line, left, width, align), top + height / 2 + 0.3 * pdf.font_size, line)
        pdf.set_xy(left, top + height)


def _start(pdf: FPDF, line: str, left: float, width: float, align: str) -> float:
    if align == "R":
        return left + width - pdf.c_margin - width_of(pdf, line)
    if align == "C":
        return left + (width - width_of(pdf, line)) / 2
    return left + pdf.c_margin


def write(pdf: FPDF, text: str, width: float, height: float, *, x: float | None = None,
          align: str = "L") -> int:
    """Wraps `text` to `width` (less the cell margins) and writes it; returns the number of lines."""
    lines = wrap(pdf, text, width - 2 * pdf.c_margin)
    write_lines(pdf, lines, width, height, x=x, align=align)
    return len(lines)
