"""Failures are answered as the contract says: a status and {"error"} naming the function and the reason."""

from conftest import call, run_request


def test_an_exception_fails_the_run_naming_the_function_and_instance(server, functions, store_url, invocation):
    @functions.function("boom")
    def boom(ctx):
        raise RuntimeError("exploded on purpose")

    status, body = call("POST", server.url + "/v1/run", run_request(store_url, invocation, "boom"))
    assert (status, body) == (500, {"error": "boom-fn: exploded on purpose"})
    status, body = call("POST", server.url + "/v1/run", run_request(store_url, invocation, "boom", instance=2,
                                                                    instances=3, element="x"))
    assert (status, body) == (500, {"error": "boom-fn#2: exploded on purpose"})


def test_a_missing_value_names_the_key(server, functions, store_url, invocation):
    functions.register("read", lambda ctx: ctx.fetch("data"))
    status, body = call("POST", server.url + "/v1/run", run_request(
        store_url, invocation, "read", inputs=[{"name": "data", "key": "nowhere"}]))
    assert status == 500
    assert body["error"] == "read-fn: no value for key 'nowhere' of invocation %s in the store" % invocation


def test_undeclared_input_and_output_are_named(server, functions, store_url, invocation):
    functions.register("sloppy", lambda ctx: ctx.put_text("nope", "x"))
    status, body = call("POST", server.url + "/v1/run", run_request(store_url, invocation, "sloppy",
                                                                    outputs=[{"name": "out"}]))
    assert (status, body["error"]) == (500, "sloppy-fn: no declared output 'nope' (declared: out)")
    functions.register("greedy", lambda ctx: ctx.fetch("what"))
    status, body = call("POST", server.url + "/v1/run", run_request(store_url, invocation, "greedy"))
    assert (status, body["error"]) == (500, "greedy-fn: no declared input 'what' (declared: )")


def test_an_unknown_function_is_404_listing_what_the_server_has(server, functions, store_url, invocation):
    functions.register("known", lambda ctx: None)
    status, body = call("POST", server.url + "/v1/run", run_request(store_url, invocation, "missing"))
    assert status == 404
    assert body["error"] == ("no implementation for function 'missing-fn' of workflow 'pytest' "
                             "(tried pytest/missing, missing, pytest/*; this server has only known)")


def test_malformed_requests_name_the_field(server, store_url, invocation):
    status, body = call("POST", server.url + "/v1/run", b"{not json")
    assert status == 400 and body["field"] == "$" and body["error"].startswith("bad request: body is not valid JSON")
    request = run_request(store_url, invocation, "x")
    del request["invocation"]
    assert call("POST", server.url + "/v1/run", request) == (
        400, {"error": "bad request: field 'invocation' is required", "field": "invocation"})
    request = run_request(store_url, invocation, "x", instances="3")
    assert call("POST", server.url + "/v1/run", request) == (
        400, {"error": "bad request: field 'instances' must be an integer, got \"3\"", "field": "instances"})
    request = run_request(store_url, invocation, "x", inputs=[{"key": "k"}])
    assert call("POST", server.url + "/v1/run", request)[1]["field"] == "inputs[0].name"


def test_health_functions_and_unknown_paths(server, functions):
    functions.register("a", lambda ctx: None)
    assert call("GET", server.url + "/v1/health") == (200, {"status": "UP", "running": 0})
    assert call("GET", server.url + "/v1/functions") == (200, {"functions": ["a"], "fallback": None, "strict": True})
    assert call("GET", server.url + "/v1/nothing")[0] == 404
    assert call("GET", server.url + "/v1/run")[0] == 405


def test_a_silent_or_stalled_connection_is_closed(monkeypatch, functions):
    import socket
    import time
    from faasflow_functions import server as server_module
    from faasflow_functions import FunctionServer
    monkeypatch.setattr(server_module._Handler, "timeout", 1.0)
    s = FunctionServer(functions)
    port = s.start("127.0.0.1", 0)
    try:
        for opening in (b"", b"POST /v1/run HTTP/1.1\r\nHost: x\r\nContent-Length: 100\r\n\r\n{"):
            with socket.create_connection(("127.0.0.1", port), timeout=10) as c:
                c.sendall(opening)
                start = time.monotonic()
                got = b""
                while True:
                    chunk = c.recv(4096)
                    if not chunk:
                        break
                    got += chunk
                assert time.monotonic() - start < 8, "closed within the timeout"
                assert not got.startswith(b"HTTP/1.1 200"), got
    finally:
        s.close()


def test_the_store_refuses_a_run_without_its_own_invocations_token(server, functions, store_url, invocation):
    from conftest import store_put, store_token
    store_put(store_url, invocation, "secret", b"only for this invocation")
    functions.register("peek", lambda ctx: ctx.fetch("data"))
    inputs = [{"name": "data", "key": "secret"}]
    status, body = call("POST", server.url + "/v1/run", run_request(store_url, invocation, "peek", inputs=inputs))
    assert status == 200, body
    # Another invocation's token does not open this invocation's keys, and no token opens nothing.
    other = run_request(store_url, invocation, "peek", inputs=inputs, storeToken=store_token(invocation + "-other"))
    status, body = call("POST", server.url + "/v1/run", other)
    assert status == 500
    assert body["error"].startswith("peek-fn: store refused GET of key 'secret': 403 this store token does not grant"
                                    " invocation '%s'" % invocation), body
    status, body = call("POST", server.url + "/v1/run", run_request(store_url, invocation, "peek", inputs=inputs,
                                                                    storeToken=None))
    assert status == 500
    assert "401 a store call needs the invocation's store token" in body["error"], body


def test_metrics_count_runs_by_function_and_outcome(server, functions, store_url, invocation):
    import urllib.request
    from conftest import store_put
    store_put(store_url, invocation, "in", b"twelve bytes")
    functions.register("copy", lambda ctx: ctx.put("out", ctx.fetch("data")))
    functions.register("oops", lambda ctx: 1 / 0)
    inputs = [{"name": "data", "key": "in"}]
    for _ in range(2):
        status, body = call("POST", server.url + "/v1/run", run_request(store_url, invocation, "copy", inputs=inputs,
                                                                        outputs=[{"name": "out"}]))
        assert status == 200, body
    assert call("POST", server.url + "/v1/run", run_request(store_url, invocation, "oops"))[0] == 500
    with urllib.request.urlopen(server.url + "/metrics", timeout=10) as resp:
        assert resp.headers["Content-Type"].startswith("text/plain; version=0.0.4")
        text = resp.read().decode()
    assert 'faasflow_runtime_runs_total{workflow="pytest",function="copy-fn",outcome="succeeded"} 2' in text, text
    assert 'faasflow_runtime_store_bytes_read_total{workflow="pytest",function="copy-fn",outcome="succeeded"} 24' in text
    assert 'faasflow_runtime_runs_total{workflow="pytest",function="oops-fn",outcome="failed"} 1' in text, text
    assert "faasflow_runtime_runs_in_flight 0\n" in text
