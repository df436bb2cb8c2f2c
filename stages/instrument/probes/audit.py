"""See every file the process opens, whatever the API, with one process-wide audit hook.

`sys.addaudithook` hooks cannot be removed, so one recorder is installed on first use and
switched on and off around the requests a probe measures. The `open` audit event is raised by
`builtins.open`, `io.open` and `os.open`, so `Path.read_bytes`, `joblib.load`, `pickle.load`
on an opened file and a raw `os.open` are all seen, whatever the file's suffix.
"""

import sys
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path


class OpenRecorder:
    """Records the paths of files opened while it is switched on."""

    def __init__(self):
        """A recorder, switched off."""
        self.recording = False
        self.opened: list[str] = []
        self._lock = threading.Lock()

    def __call__(self, event: str, arguments: tuple) -> None:
        """The audit hook: keep the path of an `open` event while recording."""
        if self.recording and event == "open" and arguments and arguments[0] is not None:
            path = arguments[0]
            if isinstance(path, bytes | str | Path):
                with self._lock:
                    self.opened.append(path.decode() if isinstance(path, bytes) else str(path))


_RECORDER: OpenRecorder | None = None


def recorder() -> OpenRecorder:
    """The process's recorder, installed as an audit hook on first use."""
    global _RECORDER
    if _RECORDER is None:
        _RECORDER = OpenRecorder()
        sys.addaudithook(_RECORDER)
    return _RECORDER


@contextmanager
def files_opened_under(folders: list[Path], excluded: set[Path]) -> Iterator[list[str]]:
    """Record the files opened below any of `folders`, except `excluded`, inside the block.

    Args:
        folders: The folders to watch (the instance folder, the model folder).
        excluded: Files not to count (the database and its journals).

    Yields:
        A list that holds, once the block ends, the path of every matching open.
    """
    roots = [folder.resolve() for folder in folders]
    skipped = {path.resolve() for path in excluded}
    hook, found = recorder(), []
    start = len(hook.opened)
    hook.recording = True
    try:
        yield found
    finally:
        hook.recording = False
        opened = hook.opened[start:]
        del hook.opened[start:]
        for name in opened:
            path = Path(name).resolve()
            if path not in skipped and any(path.is_relative_to(root) for root in roots):
                found.append(str(path))
