"""Find the line of a key in a TOML text, so a broken data file can be reported precisely."""

from __future__ import annotations

import re
from collections.abc import Sequence

_HEADER = re.compile(r"^\s*(\[\[?)\s*([^\[\]]+?)\s*\]\]?\s*(#.*)?$")
_PART = r"(?:[A-Za-z0-9_-]+|\"[^\"]*\"|'[^']*')"
_KEY = re.compile(rf"^\s*({_PART}(?:\s*\.\s*{_PART})*)\s*=")

Path = tuple[str | int, ...]


def _split(dotted: str) -> Path:
    parts = re.findall(r"\"[^\"]*\"|'[^']*'|[^.\s]+", dotted)
    return tuple(part.strip("\"'") for part in parts)


def _resolve(parts: Path, arrays: dict[Path, int]) -> Path:
    """Insert the current index after every prefix that names an array of tables."""
    resolved: Path = ()
    for part in parts:
        resolved = (*resolved, part)
        if resolved in arrays:
            resolved = (*resolved, arrays[resolved])
    return resolved


def key_lines(text: str) -> dict[Path, int]:
    """Map each table and key path (array-of-table indices included) to its 1-based line."""
    lines: dict[Path, int] = {}
    arrays: dict[Path, int] = {}
    current: Path = ()
    for number, line in enumerate(text.splitlines(), start=1):
        header = _HEADER.match(line)
        if header:
            parts = _split(header.group(2))
            current = (*_resolve(parts[:-1], arrays), parts[-1])
            if header.group(1) == "[[":
                arrays[current] = arrays.get(current, -1) + 1
                current = (*current, arrays[current])
            lines.setdefault(current, number)
            continue
        key = _KEY.match(line)
        if key:
            lines.setdefault((*current, *_split(key.group(1))), number)
    return lines


def line_of(text: str, path: Sequence[str | int]) -> int | None:
    """The line of `path`, or of its nearest enclosing key or table that appears in the text."""
    lines = key_lines(text)
    candidate = tuple(path)
    while candidate:
        if candidate in lines:
            return lines[candidate]
        candidate = candidate[:-1]
    return None


def dotted(path: Sequence[str | int]) -> str:
    """`("countries", "DE", "plans", 1, "id")` -> `countries.DE.plans[1].id`."""
    text = ""
    for part in path:
        text += f"[{part}]" if isinstance(part, int) else (f".{part}" if text else str(part))
    return text
