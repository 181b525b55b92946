package dev.faasflow.examples.hello;

import com.fasterxml.jackson.databind.JsonNode;
import dev.faasflow.functions.FunctionProvider;
import dev.faasflow.functions.FunctionRegistry;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * The functions of the java-hello workflow ({@code flat_workflow.yaml}), written with the Java SDK. Listed in
 * {@code META-INF/services/dev.faasflow.functions.FunctionProvider}, so the SDK's {@code FunctionServerMain} finds
 * them on the class path.
 */
public final class HelloFunctions implements FunctionProvider {
    @Override
    public void register(FunctionRegistry functions) {
        functions.register("split", ctx -> {
            // A global input: "Ada, Grace" or ["Ada", "Grace"]. An output of type keys is the list a foreach runs over.
            JsonNode names = ctx.input("names");
            List<String> people = new ArrayList<>();
            if (names != null && names.isArray()) {
                names.forEach(n -> people.add(n.asText().trim()));
            } else if (names != null) {
                Arrays.stream(names.asText().split(",")).map(String::trim).forEach(people::add);
            }
            people.removeIf(String::isEmpty);
            if (people.isEmpty()) {
                throw new IllegalArgumentException("input 'names' holds no name");
            }
            ctx.putJson("people", people);
        });
        // One run per element of split's list: ctx.elementText() is this instance's, ctx.instance() its index.
        functions.register("greet", ctx -> ctx.putString("greeting", "Hello, " + ctx.elementText() + "!"));
        // The merge after the foreach: greeting holds the values of all instances, in order.
        functions.register("collect", ctx -> ctx.putString("letter", ctx.fetchList("greeting").stream()
                .map(g -> new String(g, StandardCharsets.UTF_8)).collect(Collectors.joining(" "))));
        functions.register("count", ctx -> ctx.putJson("words", ctx.fetchString("letter").split("\\s+").length));
        functions.register("shout", ctx -> ctx.putString("loud", ctx.fetchString("letter").toUpperCase(Locale.ROOT)));
        functions.register("sign", ctx -> ctx.putString("signed", ctx.fetchString("letter") + " -- sent with FaaSFlow"));
    }
}
