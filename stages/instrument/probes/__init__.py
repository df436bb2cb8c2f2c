"""One probe per planted debt: each measures its debt on any stage, from the outside.

A probe is a module of this package with a `DEBT_ID` and a `probe(context) -> ProbeResult`
function; the manifest names each debt's probe. The rules every probe follows (README.md):

1. A verdict rests on behaviour observed through the contract: HTTP answers (the Flask test
   client), the stage's database, and files the probe produced itself or copied and
   checksummed before the service answered its first request (the context's reference).
2. Nothing the running stage can rewrite, name or declare decides a verdict: not a file it
   writes while serving, not a file suffix, a key name, a module name or a route's words, not
   a figure it reports about itself. Such things may only point a probe at something to try.
3. Static scans of the source only add evidence.
4. Every probe's evidence shows one concrete example besides its totals where it compares
   answers (the worst applicant: input, probabilities, decision).
"""
