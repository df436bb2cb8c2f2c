"""The one feature pipeline, used unchanged by training and serving (no Flask, no SQL here)."""
