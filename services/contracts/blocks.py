"""Drawing blocks for the contract: section titles, label/value fields, tables with wrapping cells and a
repeated header, the compact grid of numbers, and plain-text paragraphs."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from fpdf.enums import XPos, YPos

from services.contracts.frame import ACCENT, FAMILY, INK, MUTED, RULE, SHADE, ContractPdf
from services.contracts.wrap import wrap, write, write_lines

LINE = 4.6  # mm per line of 9 pt body text
HEADER_HEIGHT = 6
NEXT = {"new_x": XPos.LMARGIN, "new_y": YPos.NEXT}


def ensure_space(pdf: ContractPdf, height: float) -> None:
    """Starts a new page unless `height` mm still fit, so a title never ends a page alone."""
    if pdf.will_page_break(height):
        pdf.add_page()


def body(pdf: ContractPdf, size: float = 9, style: str = "", color: tuple[int, int, int] = INK) -> None:
    pdf.set_font(FAMILY, style, size)
    pdf.set_text_color(*color)


def section(pdf: ContractPdf, title: str, *, room: float = 30) -> None:
    ensure_space(pdf, room)
    pdf.ln(5)
    body(pdf, 12.5, "B", ACCENT)
    pdf.cell(0, 7, title, **NEXT)
    with pdf.local_context(draw_color=ACCENT, line_width=0.4):
        pdf.line(pdf.l_margin, pdf.get_y(), pdf.w - pdf.r_margin, pdf.get_y())
    pdf.ln(2.5)
    body(pdf)


def subsection(pdf: ContractPdf, title: str, aside: str = "", *, room: float = 22) -> None:
    ensure_space(pdf, room)
    pdf.ln(2)
    body(pdf, 10, "B")
    pdf.cell(pdf.get_string_width(title) + 3, 6, title)
    body(pdf, 8, "", MUTED)
    pdf.cell(0, 6, aside, **NEXT)
    body(pdf)


def fields(pdf: ContractPdf, pairs: Sequence[tuple[str, str]], *, x: float | None = None,
           width: float | None = None, label_width: float = 38) -> float:
    """Label/value rows (values wrap) in a column at `x`; returns the y below the last row."""
    x = pdf.l_margin if x is None else x
    width = pdf.body_width if width is None else width
    for label, value in pairs:
        ensure_space(pdf, LINE + 1)
        pdf.set_x(x)
        body(pdf, 8, "", MUTED)
        pdf.cell(label_width, LINE + 0.6, label)
        _fit(pdf, value, width - label_width)
        write(pdf, value, width - label_width, LINE + 0.6, x=x + label_width)
    body(pdf)
    return pdf.get_y()


def _fit(pdf: ContractPdf, value: str, width: float) -> None:
    """Body text, smaller (down to 6.5 pt) for one long word such as an id, so it stays on one line."""
    body(pdf)
    if value and not any(char.isspace() for char in value):
        room = width - 2 * pdf.c_margin - 0.5
        wanted = pdf.get_string_width(value)
        if wanted > room:
            body(pdf, max(6.5, 9 * room / wanted))


def note(pdf: ContractPdf, text: str) -> None:
    body(pdf, 8, "", MUTED)
    write(pdf, text, pdf.body_width, 4)
    body(pdf)


@dataclass(frozen=True)
class Column:
    title: str
    width: float  # mm
    align: str = "L"


def table(pdf: ContractPdf, columns: Sequence[Column], rows: Sequence[Sequence[str]], *,
          bold_rows: frozenset[int] = frozenset()) -> None:
    """A table whose cells wrap; the header repeats on every page the table runs onto."""
    _table_header(pdf, columns)
    for index, row in enumerate(rows):
        bold = index in bold_rows
        height = _row_height(pdf, columns, row, bold)
        if pdf.will_page_break(height):
            pdf.add_page()
            _table_header(pdf, columns)
            body(pdf, 8.5, "B" if bold else "")
        _table_row(pdf, columns, row, height, bold)


def table_height(pdf: ContractPdf, columns: Sequence[Column], rows: Sequence[Sequence[str]]) -> float:
    """The height of the whole table in mm, to keep a short table (and its title) on one page."""
    return HEADER_HEIGHT + sum(_row_height(pdf, columns, row, False) for row in rows)


def _row_height(pdf: ContractPdf, columns: Sequence[Column], row: Sequence[str], bold: bool) -> float:
    body(pdf, 8.5, "B" if bold else "")
    lines = [len(_lines(pdf, text, column)) for text, column in zip(row, columns, strict=True)]
    return max(lines) * 4.2 + 1.8


def _lines(pdf: ContractPdf, text: str, column: Column) -> list[str]:
    return wrap(pdf, text, column.width - 2 - 2 * pdf.c_margin)


def _table_header(pdf: ContractPdf, columns: Sequence[Column]) -> None:
    body(pdf, 7.5, "B", MUTED)
    with pdf.local_context(fill_color=SHADE):
        pdf.rect(pdf.l_margin, pdf.get_y(), sum(c.width for c in columns), HEADER_HEIGHT, style="F")
    for column in columns:
        title = f" {column.title} " if column.align == "L" else f"{column.title} "
        pdf.cell(column.width, HEADER_HEIGHT, title, align=column.align)
    pdf.ln(HEADER_HEIGHT)


def _table_row(pdf: ContractPdf, columns: Sequence[Column], row: Sequence[str], height: float,
               bold: bool) -> None:
    top, x = pdf.get_y(), pdf.l_margin
    with pdf.local_context(draw_color=INK if bold else RULE, line_width=0.3 if bold else 0.15):
        line_y = top if bold else top + height
        pdf.line(pdf.l_margin, line_y, pdf.l_margin + sum(c.width for c in columns), line_y)
    for text, column in zip(row, columns, strict=True):
        pdf.set_y(top + 0.9)
        write_lines(pdf, _lines(pdf, text, column), column.width - 2, 4.2, x=x + 1, align=column.align)
        x += column.width
    pdf.set_xy(pdf.l_margin, top + height)


def number_grid(pdf: ContractPdf, numbers: Sequence[str], *, columns: int = 6) -> None:
    """Every number, `columns` to a row, read left to right; fast enough for 500 numbers."""
    body(pdf, 7.8)
    width, height = pdf.body_width / columns, 4.1
    for start in range(0, len(numbers), columns):
        if pdf.will_page_break(height):
            pdf.add_page()
            body(pdf, 7.8)
        baseline = pdf.get_y() + height * 0.72
        for index, number in enumerate(numbers[start:start + columns]):
            pdf.text(pdf.l_margin + pdf.c_margin + index * width, baseline, number)
        pdf.set_xy(pdf.l_margin, pdf.get_y() + height)
    body(pdf)


def paragraphs(pdf: ContractPdf, text: str) -> None:
    """Plain text with light Markdown: '#'/'##' headings, '- ' bullets, '> ' notes, blank-line paragraphs."""
    for block in (part.strip() for part in text.replace("\r\n", "\n").split("\n\n")):
        if not block:
            continue
        if block.startswith("#"):
            ensure_space(pdf, 16)
            pdf.ln(1.5)
            body(pdf, 9.5, "B")
            write(pdf, block.lstrip("#").strip(), pdf.body_width, 5)
        elif block.startswith(">"):
            note(pdf, " ".join(line.lstrip("> ").strip() for line in block.splitlines()))
        else:
            _prose(pdf, block)
        pdf.ln(1.2)
    body(pdf)


def _prose(pdf: ContractPdf, block: str) -> None:
    body(pdf, 8.5)
    items = re.split(r"\n(?=- )", block) if block.startswith("- ") else [block]
    for item in (" ".join(part.split()) for part in items):
        if item.startswith("- "):
            write(pdf, f"•  {item[2:]}", pdf.body_width - 3, 4.2, x=pdf.l_margin + 3)
        else:
            write(pdf, item, pdf.body_width, 4.2)
