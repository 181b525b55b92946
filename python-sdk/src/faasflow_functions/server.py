"""The function server: POST /v1/run, GET /v1/health, GET /v1/functions, GET /metrics (docs/FUNCTION_CONTRACT.md).

Runs on the standard library's ThreadingHTTPServer (HTTP/1.1 keep-alive, a thread per connection); a run executes
on its connection's thread. Errors are {"error": "..."} with 400 (malformed request, also "field"), 404 (unknown
implementation or path), 405, 413, 500 (the function failed: "<function>: <message>"), 503 (too many runs).
"""

import argparse
import importlib
import json
import logging
import os
import sys
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

from .context import BadRequest, Context, Request
from .registry import UnknownFunction, default
from .metrics import RuntimeMetrics
from .store import StoreClient

LOG = logging.getLogger("faasflow_functions")
MAX_REQUEST_BYTES = 16 * 1024 * 1024


def _seconds(variable, fallback):
    try:
        return max(1.0, float(os.environ.get(variable, "").strip() or fallback))
    except ValueError:
        LOG.warning("%s is not a number of seconds: using %s s", variable, fallback)
        return float(fallback)


def _describe(exc):
    text = str(exc).strip()
    return text if text else type(exc).__name__


class _Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    # Headers and body go out in separate writes: without TCP_NODELAY a small answer waits for a delayed ACK.
    disable_nagle_algorithm = True
    server_version = "faasflow-python-sdk"
    # Slow clients are cut as on every server of the project (the same variable): a connection that sends nothing
    # for this long, idle between requests or stalled in one, is closed. A long run is not cut: its thread is
    # running the function, not waiting on the socket.
    timeout = _seconds("FAASFLOW_HTTP_IDLE_TIMEOUT_SECONDS", "90")

    def log_message(self, fmt, *args):  # access lines only when debugging
        LOG.debug("%s %s", self.address_string(), fmt % args)

    def do_GET(self):
        if self.path == "/v1/health":
            self._reply(200, {"status": "UP", "running": self.server.faasflow.running})
        elif self.path == "/v1/functions":
            self._reply(200, {"functions": self.server.faasflow.functions.names(), "fallback": None, "strict": True})
        elif self.path == "/metrics":
            data = self.server.faasflow.metrics.scrape(self.server.faasflow.running)
            self.send_response(200)
            self.send_header("Content-Type", "text/plain; version=0.0.4; charset=utf-8")
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            self.wfile.write(data)
        elif self.path == "/v1/run":
            self._drain()
            self._reply(405, {"error": "method not allowed: GET /v1/run (use POST)"})
        else:
            self._reply(404, {"error": "no such endpoint: GET " + self.path})

    def do_POST(self):
        if self.path != "/v1/run":
            self._drain()
            method = "GET" if self.path in ("/v1/health", "/v1/functions") else None
            if method:
                self._reply(405, {"error": "method not allowed: POST %s (use GET)" % self.path})
            else:
                self._reply(404, {"error": "no such endpoint: POST " + self.path})
            return
        try:
            length = int(self.headers.get("Content-Length", "0"))
        except ValueError:
            length = -1
        if length < 0:
            self.close_connection = True
            self._reply(400, {"error": "bad request: invalid Content-Length"})
            return
        if length > MAX_REQUEST_BYTES:
            self.close_connection = True
            self._reply(413, {"error": "request body larger than %d bytes" % MAX_REQUEST_BYTES})
            return
        body = self.rfile.read(length)
        if not body:
            self._reply(400, {"error": "bad request: empty body (expected a JSON run request)", "field": "$"})
            return
        try:
            parsed = json.loads(body)
        except ValueError as e:
            self._reply(400, {"error": "bad request: body is not valid JSON: %s" % e, "field": "$"})
            return
        try:
            request = Request(parsed)
        except BadRequest as e:
            self._reply(400, {"error": str(e), "field": e.field})
            return
        status, answer = self.server.faasflow.run(request)
        self._reply(status, answer)

    def _drain(self):
        try:
            length = int(self.headers.get("Content-Length", "0"))
        except ValueError:
            length = 0
        if 0 < length <= MAX_REQUEST_BYTES:
            self.rfile.read(length)
        elif length:
            self.close_connection = True

    def _reply(self, status, body):
        data = json.dumps(body, separators=(",", ":")).encode("utf-8")
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)


class FunctionServer:
    """Serves a registry (default: the one `@function` fills). `start()` returns the bound port."""

    def __init__(self, functions=None, max_runs=4096, store_timeout=120.0):
        self.functions = default if functions is None else functions
        self.max_runs = max_runs
        self.store_timeout = store_timeout
        self.running = 0
        self.metrics = RuntimeMetrics()
        self._lock = threading.Lock()
        self._httpd = None
        self._thread = None

    def run(self, request):
        """(status, JSON body) for a parsed request; never raises for a function's failure."""
        try:
            name, fn = self.functions.resolve(request)
        except UnknownFunction as e:
            return 404, {"error": str(e)}
        try:
            store = StoreClient(request.store, self.store_timeout, request.store_token)
        except ValueError as e:
            return 400, {"error": "bad request: field 'store' %s" % e, "field": "store"}
        with self._lock:
            if self.running >= self.max_runs:
                return 503, {"error": "function runtime saturated: %d runs in flight; retry later" % self.max_runs}
            self.running += 1
        try:
            ctx = Context(request, store)
            started = time.time()
            t0 = time.perf_counter()
            try:
                fn(ctx)
            except Exception as e:  # noqa: BLE001 - any failure of the function fails the run, named
                self.metrics.run(request.workflow, request.function, False, time.perf_counter() - t0,
                                 ctx.bytes_read, ctx.bytes_written)
                message = "%s: %s" % (request.display_name, _describe(e))
                LOG.warning("invocation %s of %s: %s", request.invocation, request.workflow, message)
                LOG.debug("the failure's traceback", exc_info=True)
                return 500, {"error": message}
            duration = time.perf_counter() - t0
            ended = time.time()
            self.metrics.run(request.workflow, request.function, True, duration, ctx.bytes_read, ctx.bytes_written)
            return 200, {"function": request.function, "instance": request.instance, "implementation": name,
                         "durationMs": duration * 1000.0, "dataMs": ctx.data_seconds * 1000.0,
                         "gets": ctx.gets, "puts": ctx.puts, "bytesRead": ctx.bytes_read,
                         "bytesWritten": ctx.bytes_written, "startedAtMicros": int(started * 1e6),
                         "endedAtMicros": int(ended * 1e6)}
        finally:
            with self._lock:
                self.running -= 1

    def start(self, host="127.0.0.1", port=0):
        httpd = ThreadingHTTPServer((host, port), _Handler, bind_and_activate=False)
        httpd.daemon_threads = True
        httpd.request_queue_size = 1024
        httpd.faasflow = self
        try:
            httpd.server_bind()
            httpd.server_activate()
        except OSError:
            httpd.server_close()
            raise
        self._httpd = httpd
        self._thread = threading.Thread(target=httpd.serve_forever, name="faasflow-function-server", daemon=True)
        self._thread.start()
        return httpd.server_address[1]

    def close(self):
        if self._httpd is not None:
            self._httpd.shutdown()
            self._httpd.server_close()
            self._httpd = None


def serve(functions=None, host="0.0.0.0", port=8080, max_runs=4096):
    """Serves until the process is stopped."""
    server = FunctionServer(functions, max_runs)
    bound = server.start(host, port)
    LOG.info("function server listening on %s:%d, %d implementations", host, bound, len(server.functions))
    try:
        server._thread.join()
    except KeyboardInterrupt:
        pass
    finally:
        server.close()


def _env(name, fallback):
    value = os.environ.get(name)
    return fallback if value in (None, "") else value


def main(argv=None):
    """`python3 -m faasflow_functions [--port N] [--host H] [--max-runs N] MODULE...`; exit 2 on bad usage."""
    parser = argparse.ArgumentParser(prog="python3 -m faasflow_functions",
                                     description="A faasflow function server: imports the modules (which register "
                                                 "their functions with @function) and serves them over the "
                                                 "function contract.")
    parser.add_argument("--port", type=int, default=int(_env("FAASFLOW_FUNCTION_PORT", 8080)),
                        help="port to listen on (0: any free port; env FAASFLOW_FUNCTION_PORT; default 8080)")
    parser.add_argument("--host", default=os.environ.get("FAASFLOW_FUNCTION_HOST") or "0.0.0.0",
                        help="address to bind (env FAASFLOW_FUNCTION_HOST; default 0.0.0.0)")
    parser.add_argument("--max-runs", type=int, default=int(_env("FAASFLOW_FUNCTION_MAX_RUNS", 4096)),
                        help="runs in flight at most; more are answered 503 (default 4096)")
    parser.add_argument("modules", nargs="+", metavar="MODULE",
                        help="module to import (found on PYTHONPATH and the current directory)")
    args = parser.parse_args(argv)
    logging.basicConfig(level=os.environ.get("FAASFLOW_LOG_LEVEL", "INFO").upper(), stream=sys.stderr,
                        format="%(asctime)s %(levelname)s %(name)s %(message)s")
    if not 0 <= args.port <= 65535:
        parser.error("--port must be from 0 to 65535, got %d" % args.port)
    if args.max_runs < 1:
        parser.error("--max-runs must be at least 1, got %d" % args.max_runs)
    if os.getcwd() not in sys.path:
        sys.path.insert(0, os.getcwd())
    for module in args.modules:
        try:
            importlib.import_module(module[:-3] if module.endswith(".py") else module)
        except Exception as e:  # noqa: BLE001 - the user's module: say which and why, in one line
            print("faasflow_functions: cannot import module %s: %s: %s" % (module, type(e).__name__, e),
                  file=sys.stderr)
            return 2
    if len(default) == 0:
        print("faasflow_functions: no functions to serve: the modules %s register none (use @function)"
              % ", ".join(args.modules), file=sys.stderr)
        return 2
    try:
        serve(default, args.host, args.port, args.max_runs)
    except OSError as e:
        print("faasflow_functions: cannot listen on %s:%d: %s" % (args.host, args.port, e), file=sys.stderr)
        return 1
    return 0
