"""Functions by name, resolved for a run request as the Java SDK resolves them."""

import threading


class UnknownFunction(Exception):
    pass


class Functions:
    """A registry: register a callable(ctx) under a source name, `workflow/source`, an image name or `workflow/*`."""

    def __init__(self):
        self._by_name = {}
        self._lock = threading.Lock()

    def register(self, name, fn):
        if not name:
            raise ValueError("a function's name must not be empty")
        if not callable(fn):
            raise TypeError("function '%s' must be callable, got %s" % (name, type(fn).__name__))
        with self._lock:
            self._by_name[name] = fn
        return fn

    def function(self, *names):
        """Decorator: `@functions.function("greet")` (no name: the Python function's own name)."""
        def decorate(fn):
            for n in names or (fn.__name__,):
                self.register(n, fn)
            return fn
        return decorate

    def names(self):
        return sorted(self._by_name)

    def __len__(self):
        return len(self._by_name)

    def resolve(self, request):
        """(name, callable) for a request: its image, workflow/source, source, workflow/*; else UnknownFunction."""
        source = request.source if request.source is not None else request.function
        tried = []
        for name in (request.image, request.workflow + "/" + source, source, request.workflow + "/*"):
            if name is None or name in tried:
                continue
            tried.append(name)
            fn = self._by_name.get(name)
            if fn is not None:
                return name, fn
        names = self.names()
        raise UnknownFunction("no implementation for function '%s' of workflow '%s' (tried %s; this server has %s)"
                              % (request.function, request.workflow, ", ".join(tried),
                                 "only " + ", ".join(names[:10]) + (" … %d more" % (len(names) - 10)
                                                                    if len(names) > 10 else "")
                                 if names else "no functions"))


#: The registry `@function` and `python3 -m faasflow_functions` use.
default = Functions()


def function(*names):
    """Registers the decorated callable(ctx) with the default registry under `names` (default: its own name)."""
    return default.function(*names)
