"""The functions of the python-hello workflow (flat_workflow.yaml), written with the Python SDK."""

from faasflow_functions import function


@function("split")
def split(ctx):
    # A global input: "Ada, Grace" or ["Ada", "Grace"]. An output of type keys is the list a foreach runs over.
    names = ctx.input("names", "")
    people = [n.strip() for n in names.split(",")] if isinstance(names, str) else [str(n) for n in names]
    people = [p for p in people if p]
    if not people:
        raise ValueError("input 'names' holds no name")
    ctx.put_json("people", people)


@function("greet")
def greet(ctx):
    # One run per element of split's list: ctx.element is this instance's, ctx.instance its index.
    ctx.put_text("greeting", "Hello, %s!" % ctx.element)


@function("collect")
def collect(ctx):
    # The merge after the foreach: greeting holds the values of all instances, in order.
    ctx.put_text("letter", " ".join(g.decode("utf-8") for g in ctx.fetch_list("greeting")))


@function("count")
def count(ctx):
    ctx.put_json("words", len(ctx.fetch_text("letter").split()))


@function("shout")
def shout(ctx):
    ctx.put_text("loud", ctx.fetch_text("letter").upper())


@function("sign")
def sign(ctx):
    ctx.put_text("signed", ctx.fetch_text("letter") + " -- sent with FaaSFlow")
