"""Serving speed: the ONNX runtime behind its parity gate, batch scoring and storage."""
