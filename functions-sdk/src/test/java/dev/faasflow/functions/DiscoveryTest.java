package dev.faasflow.functions;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Functions are found through {@link java.util.ServiceLoader}: a jar on the class path lists its providers. */
class DiscoveryTest {

    @Test
    void theClassPathsProvidersRegisterTheirFunctions() {
        FunctionRegistry registry = FunctionRegistry.discover();
        assertNotNull(registry.get("discovered-hello"));
        assertNotNull(registry.get("discovered/*"));
        assertEquals(null, registry.fallbackName());
    }

    @Test
    void aProviderThatCannotBeLoadedIsNamed(@TempDir Path dir) throws Exception {
        Path services = dir.resolve("META-INF/services");
        Files.createDirectories(services);
        Files.writeString(services.resolve(FunctionProvider.class.getName()), "com.example.Missing\n");
        try (URLClassLoader loader = new URLClassLoader(new URL[] {dir.toUri().toURL()}, getClass().getClassLoader())) {
            IllegalStateException e = assertThrows(IllegalStateException.class,
                    () -> new FunctionRegistry().discover(loader));
            assertTrue(e.getMessage().startsWith("a function provider cannot be loaded: ")
                    && e.getMessage().contains("com.example.Missing"), e.getMessage());
        }
    }
}
