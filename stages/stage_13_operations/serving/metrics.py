"""Metrics for Prometheus, `GET /metrics`: traffic, errors, latency, decisions, alerts.

Three of the four golden signals (Google SRE book) of an HTTP service, by route and status:
requests answered (traffic; errors are the 4xx and 5xx among them) and the time to answer
(latency); saturation shows in the host's own metrics. Beside them what the service decides:
the decisions given, the model version each process serves, and the recent alerts of the
monitor, read from the database at each scrape (every process sees the same).

Under gunicorn each worker is a process of its own, and a scrape reaches one of them: the
counters are kept in files of the folder `PROMETHEUS_MULTIPROC_DIR` names (prometheus_client's
multiprocess mode; `gunicorn_config.py` makes the folder and marks a stopped worker's files),
and every worker answers with the sum over all of them. Without it (one process) each
application counts in a registry of its own.
"""

import collections
import os
import time
from dataclasses import dataclass

from flask import Flask, Response, current_app, g, request
from prometheus_client import (
    CONTENT_TYPE_LATEST,
    CollectorRegistry,
    Counter,
    Gauge,
    Histogram,
    generate_latest,
    multiprocess,
)
from prometheus_client.core import GaugeMetricFamily

from ..storage.monitoring import SqlMonitoringRepository
from .champion import ChampionHolder

EXTENSION = "metrics"
# The alerts a scrape reads, newest first.
RECENT_ALERTS = 100


@dataclass(frozen=True)
class ServiceMetrics:
    """One application's metrics and the registry they are counted in."""

    registry: CollectorRegistry
    requests: Counter
    latency: Histogram
    decisions: Counter
    served_version: Gauge

    @classmethod
    def create(cls) -> "ServiceMetrics":
        """New metrics in a new registry."""
        registry = CollectorRegistry()
        return cls(
            registry=registry,
            requests=Counter(
                "credit_http_requests",
                "HTTP requests answered, by route, method and status.",
                ["route", "method", "status"],
                registry=registry,
            ),
            latency=Histogram(
                "credit_http_request_duration_seconds",
                "Seconds to answer a request, by route and method.",
                ["route", "method"],
                registry=registry,
            ),
            decisions=Counter(
                "credit_decisions", "Decisions given, by decision.", ["decision"], registry=registry
            ),
            served_version=Gauge(
                "credit_served_model_version",
                "The model version each process serves.",
                registry=registry,
                multiprocess_mode="livemostrecent",
            ),
        )


class RecentAlerts:
    """A collector of the monitor's recent alerts, read from the database at each scrape."""

    def __init__(self, findings: SqlMonitoringRepository):
        """Read the alerts through `findings`."""
        self.findings = findings

    def collect(self):
        """Per kind, how many of the newest alerts it has, and the window of its newest."""
        counts = GaugeMetricFamily(
            "credit_recent_alerts",
            f"Alerts among the newest {RECENT_ALERTS} the monitor raised, by kind.",
            labels=["kind"],
        )
        windows = GaugeMetricFamily(
            "credit_latest_alert_window",
            "The window of the newest alert of each kind.",
            labels=["kind"],
        )
        newest: dict[str, int] = {}
        tally: dict[str, int] = {}
        for alert in self.findings.alerts(RECENT_ALERTS):
            newest.setdefault(alert["kind"], alert["window"])
            tally[alert["kind"]] = tally.get(alert["kind"], 0) + 1
        for kind, count in tally.items():
            counts.add_metric([kind], count)
            windows.add_metric([kind], newest[kind])
        yield counts
        yield windows


def attach_metrics(app: Flask, champion: ChampionHolder, findings: SqlMonitoringRepository):
    """Count every request of `app` and serve `GET /metrics`.

    Args:
        app: The application.
        champion: The served model's holder.
        findings: Where the monitor's alerts are read.
    """
    metrics = ServiceMetrics.create()
    app.extensions[EXTENSION] = metrics
    alerts = RecentAlerts(findings)

    def start() -> None:
        g.started = time.perf_counter()
        metrics.served_version.set(champion.version)

    def count(response: Response) -> Response:
        route = request.url_rule.rule if request.url_rule else "(no route)"
        metrics.requests.labels(route, request.method, str(response.status_code)).inc()
        elapsed = time.perf_counter() - g.get("started", time.perf_counter())
        metrics.latency.labels(route, request.method).observe(elapsed)
        return response

    def scrape() -> Response:
        registry = CollectorRegistry()
        if os.environ.get("PROMETHEUS_MULTIPROC_DIR"):
            multiprocess.MultiProcessCollector(registry)
        else:
            registry = metrics.registry
        body = generate_latest(registry) + generate_latest(alerts)
        return Response(body, mimetype=CONTENT_TYPE_LATEST)

    app.before_request(start)
    app.after_request(count)
    app.add_url_rule("/metrics", "metrics", scrape, methods=["GET"])


def count_decisions(decisions) -> None:
    """Count the decisions given by the application handling the current request."""
    counter = current_app.extensions[EXTENSION].decisions
    for decision, number in collections.Counter(decisions).items():
        counter.labels(decision).inc(number)
