"""Response headers that keep a browser from misreading, framing or leaking the service's pages.

From this stage on the service serves pages to people (the reviewers' page and its login,
with a form that decides applications). Every response gets:

- `Content-Security-Policy`: nothing loads from anywhere (`default-src 'none'`) but the pages'
  own inline styles and `data:` images; forms post only to this service; no page may be framed;
- `X-Frame-Options: DENY`: the same refusal to be framed, for browsers without CSP level 2
  (clickjacking a reviewer into approving an application);
- `X-Content-Type-Options: nosniff`: a JSON answer is never run as a script or a page;
- `Referrer-Policy: no-referrer`: a page's address, with its query, is not sent elsewhere.
"""

from flask import Response

SECURITY_HEADERS = {
    "Content-Security-Policy": (
        "default-src 'none'; style-src 'unsafe-inline'; img-src data:; "
        "form-action 'self'; frame-ancestors 'none'; base-uri 'none'"
    ),
    "X-Frame-Options": "DENY",
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "no-referrer",
}


def add_security_headers(response: Response) -> Response:
    """Add the security headers to a response that does not set them itself."""
    for name, value in SECURITY_HEADERS.items():
        response.headers.setdefault(name, value)
    return response
