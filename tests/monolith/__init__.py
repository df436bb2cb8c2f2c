"""Tests of the monolith: its handoff notebook and its planted debts."""
