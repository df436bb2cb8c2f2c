"""Training: the service cannot train a model itself; it runs the handoff notebook."""
