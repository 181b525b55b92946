"""The tests talk to a real agent's store endpoint: its URL comes from FAASFLOW_TEST_STORE_URL, which the Maven
build's PythonSdkTest sets after starting an agent (run `./mvnw -pl python-sdk -am verify`). That agent has a cluster
key, so its store wants each invocation's token: the tests mint them as an agent does (FAASFLOW_TEST_CLUSTER_KEY and
FAASFLOW_TEST_NODE; docs/FUNCTION_CONTRACT.md gives the derivation)."""

import base64
import hashlib
import hmac
import json
import os
import urllib.error
import urllib.request
import uuid

import pytest

from faasflow_functions import FunctionServer, Functions


@pytest.fixture(scope="session")
def store_url():
    url = os.environ.get("FAASFLOW_TEST_STORE_URL")
    if not url:
        pytest.fail("FAASFLOW_TEST_STORE_URL is not set: these tests need a real agent's store endpoint; "
                    "run them through Maven: ./mvnw -B -pl python-sdk -am verify", pytrace=False)
    return url.rstrip("/")


@pytest.fixture
def invocation():
    return "inv-" + uuid.uuid4().hex


@pytest.fixture
def functions():
    return Functions()


@pytest.fixture
def server(functions):
    s = FunctionServer(functions)
    port = s.start("127.0.0.1", 0)
    s.url = "http://127.0.0.1:%d" % port
    yield s
    s.close()


def call(method, url, body=None):
    """(status, parsed JSON body) of one HTTP call."""
    data = None if body is None else (body if isinstance(body, bytes) else json.dumps(body).encode())
    req = urllib.request.Request(url, data=data, method=method, headers={"Content-Type": "application/json"})
    try:
        with urllib.request.urlopen(req, timeout=30) as resp:
            return resp.status, json.loads(resp.read())
    except urllib.error.HTTPError as e:
        return e.code, json.loads(e.read())


def store_token(invocation):
    """The token the test agent gives a function of `invocation` (None when it has no cluster key)."""
    secret = os.environ.get("FAASFLOW_TEST_CLUSTER_KEY")
    if not secret:
        return None
    node_key = hmac.new(secret.encode(), ("faastore-node:" + os.environ["FAASFLOW_TEST_NODE"]).encode(),
                        hashlib.sha256).digest()
    mac = hmac.new(node_key, invocation.encode(), hashlib.sha256).digest()
    return base64.urlsafe_b64encode(mac).decode().rstrip("=")


def _auth(invocation):
    token = store_token(invocation)
    return {"Authorization": "Bearer " + token} if token else {}


def store_put(store_url, invocation, key, value):
    req = urllib.request.Request("%s/v1/store/%s/%s" % (store_url, invocation, urllib.request.quote(key, safe="")),
                                 data=value, method="PUT", headers=_auth(invocation))
    with urllib.request.urlopen(req, timeout=30) as resp:
        assert resp.status == 204


def store_get(store_url, invocation, key):
    url = "%s/v1/store/%s/%s" % (store_url, invocation, urllib.request.quote(key, safe=""))
    try:
        with urllib.request.urlopen(urllib.request.Request(url, headers=_auth(invocation)), timeout=30) as resp:
            return resp.read()
    except urllib.error.HTTPError as e:
        if e.code == 404:
            return None
        raise


def run_request(store_url, invocation, source, inputs=(), outputs=(), **extra):
    body = {"workflow": "pytest", "invocation": invocation, "function": source + "-fn", "source": source,
            "store": store_url, "destination": "MEM", "storeToken": store_token(invocation),
            "inputs": [dict(i) for i in inputs], "outputs": [dict(o) for o in outputs]}
    body.update(extra)
    return body
