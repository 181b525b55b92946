"""Fetch and put through the real agent's store endpoint, as functions see them."""

from conftest import call, run_request, store_get, store_put


def test_fetch_and_put_go_through_the_store(server, functions, store_url, invocation):
    @functions.function("upper")
    def upper(ctx):
        ctx.put_text("loud", ctx.fetch_text("text").upper() + ctx.input_text("suffix", "?"))

    store_put(store_url, invocation, "text-key", b"hello")
    status, body = call("POST", server.url + "/v1/run", run_request(
        store_url, invocation, "upper", inputs=[{"name": "text", "key": "text-key"}],
        outputs=[{"name": "loud"}], input={"suffix": "!"}))
    assert status == 200, body
    assert store_get(store_url, invocation, "loud") == b"HELLO!"
    assert body["function"] == "upper-fn" and body["implementation"] == "upper"
    assert (body["gets"], body["puts"], body["bytesRead"], body["bytesWritten"]) == (1, 1, 5, 6)
    assert body["durationMs"] >= body["dataMs"] > 0
    assert body["endedAtMicros"] >= body["startedAtMicros"] > 0


def test_foreach_instance_writes_its_own_key_and_a_merge_reads_them_all(server, functions, store_url, invocation):
    @functions.function("square")
    def square(ctx):
        ctx.put_json("squared", {"of": ctx.element, "value": ctx.element * ctx.element, "i": ctx.instance})

    @functions.function("sum")
    def total(ctx):
        ctx.put_json("total", sum(part["value"] for part in ctx.fetch_json_list("squared")))

    for i, element in enumerate([2, 3, 4]):
        status, body = call("POST", server.url + "/v1/run", run_request(
            store_url, invocation, "square", outputs=[{"name": "squared"}], instance=i, instances=3,
            element=element))
        assert status == 200, body
        assert body["instance"] == i
    assert store_get(store_url, invocation, "squared") is None
    assert store_get(store_url, invocation, "squared#1") == b'{"of":3,"value":9,"i":1}'
    status, body = call("POST", server.url + "/v1/run", run_request(
        store_url, invocation, "sum", inputs=[{"name": "squared", "instances": 3}], outputs=[{"name": "total"}]))
    assert status == 200, body
    assert store_get(store_url, invocation, "total") == b"29"
    assert body["gets"] == 3


def test_keys_output_must_be_a_json_list(server, functions, store_url, invocation):
    functions.register("split", lambda ctx: ctx.put_json("parts", {"not": "a list"}))
    status, body = call("POST", server.url + "/v1/run", run_request(
        store_url, invocation, "split", outputs=[{"name": "parts", "type": "keys"}]))
    assert status == 500
    assert body["error"] == "split-fn: output 'parts' is of type keys, so its value must be a JSON list, got dict"
    assert store_get(store_url, invocation, "parts") is None


def test_workflow_source_and_image_names_resolve_in_the_contract_order(server, functions, store_url, invocation):
    functions.register("pytest/*", lambda ctx: ctx.put_text("out", "wildcard"))
    functions.register("img", lambda ctx: ctx.put_text("out", "image"))
    call("POST", server.url + "/v1/run", run_request(store_url, invocation, "anything", outputs=[{"name": "out"}]))
    assert store_get(store_url, invocation, "out") == b"wildcard"
    call("POST", server.url + "/v1/run", run_request(store_url, invocation, "anything", outputs=[{"name": "out"}],
                                                     image="img"))
    assert store_get(store_url, invocation, "out") == b"image"
