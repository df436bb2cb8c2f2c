"""Request ids: every request gets one, and the model version serving it is noted beside it.

A log line an operator can search says which request it belongs to and which model version
was serving it. Every request gets an id (`X-Request-ID`: the client's, when it sends a
well-formed one, else a new one; the answer carries it back), kept with the served version in
Flask's `g`, where the JSON log format of `gunicorn_config.py` (`JsonFormatter`) finds them for
every line written while the request is served.
"""

import re
import uuid

from flask import Flask, Response, g, request

from .champion import ChampionHolder

REQUEST_ID_HEADER = "X-Request-ID"
WELL_FORMED_ID = re.compile(r"[A-Za-z0-9._:-]{1,64}")


def attach_request_ids(app: Flask, champion: ChampionHolder) -> None:
    """Give every request an id and note the model version serving it; answer with the id.

    Args:
        app: The application.
        champion: The served model's holder.
    """

    def assign() -> None:
        sent = request.headers.get(REQUEST_ID_HEADER, "")
        g.request_id = sent if WELL_FORMED_ID.fullmatch(sent) else uuid.uuid4().hex
        g.model_version = champion.version

    def answer(response: Response) -> Response:
        response.headers[REQUEST_ID_HEADER] = g.get("request_id", "")
        return response

    app.before_request(assign)
    app.after_request(answer)
