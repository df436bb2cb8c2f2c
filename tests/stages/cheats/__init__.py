"""Cheat stages: the monolith with one minimal change that keeps a debt, and honest repayments."""
