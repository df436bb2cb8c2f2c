"""Reason codes: which features push an applicant toward default, in plain words."""
