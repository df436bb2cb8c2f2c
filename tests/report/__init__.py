"""Tests of the instructor's report and the drift replay."""
