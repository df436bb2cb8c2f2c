"""Tests of the refactored stage: unit, integration, model behaviour and reliability."""
