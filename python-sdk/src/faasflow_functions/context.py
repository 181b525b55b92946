"""What one run of a function sees: its request, its declared inputs and outputs in the invocation's store."""

import json
import threading
import time

from .store import StoreClient, StoreError, ValueNotFound


class FunctionError(Exception):
    """Raise it (or anything else) to fail the run; the invocation ends Failed with "<function>: <message>"."""


class BadRequest(Exception):
    """A run request that breaks the contract; names the field."""

    def __init__(self, message, field=None):
        super().__init__(message)
        self.field = field


def _check(obj, field, types, required=False, what=None):
    value = obj.get(field)
    if value is None:
        if required:
            raise BadRequest("bad request: field '%s' is required" % (what or field), what or field)
        return None
    if isinstance(value, bool) and bool not in types:
        raise BadRequest("bad request: field '%s' must be %s, got %s"
                         % (what or field, _names(types), json.dumps(value)), what or field)
    if not isinstance(value, types):
        raise BadRequest("bad request: field '%s' must be %s, got %s"
                         % (what or field, _names(types), json.dumps(value)[:80]), what or field)
    return value


def _names(types):
    return " or ".join({str: "a string", int: "an integer", float: "a number", bool: "a boolean",
                        list: "a list", dict: "an object"}[t] for t in types)


class Request:
    """A parsed, checked run request (the contract's fields, in Python names)."""

    def __init__(self, body):
        if not isinstance(body, dict):
            raise BadRequest("bad request: the body must be a JSON object", "$")
        self.workflow = _check(body, "workflow", (str,), True)
        self.invocation = _check(body, "invocation", (str,), True)
        self.function = _check(body, "function", (str,), True)
        self.store = _check(body, "store", (str,), True)
        self.source = _check(body, "source", (str,))
        self.image = _check(body, "image", (str,))
        self.instance = _check(body, "instance", (int,))
        self.instances = _check(body, "instances", (int,))
        self.element = body.get("element")
        self.runtime_seconds = _check(body, "runtimeSeconds", (int, float)) or 0.0
        self.time_scale = _check(body, "timeScale", (int, float))
        self.time_scale = 1.0 if self.time_scale is None else self.time_scale
        self.destination = _check(body, "destination", (str,))
        self.store_token = _check(body, "storeToken", (str,)) or None
        self.input = _check(body, "input", (dict,)) or {}
        self.inputs = {}
        for i, entry in enumerate(_check(body, "inputs", (list,)) or []):
            where = "inputs[%d]" % i
            if not isinstance(entry, dict):
                raise BadRequest("bad request: field '%s' must be an object" % where, where)
            name = _check(entry, "name", (str,), True, where + ".name")
            key = _check(entry, "key", (str,), False, where + ".key") or name
            width = _check(entry, "instances", (int,), False, where + ".instances")
            self.inputs[name] = (key, width)
        self.outputs = {}
        for i, entry in enumerate(_check(body, "outputs", (list,)) or []):
            where = "outputs[%d]" % i
            if not isinstance(entry, dict):
                raise BadRequest("bad request: field '%s' must be an object" % where, where)
            name = _check(entry, "name", (str,), True, where + ".name")
            self.outputs[name] = _check(entry, "type", (str,), False, where + ".type") or "normal"
        if self.instance is not None and (self.instances is None or not 0 <= self.instance < self.instances):
            raise BadRequest("bad request: field 'instance' must be from 0 to instances - 1, got %d"
                             % self.instance, "instance")

    @property
    def display_name(self):
        return self.function if self.instance is None else "%s#%d" % (self.function, self.instance)


class Context:
    """One run: identity, global input, fetch from and put to the invocation's store (counted and timed)."""

    def __init__(self, request, store):
        self.request = request
        self._store = store
        self._lock = threading.Lock()
        self.data_seconds = 0.0
        self.gets = self.puts = self.bytes_read = self.bytes_written = 0

    # identity
    @property
    def invocation(self):
        return self.request.invocation

    @property
    def workflow(self):
        return self.request.workflow

    @property
    def function(self):
        return self.request.function

    @property
    def instance(self):
        """This foreach instance's index; 0 when not a foreach instance."""
        return self.request.instance or 0

    @property
    def instances(self):
        """The foreach width; 1 when not a foreach instance."""
        return self.request.instances or 1

    @property
    def element(self):
        """Element `instance` of the foreach key list (any JSON value), or None."""
        return self.request.element

    # global input
    def input(self, name, default=None):
        """A global input of the invocation (JSON value), or `default`."""
        value = self.request.input.get(name)
        return default if value is None else value

    def input_text(self, name, default=None):
        value = self.input(name)
        if value is None:
            return default
        return value if isinstance(value, str) else json.dumps(value)

    # fetch
    def fetch(self, name):
        """The bytes of declared input `name` (raises ValueNotFound when the store has none)."""
        key, width = self._input(name)
        if width is not None:
            raise FunctionError("input '%s' holds the %d values of a foreach: use fetch_list" % (name, width))
        return self.fetch_key(key)

    def fetch_list(self, name):
        """The values of input `name`: the N instance values of a foreach of width N, else a one-element list."""
        key, width = self._input(name)
        if width is None:
            return [self.fetch_key(key)]
        return [self.fetch_key("%s#%d" % (key, i)) for i in range(width)]

    def fetch_text(self, name):
        return self.fetch(name).decode("utf-8")

    def fetch_json(self, name):
        return _json(name, self.fetch(name))

    def fetch_json_list(self, name):
        return [_json(name, v) for v in self.fetch_list(name)]

    def fetch_key(self, key):
        t0 = time.perf_counter()
        try:
            value = self._store.get(self.invocation, key)
        finally:
            self._add_time(t0)
        with self._lock:
            self.gets += 1
            self.bytes_read += len(value)
        return value

    # put
    def put(self, name, value):
        """Stores bytes as declared output `name` (key `name`, or `name#i` for foreach instance i)."""
        if name not in self.request.outputs:
            raise FunctionError("no declared output '%s' (declared: %s)" % (name, ", ".join(self.request.outputs)))
        if isinstance(value, str):
            value = value.encode("utf-8")
        if not isinstance(value, (bytes, bytearray, memoryview)):
            raise FunctionError("output '%s' must be bytes or str, got %s (use put_json)" % (name, type(value).__name__))
        if self.request.outputs[name] == "keys":
            try:
                parsed = json.loads(bytes(value))
            except ValueError as e:
                raise FunctionError("output '%s' is of type keys, so its value must be a JSON list, but it is not "
                                    "JSON: %s" % (name, e)) from None
            if not isinstance(parsed, list):
                raise FunctionError("output '%s' is of type keys, so its value must be a JSON list, got %s"
                                    % (name, type(parsed).__name__))
        key = self.output_key(name)
        t0 = time.perf_counter()
        try:
            self._store.put(self.invocation, key, value, self.request.destination)
        finally:
            self._add_time(t0)
        with self._lock:
            self.puts += 1
            self.bytes_written += len(value)

    def put_text(self, name, text):
        self.put(name, text.encode("utf-8"))

    def put_json(self, name, value):
        self.put(name, json.dumps(value, separators=(",", ":")).encode("utf-8"))

    def output_key(self, name):
        return name if self.request.instance is None else "%s#%d" % (name, self.request.instance)

    # helpers
    def _input(self, name):
        if name not in self.request.inputs:
            raise FunctionError("no declared input '%s' (declared: %s)" % (name, ", ".join(self.request.inputs)))
        return self.request.inputs[name]

    def _add_time(self, t0):
        with self._lock:
            self.data_seconds += time.perf_counter() - t0


def _json(name, raw):
    try:
        return json.loads(raw)
    except ValueError as e:
        raise FunctionError("input '%s' is not JSON: %s" % (name, e)) from None


__all__ = ["Context", "Request", "BadRequest", "FunctionError", "StoreClient", "StoreError", "ValueNotFound"]
