"""The stages, in order: each is a package exposing `create_app(settings=None) -> Flask`."""

STAGE_PACKAGES: tuple[str, ...] = ("monolith",)
