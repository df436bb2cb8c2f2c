"""Training: data snapshot, validation, cross-validated model choice, registration."""
