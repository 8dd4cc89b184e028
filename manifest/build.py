"""Builds the Teams app package: `build/appPackage.zip` holding manifest.json, color.png and outline.png.

`manifest/manifest.json` is a template: `{{NAME}}` placeholders are filled from the environment (and
`.env`), then the filled manifest is validated against the Teams JSON schema that the npm package
`@microsoft/app-manifest` ships (offline: remote `$ref`s to developer.microsoft.com are mapped to the
copies under node_modules), the icons are checked, and only then is the zip written.

`python -m manifest.build [--output PATH]`; exits 1 with the list of problems when anything is invalid.
"""

from __future__ import annotations

import argparse
import io
import json
import logging
import re
import sys
import uuid
import zipfile
from functools import cache
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from jsonschema import validators
from jsonschema.protocols import Validator
from PIL import Image, UnidentifiedImageError
from pydantic import Field, ValidationError
from pydantic_settings import BaseSettings, SettingsConfigDict
from referencing import Registry, Resource
from referencing.exceptions import Unresolvable

MANIFEST_DIR = Path(__file__).resolve().parent
REPO_ROOT = MANIFEST_DIR.parent
TEMPLATE = MANIFEST_DIR / "manifest.json"
DEFAULT_OUTPUT = REPO_ROOT / "build" / "appPackage.zip"
SCHEMA_ROOT = REPO_ROOT / "node_modules" / "@microsoft" / "app-manifest" / "build" / "json-schemas" / "teams"
SCHEMA_URL = "https://developer.microsoft.com/en-us/json-schemas/teams/{version}/{name}"
REMOTE_SCHEMA = re.compile(
    r"^https://developer\.microsoft\.com/(?:[a-z]{2}-[a-z]{2}/)?json-schemas/teams/(v[\w.]+)/(\w[\w.]*\.json)$"
)
PLACEHOLDER = re.compile(r"\{\{(\w+)\}\}")

# Development defaults: a bot id that reaches no bot, and the namespace that turns a bot id into an app id.
DEV_BOT_ID = "b5673281-7a92-4c2d-b18f-4f698282617e"
APP_ID_NAMESPACE = uuid.UUID("dce7d82e-17b4-4810-8623-269b115e0574")
PLACEHOLDER_SITE = "https://www.example.com"
COLOR_SIZE, OUTLINE_SIZE = (192, 192), (32, 32)

log = logging.getLogger("manifest.build")


class ManifestError(Exception):
    """The app package is invalid; `problems` lists every reason, one line each."""

    def __init__(self, problems: list[str]) -> None:
        super().__init__("the Teams app package is invalid:\n  " + "\n  ".join(problems))
        self.problems = problems


class PackageSettings(BaseSettings):
    """The settings the package needs, read from the environment (names as in bot/settings.py)."""

    model_config = SettingsConfigDict(env_file=".env", extra="ignore", populate_by_name=True,
                                      case_sensitive=False)

    bot_id: str = Field(default="", validation_alias="MicrosoftAppId")
    teams_app_id: str = Field(default="", validation_alias="TEAMS_APP_ID")
    # 21 characters keep "<name> Ordering" within the schema's 30 and the short description within 80.
    operator_name: str = Field(default="Northwind Telecom", min_length=1, max_length=21,
                               validation_alias="OPERATOR_NAME")
    public_url: str = Field(default="http://localhost:3978", pattern=r"^[Hh][Tt][Tt][Pp][Ss]?://[^/\s]+",
                            validation_alias="PUBLIC_URL")
    app_version: str = Field(default="0.1.0", pattern=r"^\d+\.\d+\.\d+$", validation_alias="APP_VERSION")


# --- the schema, offline -------------------------------------------------------------------------------


def schema_versions(root: Path = SCHEMA_ROOT) -> list[str]:
    """The numbered schema folders ("v1.30", ...) that hold a Teams schema, oldest first; no previews."""
    found = [p.name for p in root.glob("v*") if re.fullmatch(r"v\d+\.\d+", p.name)
             and (p / "MicrosoftTeams.schema.json").is_file()]
    return sorted(found, key=lambda name: tuple(int(part) for part in name[1:].split(".")))


def local_schema(uri: str, root: Path = SCHEMA_ROOT) -> Path:
    """The node_modules copy of a developer.microsoft.com Teams schema URL; LookupError when none."""
    match = REMOTE_SCHEMA.match(uri.split("#", 1)[0])
    path = root / match.group(1) / match.group(2) if match else None
    if path is None or not path.is_file():
        raise LookupError(f"no local copy of {uri}: only developer.microsoft.com Teams schema URLs "
                          f"map to the files under {root}")
    return path


def retrieve_offline(uri: str) -> Resource[Any]:
    """The registry's only way to fetch a remote $ref: from node_modules, never from the network."""
    return Resource.from_contents(json.loads(local_schema(uri).read_text(encoding="utf-8")))


@cache
def manifest_validator(manifest_version: str) -> Validator:
    """A validator for one manifestVersion whose $refs, relative or remote, all resolve offline."""
    uri = SCHEMA_URL.format(version=f"v{manifest_version}", name="MicrosoftTeams.schema.json")
    try:
        schema = json.loads(local_schema(uri).read_text(encoding="utf-8"))
    except LookupError as error:
        raise ManifestError([f"manifestVersion {manifest_version}: {error}; run `make setup`"]) from error
    schema = {"id": uri, "$id": uri, **schema}  # the base URI of relative refs (draft-04 reads "id")
    cls = validators.validator_for(schema)
    cls(cls.META_SCHEMA).validate(schema)  # no format check: its patterns use ECMA-only `\p{L}`
    return cls(schema, registry=Registry(retrieve=retrieve_offline), format_checker=cls.FORMAT_CHECKER)


def schema_problems(manifest: dict[str, Any]) -> list[str]:
    validator = manifest_validator(str(manifest.get("manifestVersion", "")))
    try:
        errors = sorted(validator.iter_errors(manifest), key=lambda e: list(map(str, e.absolute_path)))
    except Unresolvable as error:
        return [f"schema $ref {error} cannot be resolved offline (only Teams schemas in node_modules are)"]
    except re.error as error:  # an ECMA-only pattern (`\p{L}`) reached by this manifest
        return [f"the schema's pattern {error.pattern!r} cannot be checked in Python: {error}"]
    return [f"manifest.json {'/'.join(map(str, e.absolute_path)) or '(root)'}: {e.message}" for e in errors]


# --- the icons ------------------------------------------------------------------------------------------


def open_png(name: str, data: bytes) -> Image.Image:
    try:
        image = Image.open(io.BytesIO(data))
        image.load()
    except (UnidentifiedImageError, OSError) as error:
        raise ManifestError([f"{name}: not a readable image ({error})"]) from error
    if image.format != "PNG":
        raise ManifestError([f"{name}: must be a PNG, is {image.format}"])
    return image


def color_icon_problems(name: str, data: bytes) -> list[str]:
    """Teams' colour icon: a full-colour 192x192 PNG."""
    image = open_png(name, data)
    problems = [] if image.size == COLOR_SIZE else [f"{name}: must be 192x192 pixels, is {image.size}"]
    if image.mode not in ("RGB", "RGBA"):
        problems.append(f"{name}: must be full colour (RGB or RGBA), is mode {image.mode}")
    return problems


def outline_icon_problems(name: str, data: bytes) -> list[str]:
    """Teams' outline icon: 32x32, white on transparent (each pixel fully transparent or pure white)."""
    image = open_png(name, data)
    problems = [] if image.size == OUTLINE_SIZE else [f"{name}: must be 32x32 pixels, is {image.size}"]
    if image.mode not in ("RGBA", "LA"):
        return [*problems, f"{name}: must have a transparent background (RGBA), is mode {image.mode}"]
    rgba = image.convert("RGBA")
    pixels = [rgba.getpixel((x, y)) for y in range(rgba.height) for x in range(rgba.width)]
    stray = [p for p in pixels if isinstance(p, tuple) and p[3] and p[:3] != (255, 255, 255)]
    if stray:
        problems.append(f"{name}: {len(stray)} visible pixels are not white, e.g. {stray[0]}")
    if not any(isinstance(p, tuple) and p[3] for p in pixels):
        problems.append(f"{name}: is fully transparent")
    return problems


# --- the package ----------------------------------------------------------------------------------------


def url_problems(manifest: dict[str, Any]) -> list[str]:
    """Teams rejects developer links that are not https (the schema alone also allows http)."""
    developer = manifest.get("developer", {})
    keys = ("websiteUrl", "privacyUrl", "termsOfUseUrl")
    return [f"manifest.json developer/{key}: must be an https URL, is {developer.get(key)!r}"
            for key in keys if not str(developer.get(key, "")).lower().startswith("https://")]


def package_problems(files: dict[str, bytes]) -> list[str]:
    """Every reason the package (file name -> bytes) would be refused; empty when it is valid."""
    try:
        manifest = json.loads(files["manifest.json"].decode("utf-8"))
    except (KeyError, UnicodeDecodeError, json.JSONDecodeError) as error:
        return [f"manifest.json: missing or not JSON ({error})"]
    problems = [*schema_problems(manifest), *url_problems(manifest)]
    icons = manifest.get("icons", {})
    for kind, check in (("color", color_icon_problems), ("outline", outline_icon_problems)):
        name = icons.get(kind)
        if name not in files:
            problems.append(f"icons/{kind}: {name!r} is not in the package")
            continue
        try:
            problems += check(name, files[name])
        except ManifestError as error:
            problems += error.problems
    return problems


def validate_package(files: dict[str, bytes]) -> None:
    problems = package_problems(files)
    if problems:
        raise ManifestError(problems)


# --- from settings to files -----------------------------------------------------------------------------


def resolve_ids(settings: PackageSettings) -> tuple[str, str]:
    """(bot id, Teams app id). Without TEAMS_APP_ID the app id is derived from the bot id (uuid5)."""
    bot_id = settings.bot_id.strip()
    if not bot_id:
        log.warning("MicrosoftAppId is not set: the package uses the development bot id %s, which "
                    "reaches no bot; set MicrosoftAppId to sideload it in Teams", DEV_BOT_ID)
        bot_id = DEV_BOT_ID
    app_id = settings.teams_app_id.strip() or str(uuid.uuid5(APP_ID_NAMESPACE, bot_id.lower()))
    return bot_id, app_id


def site_values(settings: PackageSettings) -> dict[str, str]:
    """Developer links under PUBLIC_URL when it is https; else example.com placeholders (with a warning)."""
    public = settings.public_url.strip().rstrip("/")
    parts = urlsplit(public)
    if parts.scheme.lower() == "https" and parts.hostname:
        site, host = public, parts.hostname
    else:
        log.warning("PUBLIC_URL %s is not https: the manifest gets placeholder developer links under %s "
                    "and no validDomains entry for it; set an https PUBLIC_URL for a real package",
                    public, PLACEHOLDER_SITE)
        site, host = PLACEHOLDER_SITE, ""
    return {"WEBSITE_URL": site, "PRIVACY_URL": f"{site}/privacy", "TERMS_URL": f"{site}/terms",
            "PUBLIC_HOST": host}


def template_values(settings: PackageSettings) -> dict[str, str]:
    bot_id, app_id = resolve_ids(settings)
    return {"BOT_ID": bot_id, "TEAMS_APP_ID": app_id, "VERSION": settings.app_version,
            "OPERATOR_NAME": settings.operator_name.strip(), **site_values(settings)}


def fill(node: Any, values: dict[str, str]) -> Any:
    """The template with every `{{NAME}}` in its strings replaced; unknown names are left as they are."""
    if isinstance(node, dict):
        return {key: fill(value, values) for key, value in node.items()}
    if isinstance(node, list):
        return [fill(item, values) for item in node]
    if isinstance(node, str):
        return PLACEHOLDER.sub(lambda m: values.get(m.group(1), m.group(0)), node)
    return node


def render(settings: PackageSettings, template: Path = TEMPLATE) -> dict[str, Any]:
    """The filled manifest; an unfilled placeholder is an error, an emptied validDomains entry is dropped."""
    manifest = fill(json.loads(template.read_text(encoding="utf-8")), template_values(settings))
    manifest["validDomains"] = [domain for domain in manifest.get("validDomains", []) if domain]
    left = sorted(set(PLACEHOLDER.findall(json.dumps(manifest))))
    if left:
        raise ManifestError([f"{template.name}: no value for placeholder {{{{{name}}}}}" for name in left])
    return manifest


def package_files(settings: PackageSettings, source: Path = MANIFEST_DIR) -> dict[str, bytes]:
    """manifest.json and the icons it names, as they go into the zip."""
    manifest = render(settings, source / "manifest.json")
    files = {"manifest.json": (json.dumps(manifest, indent=2, ensure_ascii=False) + "\n").encode("utf-8")}
    for name in manifest.get("icons", {}).values():
        if (source / name).is_file():
            files[name] = (source / name).read_bytes()
    return files


def write_zip(files: dict[str, bytes], output: Path) -> Path:
    """A reproducible zip (fixed timestamps), written beside the target and then moved over it."""
    output.parent.mkdir(parents=True, exist_ok=True)
    partial = output.with_name(output.name + ".partial")
    with zipfile.ZipFile(partial, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for name, data in files.items():
            archive.writestr(zipfile.ZipInfo(name, date_time=(1980, 1, 1, 0, 0, 0)), data,
                             compress_type=zipfile.ZIP_DEFLATED)
    return partial.replace(output)


def build(settings: PackageSettings, output: Path = DEFAULT_OUTPUT, source: Path = MANIFEST_DIR) -> Path:
    """Renders, validates (schema and icons) and only then writes the package; ManifestError when invalid."""
    files = package_files(settings, source)
    validate_package(files)
    path = write_zip(files, output)
    log.info("Teams app package for bot %s, app %s, version %s: %s", *package_ids(files), path)
    return path


def package_ids(files: dict[str, bytes]) -> tuple[str, str, str]:
    manifest = json.loads(files["manifest.json"])
    return manifest["bots"][0]["botId"], manifest["id"], manifest["version"]


def main(argv: list[str] | None = None) -> int:
    logging.basicConfig(level=logging.INFO, format="%(levelname)s %(name)s: %(message)s")
    parser = argparse.ArgumentParser(prog="python -m manifest.build", description=__doc__.splitlines()[0])
    parser.add_argument("--output", type=Path, default=DEFAULT_OUTPUT, help="the zip to write")
    args = parser.parse_args(argv)
    try:
        path = build(PackageSettings(), args.output)
    except ValidationError as error:
        log.error("invalid settings for the Teams app package:\n%s", error)
        return 1
    except ManifestError as error:
        log.error("%s\nnothing was written to %s", error, args.output)
        return 1
    print(path)
    return 0


if __name__ == "__main__":
    sys.exit(main())
