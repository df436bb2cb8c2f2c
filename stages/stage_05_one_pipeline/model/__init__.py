"""The model artifact: one fitted pipeline that takes raw applicants, saved and loaded."""
