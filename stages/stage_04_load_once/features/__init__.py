"""The hand-written copy of the notebook's preprocessing (no Flask, no SQL here)."""
