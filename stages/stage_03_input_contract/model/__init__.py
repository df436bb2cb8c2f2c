"""The model adapter: the handoff's binaries and note, and a prediction from them."""
