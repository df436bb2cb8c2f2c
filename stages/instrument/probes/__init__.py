"""One probe per planted debt: each measures its debt on any stage, from the outside.

A probe is a module of this package with a `DEBT_ID` and a `probe(context) -> ProbeResult`
function; the manifest names each debt's probe. Probes observe a stage only through its Flask
test client, its database, its files and its source code.
"""
