"""Training: data snapshot, validation, cross-validated model choice, one artifact."""
