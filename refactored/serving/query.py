"""Query-string arguments: the value asked for, or a 400 naming the argument, never a guess."""

import math

from flask import abort, request


def number_argument(name: str, kind: type, default: float | None = None) -> float | None:
    """The query argument `name` as an integer or a finite number; `default` when absent.

    Args:
        name: The argument's name.
        kind: `int` or `float`.
        default: The value when the argument is absent.

    Returns:
        The argument's value, or `default`.
    """
    text = request.args.get(name)
    if text is None:
        return default
    try:
        value = kind(text)
    except ValueError:
        value = None
    # An integer of any length is finite (and too long for `math.isfinite`, which converts it).
    if value is None or (kind is float and not math.isfinite(value)):
        expected = "an integer" if kind is int else "a finite number"
        abort(400, description=f"the query argument `{name}` must be {expected}")
    return value
