"""DEBT-05 No input validation: what does the stage do with bad requests?

The probe sends the corpus of `bad_requests` (each under its own application id where the
body allows one) and counts server errors, bad requests accepted, rows written to the
database, and rejections whose message does not name the field at fault.
"""

from credit_data.load import applicant_payload

from ..database import count_all_rows
from .bad_requests import bad_requests
from .context import ProbeContext
from .result import ProbeResult

DEBT_ID = "DEBT-05"


def names_field(message: str, fields: tuple[str, ...]) -> bool:
    """Whether an error message names one of `fields` (always true when there is none)."""
    return not fields or any(field in message for field in fields)


def probe(context: ProbeContext) -> ProbeResult:
    """Measure DEBT-05 on the context's stage."""
    valid = {**applicant_payload(context.holdout.iloc[0]), "application_id": ""}
    client, database_url = context.client(), context.trained.database_url
    server_errors, accepted, unnamed = [], [], []
    rows_written, rows_written_for_rejected = 0, 0
    corpus = bad_requests(valid)
    for case in corpus:
        body = case.body.replace(
            b'"application_id": ""', f'"application_id": "{context.new_id("bad")}"'.encode()
        )
        rows_before = count_all_rows(database_url)
        response = client.post("/score", data=body, content_type=case.content_type)
        written = count_all_rows(database_url) - rows_before
        rows_written += written
        rows_written_for_rejected += written if response.status_code >= 400 else 0
        if response.status_code >= 500:
            server_errors.append(case.name)
        elif response.status_code < 400:
            accepted.append(case.name)
        elif not names_field(response.get_data(as_text=True), case.fields):
            unnamed.append(case.name)
    evidence = {
        "bad_requests": len(corpus),
        "server_errors": len(server_errors),
        "accepted": len(accepted),
        "rows_written": rows_written,
        "rows_written_for_rejected": rows_written_for_rejected,
        "messages_not_naming_the_field": len(unnamed),
        "examples_server_error": server_errors[:5],
        "examples_accepted": accepted[:5],
        "examples_unnamed": unnamed[:5],
    }
    present = bool(server_errors or accepted or rows_written or unnamed)
    figure = f"{len(server_errors)} 5xx, {len(accepted)} accepted"
    summary = (
        f"of {len(corpus)} bad requests: {len(server_errors)} answered 5xx, {len(accepted)} "
        f"accepted and stored ({rows_written} rows), {rows_written_for_rejected} rows stored for "
        f"rejected ones, {len(unnamed)} rejections not naming the field"
    )
    return ProbeResult(DEBT_ID, present, figure, summary, evidence)
