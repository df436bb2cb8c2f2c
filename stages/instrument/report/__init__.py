"""The instructor's report: a static HTML site of the stages, measured while it is built.

`python -m stages report [--out DIR]` (or `make report`) measures every debt on every stage,
replays a drift scenario against the monolith and the monitored stages, and writes an index
(the matrix, the ML Test Score, the stage sequence, the replay) and one page per stage (its
README, the probes that flipped, the golden-master changes) with its side-by-side diff. The
site works from `file://` without a network: styles and charts are inlined in each page.
"""
