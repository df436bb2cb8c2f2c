"""The domain: what an applicant is."""
