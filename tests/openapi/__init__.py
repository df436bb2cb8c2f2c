"""Tests of the OpenAPI document each stage serves, and Schemathesis against the last stage."""
