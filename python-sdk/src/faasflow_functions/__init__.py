"""Write FaaSFlow functions in Python.

A function is a plain callable taking a :class:`Context`::

    from faasflow_functions import function

    @function("greet")
    def greet(ctx):
        ctx.put_text("greeting", "Hello, " + ctx.input_text("name", "world") + "!")

``python3 -m faasflow_functions MODULE`` imports MODULE (which registers its functions) and serves them over the
function contract (``docs/FUNCTION_CONTRACT.md``). Standard library only.
"""

from .context import Context, FunctionError, ValueNotFound, StoreError
from .registry import Functions, UnknownFunction, default, function
from .server import FunctionServer, serve, main

__all__ = [
    "Context", "FunctionError", "ValueNotFound", "StoreError",
    "Functions", "UnknownFunction", "default", "function",
    "FunctionServer", "serve", "main",
]
