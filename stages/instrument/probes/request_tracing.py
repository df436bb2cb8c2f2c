"""Does every answer name its request? The request-id part of DEBT-18's probe.

An operator who reads a client's complaint ("request X failed at 10:02") must find that
request in the logs: the service gives every request an id and answers with it
(`X-Request-ID`), keeping a well-formed id the client sent and making a new one otherwise.
Measured from outside, on the answers only:

- a well-formed id the probe sends (new each run) comes back unchanged;
- two requests without one get two different ids, neither empty;
- an id that is not well formed (spaces, angle brackets: what a log line must not carry) is
  not sent back as it is.

A constant id, an id only echoed, or an id copied from anything a client may send fails.
"""

from collections.abc import Callable

from flask.testing import FlaskClient

HEADER = "X-Request-ID"
MALFORMED = "id with spaces <and> brackets"


def request_id_findings(client: FlaskClient, new_id: Callable[[], str]) -> dict:
    """Whether the stage names every request in its answer, with the evidence.

    Args:
        client: A test client of the stage.
        new_id: Gives a new well-formed id (letters, digits, dashes).

    Returns:
        `holds` and what each request got back.
    """
    sent = new_id()
    kept = client.get("/health", headers={HEADER: sent}).headers.get(HEADER)
    first, second = (client.get("/health").headers.get(HEADER) for _ in range(2))
    replaced = client.get("/health", headers={HEADER: MALFORMED}).headers.get(HEADER)
    checks = {
        "sent_id_kept": kept == sent,
        "new_ids_differ": bool(first) and bool(second) and first != second,
        "malformed_id_replaced": bool(replaced) and replaced != MALFORMED,
    }
    return {
        "holds": all(checks.values()),
        **checks,
        "sent": sent,
        "answers": {"kept": kept, "first": first, "second": second, "replaced": replaced},
    }
