package dev.faasflow.logging;

import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.core.status.Status;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class LogFormatTest {
    @Test
    void textOrJsonElseTextWithAWarning() {
        LogFormat format = new LogFormat();
        LoggerContext context = new LoggerContext();
        format.setContext(context);
        assertEquals("text", format.of(null));
        assertEquals("text", format.of(" "));
        assertEquals("json", format.of("JSON"));
        assertEquals("text", format.of("text"));
        assertEquals(0, context.getStatusManager().getCount());
        assertEquals("text", format.of("xml"));
        Status warning = context.getStatusManager().getCopyOfStatusList().get(0);
        assertEquals(Status.WARN, warning.getLevel());
        assertTrue(warning.getMessage().contains("FAASFLOW_LOG_FORMAT='xml' is neither text nor json"), warning.getMessage());
    }
}
