"""The HTTP contract suite, run against every stage."""
