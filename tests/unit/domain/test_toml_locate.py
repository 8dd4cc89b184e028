from __future__ import annotations

from services.catalogue.toml_locate import dotted, key_lines, line_of

TEXT = """\
schema_version = 1  # comment
[countries.DE]
name = "Germany"
[[countries.DE.plans]]
id = "a"
includes = [
  "x = y",
]
[[countries.DE.plans]]
id = "b"
monthly_price = { EUR = "1" }
"quoted.key" = 1
a.b = 2
[[accounts]]
ocn = "1"
[accounts.legal_address]
city = "x"
[[accounts.bcns]]
number = "q"
[[accounts]]
ocn = "2"
[[accounts.bcns]]
number = "r"
"""


def test_tables_keys_and_array_indices() -> None:
    lines = key_lines(TEXT)
    assert lines[("schema_version",)] == 1
    assert lines[("countries", "DE")] == 2
    assert lines[("countries", "DE", "plans", 0, "id")] == 5
    assert lines[("countries", "DE", "plans", 1, "id")] == 10
    assert lines[("countries", "DE", "plans", 1, "quoted.key")] == 12
    assert lines[("countries", "DE", "plans", 1, "a", "b")] == 13
    assert lines[("accounts", 0, "legal_address", "city")] == 17
    assert lines[("accounts", 0, "bcns", 0, "number")] == 19
    assert lines[("accounts", 1, "bcns", 0, "number")] == 23


def test_nearest_enclosing_key_is_used() -> None:
    assert line_of(TEXT, ("countries", "DE", "plans", 1, "monthly_price", "EUR")) == 11
    assert line_of(TEXT, ("countries", "DE", "plans", 0, "includes", 0)) == 6
    assert line_of(TEXT, ("countries", "DE", "missing")) == 2
    assert line_of(TEXT, ("nowhere",)) is None
    assert line_of(TEXT, ()) is None


def test_dotted_paths() -> None:
    assert dotted(("countries", "DE", "plans", 1, "id")) == "countries.DE.plans[1].id"
    assert dotted(("accounts", 0)) == "accounts[0]"
    assert dotted(()) == ""
