"""The HTTP client of a node's FaaStore endpoint (GET/PUT /v1/store/{invocation}/{key})."""

import json
import urllib.error
import urllib.parse
import urllib.request

DESTINATIONS = ("MEM", "DB", "DB+MEM")


class StoreError(Exception):
    """The store could not be reached or refused a call."""


class ValueNotFound(StoreError):
    """The store has no value for (invocation, key)."""

    def __init__(self, invocation, key):
        super().__init__("no value for key '%s' of invocation %s in the store" % (key, invocation))
        self.invocation = invocation
        self.key = key


class StoreClient:
    def __init__(self, endpoint, timeout=120.0, token=None):
        """A client of `endpoint`; `token` is the run request's storeToken, sent on every call when set."""
        parsed = urllib.parse.urlsplit(endpoint or "")
        if parsed.scheme not in ("http", "https") or not parsed.netloc:
            raise ValueError("must be an http(s) URL, got %r" % (endpoint,))
        self.endpoint = endpoint.rstrip("/")
        self.timeout = timeout
        self._headers = {"Authorization": "Bearer " + token} if token else {}

    def _url(self, invocation, key):
        return "%s/v1/store/%s/%s" % (self.endpoint, urllib.parse.quote(invocation, safe=""),
                                      urllib.parse.quote(key, safe=""))

    def get(self, invocation, key):
        """The value's bytes; raises ValueNotFound when there is none."""
        try:
            req = urllib.request.Request(self._url(invocation, key), headers=self._headers)
            with urllib.request.urlopen(req, timeout=self.timeout) as resp:
                return resp.read()
        except urllib.error.HTTPError as e:
            if e.code == 404:
                raise ValueNotFound(invocation, key) from None
            raise StoreError("store refused GET of key '%s': %s %s" % (key, e.code, _error_text(e))) from None
        except (urllib.error.URLError, OSError) as e:
            raise StoreError("store at %s unreachable for GET of key '%s': %s"
                             % (self.endpoint, key, getattr(e, "reason", e))) from None

    def put(self, invocation, key, value, destination=None):
        url = self._url(invocation, key)
        if destination is not None:
            url += "?destination=" + urllib.parse.quote(destination, safe="")
        req = urllib.request.Request(url, data=bytes(value), method="PUT",
                                     headers=dict(self._headers, **{"Content-Type": "application/octet-stream"}))
        try:
            with urllib.request.urlopen(req, timeout=self.timeout) as resp:
                resp.read()
        except urllib.error.HTTPError as e:
            raise StoreError("store refused PUT of key '%s': %s %s" % (key, e.code, _error_text(e))) from None
        except (urllib.error.URLError, OSError) as e:
            raise StoreError("store at %s unreachable for PUT of key '%s': %s"
                             % (self.endpoint, key, getattr(e, "reason", e))) from None


def _error_text(e):
    try:
        body = e.read()
        return json.loads(body).get("error", body.decode("utf-8", "replace"))
    except Exception:  # noqa: BLE001 - the status alone says enough
        return ""
