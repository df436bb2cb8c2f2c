"""Serving: the champion model in memory, the scoring service, blueprints and error handlers.

Nothing here imports `training`: serving only loads what the registry holds.
"""
