"""The child process of the configuration probe: `create_app()` from `CREDIT_*` variables only.

Run as `python -m stages.instrument.probes.settings_child PACKAGE APPLICANT_JSON` in an empty
working directory, with an environment that holds the `CREDIT_*` variables and the import
path only. It builds the app with no argument, posts one applicant to `/score`, and prints one
JSON line: the status, and every file it saw opened for writing (audit events `open` with a
writing mode, and `sqlite3.connect`), so that the parent can check each is in the instance
folder.
"""

import importlib
import json
import os
import sys
import traceback

WRITING_FLAGS = os.O_WRONLY | os.O_RDWR | os.O_CREAT | os.O_APPEND | os.O_TRUNC


def writes(event: str, arguments: tuple) -> str | None:
    """The path an audit event writes to, or None."""
    if event == "open" and arguments and isinstance(arguments[0], str | bytes):
        path, mode, flags = arguments[0], arguments[1], arguments[2]
        writing = (isinstance(mode, str) and any(c in mode for c in "wax+")) or (
            mode is None and isinstance(flags, int) and flags & WRITING_FLAGS
        )
        return os.fsdecode(path) if writing else None
    if event == "sqlite3.connect" and arguments and isinstance(arguments[0], str | bytes):
        database = os.fsdecode(arguments[0])
        return None if database in ("", ":memory:") else database
    return None


def main() -> None:
    """Build the app from the environment, score one applicant, print what was seen."""
    package, applicant = sys.argv[1], json.loads(sys.argv[2])
    written: list[str] = []

    def hook(event: str, arguments: tuple) -> None:
        path = writes(event, arguments)
        if path is not None:
            written.append(os.path.abspath(path))

    sys.addaudithook(hook)
    result = {"written": written}
    try:
        client = importlib.import_module(package).create_app().test_client()
        response = client.post("/score", json=applicant)
        result["status"] = response.status_code
    except Exception as error:  # any failure is the observation
        result["status"] = None
        result["error"] = f"{type(error).__name__}: {error}"
        result["traceback"] = traceback.format_exc()[-600:]
    print(json.dumps(result))


if __name__ == "__main__":
    main()
