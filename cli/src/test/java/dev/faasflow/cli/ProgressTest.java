package dev.faasflow.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Progress is a bar redrawn in place on a terminal, and plain lines at every tenth for a pipe or a log. */
class ProgressTest {

    @Test
    void aPipeGetsALineAtEveryTenthAndNoCarriageReturn() {
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        Main.Console io = new Main.Console(System.out, new PrintStream(err, true, StandardCharsets.UTF_8), false);
        try (Progress p = Progress.of(io, "video", "invocations", 20)) {
            for (int i = 0; i < 20; i++) {
                p.step(i != 3);
            }
        }
        String text = err.toString(StandardCharsets.UTF_8);
        assertFalse(text.contains("\r"), text);
        List<String> lines = text.lines().toList();
        assertEquals(10, lines.size(), text);
        assertEquals("2/20 invocations done (10%)", lines.get(0));
        assertEquals("4/20 invocations done (20%), 1 failed", lines.get(1));
        assertEquals("20/20 invocations done (100%), 1 failed", lines.get(9));
    }

    @Test
    void aTerminalGetsABarRedrawnInPlace() {
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        Main.Console io = new Main.Console(System.out, new PrintStream(err, true, StandardCharsets.UTF_8), true);
        try (Progress p = Progress.of(io, "video", "invocations", 5)) {
            for (int i = 0; i < 5; i++) {
                p.step(true);
            }
        }
        String text = err.toString(StandardCharsets.UTF_8);
        assertTrue(text.contains("\r"), "redrawn in place: " + text);
        assertTrue(text.contains("video") && text.contains("5/5"), text);
    }
}
