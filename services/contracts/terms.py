"""The terms and conditions printed in the contract: the operator's own file, or the shipped sample."""

from __future__ import annotations

from pathlib import Path

from services.domain.errors import DomainError

SAMPLE_TERMS = Path(__file__).with_name("terms.md")
MAX_TERMS_CHARS = 100_000


def load_terms(path: Path | None = None) -> str:
    """The terms text from `path` (UTF-8, light Markdown), or the sample terms when `path` is None.

    Raises DomainError (code "terms_unavailable") if the file cannot be read or is empty, so a
    misconfigured operator file stops the start-up instead of producing contracts without terms.
    """
    source = Path(path) if path is not None else SAMPLE_TERMS
    try:
        text = source.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as error:
        raise DomainError(f"The terms and conditions file {source} cannot be read: {error}.",
                          code="terms_unavailable") from error
    text = text.strip()
    if not text:
        raise DomainError(f"The terms and conditions file {source} is empty.", code="terms_unavailable")
    if len(text) > MAX_TERMS_CHARS:
        raise DomainError(f"The terms and conditions file {source} is longer than {MAX_TERMS_CHARS} "
                          "characters.", code="terms_unavailable")
    return text
