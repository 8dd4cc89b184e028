"""The Teams app manifest and package: valid against the npm package's schema (offline), ids and links
from settings, the commands, and icons Teams accepts."""

from __future__ import annotations

import io
import json
import logging
import os
import socket
import uuid
import zipfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from jsonschema import Draft4Validator
from PIL import Image
from referencing import Registry
from referencing.exceptions import Unresolvable

from manifest.build import (
    APP_ID_NAMESPACE,
    DEV_BOT_ID,
    MANIFEST_DIR,
    SCHEMA_ROOT,
    TEMPLATE,
    ManifestError,
    PackageSettings,
    build,
    color_icon_problems,
    local_schema,
    main,
    outline_icon_problems,
    package_files,
    package_problems,
    render,
    retrieve_offline,
    schema_versions,
)

ENV_NAMES = {"microsoftappid", "teams_app_id", "operator_name", "public_url", "app_version"}
BOT_ID = "3f2c9a7e-5b1d-4e8a-9c6f-2d7b8e1a4c90"
REMOTE = "https://developer.microsoft.com/en-us/json-schemas/teams/v1.30/MicrosoftTeams.Localization.schema.json"
Make = Callable[..., PackageSettings]


@pytest.fixture(autouse=True)
def no_network(monkeypatch: pytest.MonkeyPatch) -> None:
    """Schema validation must never fetch a remote $ref."""

    def refuse(*_args: Any, **_kwargs: Any) -> None:
        raise AssertionError("the manifest tests must not use the network")

    monkeypatch.setattr(socket.socket, "connect", refuse)


@pytest.fixture
def settings(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Make:
    """PackageSettings from the given values only: no inherited environment, no `.env`."""
    for name in [key for key in os.environ if key.lower() in ENV_NAMES]:
        monkeypatch.delenv(name)
    monkeypatch.chdir(tmp_path)
    return lambda **values: PackageSettings(_env_file=None, **values)


def png(image: Image.Image, fmt: str = "PNG") -> bytes:
    buffer = io.BytesIO()
    image.save(buffer, format=fmt)
    return buffer.getvalue()


def zip_files(path: Path) -> dict[str, bytes]:
    with zipfile.ZipFile(path) as archive:
        return {name: archive.read(name) for name in archive.namelist()}


# --- the schema version -----------------------------------------------------------------------------


def test_the_manifest_uses_the_newest_numbered_schema_of_the_npm_package() -> None:
    assert SCHEMA_ROOT.is_dir(), f"{SCHEMA_ROOT} is missing: run `make setup` (npm ci)"
    versions = schema_versions()
    assert versions.index("v1.4") < versions.index("v1.30"), "versions sort numerically"
    assert "vDevPreview" not in versions
    template = json.loads(TEMPLATE.read_text(encoding="utf-8"))
    assert versions[-1] == f"v{template['manifestVersion']}" == "v1.30"
    schema = json.loads(local_schema(template["$schema"]).read_text(encoding="utf-8"))
    assert schema["properties"]["manifestVersion"]["const"] == template["manifestVersion"]
    assert template["$schema"].endswith(f"/{versions[-1]}/MicrosoftTeams.schema.json")


# --- offline $ref resolution ------------------------------------------------------------------------


def test_remote_schema_urls_map_to_node_modules() -> None:
    expected = SCHEMA_ROOT / "v1.30" / "MicrosoftTeams.Localization.schema.json"
    assert local_schema(REMOTE) == expected
    assert local_schema(REMOTE.replace("/en-us/", "/") + "#/definitions/x") == expected
    with pytest.raises(LookupError, match="no local copy"):
        local_schema("https://developer.microsoft.com/en-us/json-schemas/teams/v9.99/MicrosoftTeams.schema.json")
    with pytest.raises(LookupError, match=r"only developer\.microsoft\.com Teams schema URLs"):
        local_schema("https://json.schemastore.org/package.json")


def test_a_remote_ref_resolves_offline_including_its_own_internal_refs() -> None:
    validator = Draft4Validator({"$ref": REMOTE}, registry=Registry(retrieve=retrieve_offline))
    good = {"name.short": "Ordering", "description.short": "Order numbers", "description.full": "Order."}
    assert list(validator.iter_errors(good)) == []
    assert [e.message for e in validator.iter_errors({**good, "name.short": ""})]  # nonEmptyString


def test_an_unmapped_remote_ref_fails_instead_of_fetching() -> None:
    validator = Draft4Validator({"$ref": "https://example.org/other.json"},
                                registry=Registry(retrieve=retrieve_offline))
    with pytest.raises(Unresolvable):
        validator.validate({})


# --- the manifest -----------------------------------------------------------------------------------


def test_checked_in_template_with_dev_values_is_a_valid_package(settings: Make) -> None:
    assert "{{BOT_ID}}" in TEMPLATE.read_text(encoding="utf-8"), "the checked-in file stays a template"
    files = package_files(settings())
    assert package_problems(files) == []
    manifest = json.loads(files["manifest.json"])
    assert manifest["bots"][0]["botId"] == DEV_BOT_ID
    assert manifest["developer"]["name"] == "Northwind Telecom"
    assert manifest["version"] == "0.1.0"


def test_bot_scopes_and_commands(settings: Make) -> None:
    bot = render(settings())["bots"][0]
    assert {"personal", "team"} <= set(bot["scopes"])
    titles = {tuple(lst["scopes"]): [c["title"] for c in lst["commands"]] for lst in bot["commandLists"]}
    assert titles[("personal",)] == ["Start order", "Resume", "Status", "Help"]
    assert "Help" in titles[("team",)]
    assert not bot.get("isNotificationOnly")


def test_descriptions_say_what_the_product_does(settings: Make) -> None:
    description = render(settings(OPERATOR_NAME="Contoso Voice"))["description"]
    assert "Teams Phone numbers and calling plans from Contoso Voice" in description["short"]
    assert "Operator Connect" in description["full"]


def test_the_longest_operator_name_still_fits(settings: Make) -> None:
    assert package_problems(package_files(settings(OPERATOR_NAME="N" * 21))) == []


def test_built_package_has_the_settings_ids_and_links(settings: Make, tmp_path: Path) -> None:
    values = {"MicrosoftAppId": BOT_ID, "PUBLIC_URL": "https://bot.example.net/", "APP_VERSION": "1.2.3"}
    path = build(settings(**values), tmp_path / "out" / "appPackage.zip")
    files = zip_files(path)
    assert sorted(files) == ["color.png", "manifest.json", "outline.png"]
    assert package_problems(files) == []
    manifest = json.loads(files["manifest.json"])
    assert manifest["bots"][0]["botId"] == BOT_ID
    assert manifest["id"] == str(uuid.uuid5(APP_ID_NAMESPACE, BOT_ID)) != BOT_ID
    assert manifest["version"] == "1.2.3"
    assert manifest["developer"]["websiteUrl"] == "https://bot.example.net"
    assert manifest["developer"]["privacyUrl"] == "https://bot.example.net/privacy"
    assert manifest["developer"]["termsOfUseUrl"] == "https://bot.example.net/terms"
    assert manifest["validDomains"] == ["bot.example.net", "token.botframework.com"]
    assert files["color.png"] == (MANIFEST_DIR / "color.png").read_bytes()


def test_an_explicit_teams_app_id_wins_and_the_dev_default_is_fixed(settings: Make) -> None:
    app_id = "11111111-2222-4333-8444-555555555555"
    assert render(settings(MicrosoftAppId=BOT_ID, TEAMS_APP_ID=app_id))["id"] == app_id
    dev_app_id = str(uuid.uuid5(APP_ID_NAMESPACE, DEV_BOT_ID))
    assert render(settings())["id"] == render(settings())["id"] == dev_app_id


def test_an_http_public_url_gets_https_placeholders_and_a_warning(
    settings: Make, caplog: pytest.LogCaptureFixture
) -> None:
    with caplog.at_level(logging.WARNING, logger="manifest.build"):
        manifest = render(settings(PUBLIC_URL="http://localhost:3978"))
    assert manifest["developer"]["websiteUrl"] == "https://www.example.com"
    assert manifest["developer"]["privacyUrl"].startswith("https://www.example.com/")
    assert manifest["validDomains"] == ["token.botframework.com"]
    assert "PUBLIC_URL http://localhost:3978 is not https" in caplog.text
    assert "MicrosoftAppId is not set" in caplog.text


def test_an_invalid_manifest_is_refused_and_nothing_is_written(settings: Make, tmp_path: Path) -> None:
    output = tmp_path / "appPackage.zip"
    with pytest.raises(ManifestError) as refused:
        build(settings(MicrosoftAppId="not-a-guid"), output)
    assert any(p.startswith("manifest.json bots/0/botId:") for p in refused.value.problems)
    assert not output.exists()


def test_an_unfilled_placeholder_is_an_error(settings: Make, tmp_path: Path) -> None:
    template = json.loads(TEMPLATE.read_text(encoding="utf-8"))
    (tmp_path / "manifest.json").write_text(json.dumps({**template, "version": "{{NOPE}}"}))
    with pytest.raises(ManifestError, match="no value for placeholder"):
        render(settings(), tmp_path / "manifest.json")


def test_cli_writes_the_package_and_prints_its_path(
    settings: Make, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    output = tmp_path / "appPackage.zip"
    assert main(["--output", str(output)]) == 0
    assert capsys.readouterr().out.strip() == str(output)
    assert package_problems(zip_files(output)) == []


@pytest.mark.parametrize(("name", "value", "message"), [
    ("MicrosoftAppId", "not-a-guid", "bots/0/botId"),
    ("APP_VERSION", "1.0", "invalid settings"),
    ("OPERATOR_NAME", "A" * 40, "invalid settings"),
])
def test_cli_exits_non_zero_with_a_clear_message(
    settings: Make, monkeypatch: pytest.MonkeyPatch, tmp_path: Path, caplog: pytest.LogCaptureFixture,
    name: str, value: str, message: str,
) -> None:
    monkeypatch.setenv(name, value)
    output = tmp_path / "appPackage.zip"
    assert main(["--output", str(output)]) == 1
    assert message in caplog.text
    assert not output.exists()


# --- the icons --------------------------------------------------------------------------------------


def test_checked_in_icons_are_what_teams_asks_for() -> None:
    color = Image.open(MANIFEST_DIR / "color.png")
    outline = Image.open(MANIFEST_DIR / "outline.png")
    assert (color.format, color.size, color.mode in ("RGB", "RGBA")) == ("PNG", (192, 192), True)
    assert (outline.format, outline.size, outline.mode) == ("PNG", (32, 32), "RGBA")
    pixels: list[Any] = list(outline.getdata())
    assert all(pixel[3] == 0 or pixel[:3] == (255, 255, 255) for pixel in pixels), "white on transparent"
    assert sum(1 for pixel in pixels if pixel[3] == 255) > 100, "the glyph is visible"
    assert color_icon_problems("color.png", (MANIFEST_DIR / "color.png").read_bytes()) == []
    assert outline_icon_problems("outline.png", (MANIFEST_DIR / "outline.png").read_bytes()) == []


def test_the_color_icon_background_is_the_accent_color() -> None:
    accent = json.loads(TEMPLATE.read_text(encoding="utf-8"))["accentColor"]
    corner = Image.open(MANIFEST_DIR / "color.png").convert("RGB").getpixel((0, 0))
    assert "#{:02X}{:02X}{:02X}".format(*corner) == accent.upper()


@pytest.fixture
def white_dot() -> Image.Image:
    image = Image.new("RGBA", (32, 32), (0, 0, 0, 0))
    image.putpixel((16, 16), (255, 255, 255, 128))
    return image


def test_outline_checks_catch_what_teams_refuses(white_dot: Image.Image) -> None:
    assert outline_icon_problems("o.png", png(white_dot)) == []
    coloured = white_dot.copy()
    coloured.putpixel((1, 1), (255, 0, 0, 255))
    assert "not white" in outline_icon_problems("o.png", png(coloured))[0]
    assert "transparent background" in outline_icon_problems("o.png", png(white_dot.convert("RGB")))[0]
    assert "fully transparent" in outline_icon_problems("o.png", png(Image.new("RGBA", (32, 32))))[0]
    assert "32x32" in outline_icon_problems("o.png", png(white_dot.resize((64, 64))))[0]


def test_color_checks_catch_what_teams_refuses() -> None:
    assert color_icon_problems("c.png", png(Image.new("RGB", (192, 192), "navy"))) == []
    assert "192x192" in color_icon_problems("c.png", png(Image.new("RGB", (96, 96))))[0]
    assert "full colour" in color_icon_problems("c.png", png(Image.new("L", (192, 192))))[0]
    with pytest.raises(ManifestError, match="must be a PNG"):
        color_icon_problems("c.png", png(Image.new("RGB", (192, 192)), "JPEG"))


def test_a_package_missing_an_icon_is_refused(settings: Make) -> None:
    files = package_files(settings())
    del files["outline.png"]
    assert package_problems(files) == ["icons/outline: 'outline.png' is not in the package"]


def test_http_developer_links_are_refused_although_the_schema_allows_them(settings: Make) -> None:
    files = package_files(settings())
    manifest = json.loads(files["manifest.json"])
    manifest["developer"]["privacyUrl"] = "http://bot.example.net/privacy"
    files["manifest.json"] = json.dumps(manifest).encode("utf-8")
    assert package_problems(files) == [
        "manifest.json developer/privacyUrl: must be an https URL, is 'http://bot.example.net/privacy'"
    ]
