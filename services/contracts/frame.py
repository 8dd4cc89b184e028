"""The contract's page frame (fpdf2): fonts, A4 margins, running header, "page X of Y" footer, watermark.

fpdf2's core fonts are Latin-1 only, so the contract uses DejaVu Sans (Debian/Ubuntu package
fonts-dejavu-core): "Friedrichstraße", "€" and "£" print as typed. The output is deterministic: the
creation date comes from the order (or the signing time), never from the clock.
"""

from __future__ import annotations

from pathlib import Path

from fpdf import FPDF

from services.contracts.view import ContractView
from services.domain.errors import DomainError

FONT_DIR = Path("/usr/share/fonts/truetype/dejavu")
FONT_FILES = {"": "DejaVuSans.ttf", "B": "DejaVuSans-Bold.ttf"}
FAMILY = "DejaVu"
TITLE = "Operator Connect order form"

INK = (33, 37, 41)
MUTED = (108, 117, 125)
ACCENT = (22, 62, 110)
RULE = (206, 212, 218)
SHADE = (240, 243, 247)
WATERMARK = (200, 40, 40)


def load_fonts(pdf: FPDF, font_dir: Path) -> None:
    """Adds DejaVu Sans (regular, bold); a missing file is a DomainError that says what to install."""
    for style, file_name in FONT_FILES.items():
        path = font_dir / file_name
        if not path.is_file():
            raise DomainError(
                f"The contract font {path} is missing: install the package fonts-dejavu-core "
                "(apt-get install fonts-dejavu-core) or point the contract renderer at a folder with "
                f"{', '.join(FONT_FILES.values())}.",
                code="contract_font_missing",
            )
        pdf.add_font(FAMILY, style, str(path))


class ContractPdf(FPDF):
    """A4 pages with a running header, "page X of Y" footer and, for drafts, a DRAFT watermark."""

    def __init__(self, view: ContractView, font_dir: Path = FONT_DIR) -> None:
        super().__init__(orientation="P", unit="mm", format="A4")
        self.view = view
        load_fonts(self, font_dir)
        self.set_margins(left=18, top=22, right=18)
        self.set_auto_page_break(auto=True, margin=18)
        self.alias_nb_pages()
        self.set_font(FAMILY, size=9)
        self.set_text_color(*INK)

    @property
    def body_width(self) -> float:
        return self.w - self.l_margin - self.r_margin

    def header(self) -> None:
        with self.local_context(font_family=FAMILY, font_size=7.5, text_color=MUTED):
            self.set_xy(self.l_margin, 10)
            self.set_font(FAMILY, "B", 7.5)
            self.cell(self.body_width / 2, 4, self.view.operator)
            self.set_font(FAMILY, "", 7.5)
            self.cell(self.body_width / 2, 4, f"{TITLE}  ·  {self.view.company}", align="R")
        with self.local_context(draw_color=RULE, line_width=0.2):
            self.line(self.l_margin, 15.5, self.w - self.r_margin, 15.5)
        self.set_y(self.t_margin)

    def footer(self) -> None:
        with self.local_context(draw_color=RULE, line_width=0.2):
            self.line(self.l_margin, self.h - 13, self.w - self.r_margin, self.h - 13)
        with self.local_context(font_family=FAMILY, font_size=7.5, text_color=MUTED):
            self.set_xy(self.l_margin, self.h - 12)
            self.set_font(FAMILY, "", 7.5)
            self.cell(self.body_width * 0.7, 4, self._footer_note())
            self.cell(self.body_width * 0.3, 4, f"Page {self.page_no()} of {{nb}}", align="R")
        if self.view.is_draft:
            self._watermark()

    def _footer_note(self) -> str:
        if self.view.is_draft:
            return f"Order {self.view.order_id}  ·  Draft for review, not signed"
        if self.view.signature.for_signature:
            return f"Order {self.view.order_id}  ·  For signature by {self.view.signature.name}"
        return f"Order {self.view.order_id}  ·  Signed {self.view.signature.signed_at_iso}"

    def _watermark(self) -> None:
        """A large diagonal DRAFT across the page, drawn last and translucent so it never hides text."""
        with self.local_context(fill_opacity=0.12, text_color=WATERMARK):
            self.set_font(FAMILY, "B", 110)
            width = self.get_string_width("DRAFT")
            centre_x, centre_y = self.w / 2, self.h / 2
            with self.rotation(angle=55, x=centre_x, y=centre_y):
                self.text(centre_x - width / 2, centre_y + 13, "DRAFT")
