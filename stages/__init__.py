"""Stage machinery: the list of stages, fresh instances of a stage, and serving one."""
