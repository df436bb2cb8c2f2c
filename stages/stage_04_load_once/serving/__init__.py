"""Serving: the champion model in memory, the scoring service, blueprints and error handlers.

Only `POST /retrain` (`api.py`) still imports `training`, and trains inside the request.
"""
