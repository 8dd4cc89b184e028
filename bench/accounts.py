"""An accounts file for simulated admins: the demo Contoso account with one registered email per admin,
so that every admin receives a sign-in code of their own."""

from __future__ import annotations

import json
import tomllib
from pathlib import Path
from typing import Any

from bench.admin import OCN, admin_email
from services.catalogue.accounts import ACCOUNTS_FILE
from services.catalogue.loader import DATA_DIR


def _value(value: Any) -> str:
    if isinstance(value, dict):
        return "{ " + ", ".join(f"{key} = {_value(item)}" for key, item in value.items()) + " }"
    if isinstance(value, list):
        return "[" + ", ".join(_value(item) for item in value) + "]"
    return json.dumps(value)  # JSON strings and numbers are valid TOML


def write_accounts(folder: Path, admins: int) -> Path:
    shipped = tomllib.loads((DATA_DIR / ACCOUNTS_FILE).read_text(encoding="utf-8"))
    account = next(item for item in shipped["accounts"] if item["ocn"] == OCN)
    account = {**account, "registered_emails": [*account["registered_emails"],
                                                *(admin_email(index) for index in range(admins))]}
    lines = [f"schema_version = {shipped['schema_version']}", "", "[[accounts]]"]
    lines += [f"{key} = {_value(value)}" for key, value in account.items() if key != "bcns"]
    for bcn in account.get("bcns", []):
        lines += ["", "[[accounts.bcns]]", *(f"{key} = {_value(value)}" for key, value in bcn.items())]
    path = folder / "bench-accounts.toml"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path
