"""One email body, written once as blocks and rendered twice: plain text and simple HTML.

The HTML uses inline styles only (mail clients drop `<style>` and external sheets) and escapes every
value, so a company called `<b>Acme</b>` reads as typed and never becomes markup.
"""

from __future__ import annotations

import html
from collections.abc import Sequence
from dataclasses import dataclass
from urllib.parse import urlsplit

FONT = "font-family:'Segoe UI',Helvetica,Arial,sans-serif;"
INK, MUTED, ACCENT = "#1f2328", "#5f6368", "#4b53bc"


@dataclass(frozen=True)
class Para:
    text: str
    strong: bool = False


@dataclass(frozen=True)
class Facts:
    rows: Sequence[tuple[str, str]]


@dataclass(frozen=True)
class Bullets:
    items: Sequence[str]


@dataclass(frozen=True)
class Button:
    label: str
    url: str

    def __post_init__(self) -> None:
        if urlsplit(self.url).scheme not in {"http", "https"}:
            raise ValueError("An email link must be an http or https address.")


Block = Para | Facts | Bullets | Button


@dataclass(frozen=True)
class Body:
    title: str
    blocks: Sequence[Block]
    footer: str

    def text(self) -> str:
        parts = [self.title, *(_text(block) for block in self.blocks), f"-- \n{self.footer}"]
        return "\n\n".join(part for part in parts if part) + "\n"

    def html(self) -> str:
        inner = "".join(_html(block) for block in self.blocks)
        heading = f"font-size:20px;line-height:1.3;margin:0 0 16px;color:{INK};"
        title = f'<h1 style="{heading}">{_e(self.title)}</h1>'
        footer = f'<p style="margin:24px 0 0;font-size:12px;color:{MUTED};">{_e(self.footer)}</p>'
        return (
            '<!DOCTYPE html><html lang="en"><head><meta charset="utf-8">'
            f"<title>{_e(self.title)}</title></head>"
            f'<body style="margin:0;padding:24px 12px;background:#f3f4f6;{FONT}">'
            '<div style="max-width:600px;margin:0 auto;padding:24px;background:#ffffff;'
            f'border-radius:6px;color:{INK};font-size:15px;line-height:1.5;">'
            f"{title}{inner}{footer}</div></body></html>"
        )


def _e(value: str) -> str:
    return html.escape(value, quote=True)


def _text(block: Block) -> str:
    match block:
        case Para(text=text):
            return text
        case Facts(rows=rows):
            return "\n".join(f"{label}: {value}" for label, value in rows)
        case Bullets(items=items):
            return "\n".join(f"- {item}" for item in items)
        case Button(label=label, url=url):
            return f"{label}:\n{url}"
    raise TypeError(f"not a mail block: {block!r}")


def _html(block: Block) -> str:
    match block:
        case Para(text=text, strong=strong):
            weight = "font-weight:600;" if strong else ""
            return f'<p style="margin:0 0 14px;{weight}">{_e(text)}</p>'
        case Facts(rows=rows):
            cells = "".join(
                f'<tr><th style="text-align:left;vertical-align:top;padding:4px 16px 4px 0;'
                f'color:{MUTED};font-weight:normal;white-space:nowrap;">{_e(label)}</th>'
                f'<td style="padding:4px 0;">{_e(value)}</td></tr>' for label, value in rows)
            table = "border-collapse:collapse;margin:0 0 14px;"
            return f'<table role="presentation" style="{table}">{cells}</table>'
        case Bullets(items=items):
            entries = "".join(f'<li style="margin:0 0 6px;">{_e(item)}</li>' for item in items)
            return f'<ul style="margin:0 0 14px;padding-left:20px;">{entries}</ul>'
        case Button(label=label, url=url):
            return (
                f'<p style="margin:8px 0 20px;"><a href="{_e(url)}" style="display:inline-block;'
                f'background:{ACCENT};color:#ffffff;text-decoration:none;font-weight:600;'
                f'padding:10px 20px;border-radius:4px;">{_e(label)}</a></p>'
                f'<p style="margin:0 0 14px;font-size:12px;color:{MUTED};">If the button does not work, '
                'copy this address into your browser: '
                f'<span style="word-break:break-all;">{_e(url)}</span></p>'
            )
    raise TypeError(f"not a mail block: {block!r}")


def recipients(to: str | Sequence[str]) -> list[str]:
    return [to] if isinstance(to, str) else list(to)
