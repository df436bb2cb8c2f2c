"""Tests of the committed data set."""
