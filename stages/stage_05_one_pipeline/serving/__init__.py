"""Serving: the HTTP routes, what they need from the application, and the scoring service."""
