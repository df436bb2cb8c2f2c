"""A served stage seen from outside: JSON over HTTP with the standard library only."""

import json
import urllib.error
import urllib.request
from dataclasses import dataclass

TIMEOUT_SECONDS = 120


@dataclass(frozen=True)
class HttpService:
    """A stage served at `base_url`, called with an optional admin bearer token.

    Attributes:
        base_url: For example `http://127.0.0.1:5000`, without a trailing slash.
        admin_token: The bearer token sent to every route; None sends no header.
    """

    base_url: str
    admin_token: str | None = None

    def headers(self) -> dict[str, str]:
        """The headers of every request: JSON, and the bearer token when there is one."""
        headers = {"Content-Type": "application/json"}
        if self.admin_token:
            headers["Authorization"] = f"Bearer {self.admin_token}"
        return headers

    def call(self, method: str, path: str, payload: object = None) -> tuple[int, object]:
        """Send one request and return the status and the decoded JSON body.

        Args:
            method: `GET`, `POST` or `OPTIONS`.
            path: The route, for example `/score`.
            payload: The JSON body; None sends none.

        Returns:
            The HTTP status and the body (None when it is not JSON).
        """
        data = None if payload is None else json.dumps(payload).encode()
        request = urllib.request.Request(
            self.base_url + path, data=data, headers=self.headers(), method=method
        )
        try:
            with urllib.request.urlopen(request, timeout=TIMEOUT_SECONDS) as response:
                return response.status, decoded(response.read())
        except urllib.error.HTTPError as error:
            return error.code, decoded(error.read())

    def get(self, path: str) -> tuple[int, object]:
        """`GET path`."""
        return self.call("GET", path)

    def post(self, path: str, payload: object) -> tuple[int, object]:
        """`POST path` with a JSON body."""
        return self.call("POST", path, payload)

    def allows(self, path: str, method: str) -> bool:
        """Whether the route exists and accepts `method`, from its answer to `OPTIONS`.

        Flask answers `OPTIONS` for every route it has, without running the view (so without
        asking for a token), and lists the methods in the `Allow` header; 404 otherwise.
        """
        request = urllib.request.Request(self.base_url + path, method="OPTIONS")
        try:
            with urllib.request.urlopen(request, timeout=TIMEOUT_SECONDS) as response:
                allowed = response.headers.get("Allow", "")
        except urllib.error.HTTPError:
            return False
        return method in {part.strip() for part in allowed.split(",")}


def decoded(body: bytes) -> object:
    """The JSON value of a response body; None when it is empty or not JSON."""
    try:
        return json.loads(body) if body else None
    except ValueError:
        return None
