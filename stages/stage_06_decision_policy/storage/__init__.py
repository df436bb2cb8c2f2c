"""Storage of scored requests: the engine, the `scores` table and the repository."""
