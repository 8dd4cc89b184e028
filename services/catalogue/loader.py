"""Load and validate the catalogue data files; a broken file stops the start with file, key and reason."""

from __future__ import annotations

import logging
import re
import tomllib
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TypeVar

from pydantic import BaseModel, ValidationError

from services.catalogue.models import Catalogue, CountriesFile, FeesFile
from services.catalogue.toml_locate import dotted, line_of

log = logging.getLogger(__name__)

DATA_DIR = Path(__file__).parent / "data"
COUNTRIES_FILE = "countries.toml"
FEES_FILE = "fees.toml"

M = TypeVar("M", bound=BaseModel)


@dataclass(frozen=True)
class FileProblem:
    file: str
    key: str
    line: int | None
    reason: str

    def __str__(self) -> str:
        where = f", line {self.line}" if self.line else ""
        key = f", key {self.key}" if self.key else ""
        return f"{self.file}{where}{key}: {self.reason}"


class CatalogueError(Exception):
    """A data file is missing, is not valid TOML, or breaks a rule. Names the file, the key and the line."""

    def __init__(self, problems: list[FileProblem]) -> None:
        self.problems = problems
        first = problems[0]
        self.file, self.key, self.line, self.reason = first.file, first.key, first.line, first.reason
        super().__init__("; ".join(str(problem) for problem in problems))


def read_toml(path: Path) -> tuple[dict[str, Any], str]:
    """Parse a TOML file; raise CatalogueError naming the file and line when it cannot."""
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as error:
        raise CatalogueError([FileProblem(path.name, "", None, f"cannot be read ({error})")]) from error
    try:
        return tomllib.loads(text), text
    except tomllib.TOMLDecodeError as error:
        found = re.search(r"at line (\d+)", str(error))
        line = int(found.group(1)) if found else None
        raise CatalogueError([FileProblem(path.name, "", line, f"is not valid TOML: {error}")]) from error


def validate_file(path: Path, model: type[M], prepare: Callable[[dict[str, Any]], None] | None = None) -> M:
    """Read `path` and validate it as `model`, reporting every problem with its key and line."""
    data, text = read_toml(path)
    if prepare is not None:
        prepare(data)
    try:
        return model.model_validate(data)
    except ValidationError as error:
        problems = [
            FileProblem(path.name, dotted(item["loc"]), line_of(text, item["loc"]), _reason(item))
            for item in error.errors()
        ]
        raise CatalogueError(problems) from error


def _reason(item: Any) -> str:
    return str(item["msg"]).removeprefix("Value error, ")


def _add_codes(data: dict[str, Any]) -> None:
    countries = data.get("countries")
    if isinstance(countries, dict):
        for key, table in countries.items():
            if isinstance(table, dict):
                table.setdefault("code", str(key).upper())


def load(data_dir: Path | None = None) -> Catalogue:
    """Load countries.toml and fees.toml from `data_dir` (the shipped sample data by default)."""
    folder = data_dir or DATA_DIR
    countries = validate_file(folder / COUNTRIES_FILE, CountriesFile, _add_codes)
    fees = validate_file(folder / FEES_FILE, FeesFile)
    _check_currencies(countries, fees, folder)
    log.info("Catalogue: %d countries, %d fee currencies", len(countries.countries), len(fees.currencies))
    return Catalogue(countries=countries.countries, fees=fees.currencies)


def _check_currencies(countries: CountriesFile, fees: FeesFile, folder: Path) -> None:
    problems = []
    text = (folder / FEES_FILE).read_text(encoding="utf-8")
    for code, offer in countries.countries.items():
        for currency in offer.currencies:
            if currency not in fees.currencies:
                reason = f"missing: {COUNTRIES_FILE} bills {code} in {currency} but there is no fee schedule"
                line = line_of(text, ("currencies",))
                problems.append(FileProblem(FEES_FILE, f"currencies.{currency}", line, reason))
    if problems:
        raise CatalogueError(problems)
