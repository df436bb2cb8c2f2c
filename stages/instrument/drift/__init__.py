"""Seeded applicant streams with known outcomes, for replaying drift against a stage."""
