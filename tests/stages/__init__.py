"""Tests of the stage machinery: manifest, guard, probes, drift scenarios and the CLI."""
