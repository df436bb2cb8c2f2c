"""Replay a drift scenario against a served stage over real HTTP, as a lender would.

`python -m stages replay STAGE --scenario NAME` serves the stage in a fresh temporary instance
(or targets `--url`), scores the scenario's applicants window by window, reports the outcomes
of the applicants the stage approved one window late, and prints per window the approval rate,
the AUC and the cost the replayer computes itself, and the alerts the stage raised.
"""
