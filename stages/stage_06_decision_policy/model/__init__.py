"""The model artifact: one fitted pipeline that takes raw applicants, and its training report."""
