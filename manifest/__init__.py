"""The Teams app manifest (a template with placeholders), its icons, and the app package build.

`python -m manifest.build` fills the template from the environment, validates it against the
Teams JSON schema shipped in `node_modules/@microsoft/app-manifest`, checks the icons, and writes
`build/appPackage.zip`. `python -m manifest.make_icons` redraws the two icons.
"""
