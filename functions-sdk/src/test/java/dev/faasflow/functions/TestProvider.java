package dev.faasflow.functions;

/** Listed in this module's test resources under META-INF/services: what {@link FunctionRegistry#discover()} finds. */
public final class TestProvider implements FunctionProvider {
    @Override
    public void register(FunctionRegistry functions) {
        functions.register("discovered-hello", ctx -> ctx.putString("greeting", "hello"));
        functions.register("discovered/*", ctx -> { });
    }
}
