"""The stages, in order, as read from `stages/manifest.toml`.

Each is a package exposing `create_app(settings=None) -> Flask`. Add a stage by adding its
`[[stages]]` table to the manifest: the contract suite picks it up without editing tests.
"""

from .manifest import load_manifest

STAGE_PACKAGES: tuple[str, ...] = tuple(stage.package for stage in load_manifest().stages)
