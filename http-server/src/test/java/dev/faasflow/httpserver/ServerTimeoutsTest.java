package dev.faasflow.httpserver;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ServerTimeoutsTest {
    @Test
    void theVariablesOverrideTheDefaults() {
        assertEquals(ServerTimeouts.defaults(), ServerTimeouts.fromEnvironment(Map.<String, String>of()::get));
        ServerTimeouts t = ServerTimeouts.fromEnvironment(Map.of(ServerTimeouts.IDLE_VARIABLE, "120",
                ServerTimeouts.BODY_READ_VARIABLE, " 2.5 ")::get);
        assertEquals(new ServerTimeouts(Duration.ofSeconds(120), Duration.ofMillis(2_500)), t);
        assertEquals("2.5 s", ServerTimeouts.seconds(t.bodyRead()));
        assertEquals("120 s", ServerTimeouts.seconds(t.idle()));
    }

    @Test
    void aBadValueNamesItsVariable() {
        for (String bad : new String[] {"soon", "0", "-3", "NaN", "1e9"}) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> ServerTimeouts.fromEnvironment(Map.of(ServerTimeouts.BODY_READ_VARIABLE, bad)::get));
            assertTrue(e.getMessage().startsWith(ServerTimeouts.BODY_READ_VARIABLE + ": "), e.getMessage());
        }
    }
}
