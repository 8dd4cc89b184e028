"""`python -m services.catalogue.area_codes_build [CATALOGUE_DIR]`: writes the precomputed area-code
tables of the catalogue's countries (services/catalogue/data/area_codes.json.gz).

Run it after changing the countries or upgrading `phonenumbers`; a test fails while the file does not
match the installed `phonenumbers`.
"""

from __future__ import annotations

import gzip
import json
import sys
from pathlib import Path

import phonenumbers

from services.catalogue import area_codes
from services.catalogue.loader import load


def build(countries: list[str]) -> dict[str, object]:
    tables = {country: area_codes.stored_form(area_codes.derive(country)) for country in sorted(countries)}
    return {"phonenumbers": phonenumbers.__version__, "countries": tables}


def write(content: dict[str, object], path: Path = area_codes.STORED) -> None:
    data = json.dumps(content, ensure_ascii=False, separators=(",", ":")).encode()
    with path.open("wb") as raw, gzip.GzipFile(fileobj=raw, mode="wb", mtime=0) as file:
        file.write(data)  # mtime 0: the same tables give the same bytes


def main(argv: list[str]) -> None:
    catalogue = load(Path(argv[0]) if argv else None)
    content = build(list(catalogue.countries))
    write(content)
    print(f"{area_codes.STORED}: {len(catalogue.countries)} countries, "
          f"phonenumbers {phonenumbers.__version__}")


if __name__ == "__main__":
    main(sys.argv[1:])
