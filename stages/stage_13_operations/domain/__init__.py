"""The domain: what an applicant is, and how a probability becomes a decision."""
