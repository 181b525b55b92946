"""A function server's metrics in Prometheus' text format (GET /metrics), the same series as the Java runtime's:
runs by workflow, function and outcome, their time and bytes, runs in flight. Standard library only."""

import threading


def _escape(value):
    return str(value).replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n")


class RuntimeMetrics:
    SERIES = (
        ("faasflow_runtime_runs_total", "function runs this runtime served", 0),
        ("faasflow_runtime_run_seconds_total", "time those runs took, in seconds", 1),
        ("faasflow_runtime_store_bytes_read_total", "bytes those runs fetched", 2),
        ("faasflow_runtime_store_bytes_written_total", "bytes those runs put", 3),
    )

    def __init__(self):
        self._lock = threading.Lock()
        self._totals = {}  # (workflow, function, outcome) -> [runs, seconds, bytes read, bytes written]

    def run(self, workflow, function, succeeded, seconds, bytes_read, bytes_written):
        key = (workflow, function, "succeeded" if succeeded else "failed")
        with self._lock:
            t = self._totals.setdefault(key, [0, 0.0, 0, 0])
            t[0] += 1
            t[1] += seconds
            t[2] += bytes_read
            t[3] += bytes_written

    def scrape(self, in_flight):
        with self._lock:
            rows = sorted((k, list(v)) for k, v in self._totals.items())
        out = []
        for name, help_text, index in self.SERIES:
            out.append("# HELP %s %s\n# TYPE %s counter\n" % (name, help_text, name))
            for (workflow, function, outcome), values in rows:
                out.append('%s{workflow="%s",function="%s",outcome="%s"} %s\n'
                           % (name, _escape(workflow), _escape(function), outcome, repr(values[index])))
        out.append("# HELP faasflow_runtime_runs_in_flight function runs in progress now\n"
                   "# TYPE faasflow_runtime_runs_in_flight gauge\nfaasflow_runtime_runs_in_flight %d\n" % in_flight)
        return "".join(out).encode("utf-8")
