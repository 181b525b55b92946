package dev.faasflow.functions;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A failed run is one log line naming invocation, function and reason; where it failed only at debug level. */
class FailureLogTest {
    private final Logger logger = (Logger) LoggerFactory.getLogger(FunctionRuntime.class);
    private final ListAppender<ILoggingEvent> events = new ListAppender<>();
    private Level before;

    @BeforeEach
    void listen() {
        before = logger.getLevel();
        events.start();
        logger.addAppender(events);
    }

    @AfterEach
    void stopListening() {
        logger.detachAppender(events);
        logger.setLevel(before);
    }

    private List<ILoggingEvent> failOnce() {
        String inv = TestEnv.invocation();
        assertEquals(500, TestEnv.run(TestEnv.request("boom", inv, List.of(), List.of())).status());
        return events.list.stream().filter(e -> e.getFormattedMessage().contains(inv)).toList();
    }

    @Test
    void aFailedRunIsOneWarningWithoutATrace() {
        logger.setLevel(Level.INFO);
        List<ILoggingEvent> logged = failOnce();
        assertEquals(1, logged.size(), logged.toString());
        ILoggingEvent e = logged.get(0);
        assertEquals(Level.WARN, e.getLevel());
        assertTrue(e.getFormattedMessage().endsWith(" of test: boom-fn: exploded on purpose"), e.getFormattedMessage());
        assertNull(e.getThrowableProxy());
    }

    @Test
    void atDebugLevelTheTraceFollows() {
        logger.setLevel(Level.DEBUG);
        List<ILoggingEvent> logged = failOnce();
        assertEquals(2, logged.size(), logged.toString());
        assertNull(logged.get(0).getThrowableProxy());
        assertEquals(Level.DEBUG, logged.get(1).getLevel());
        assertNotNull(logged.get(1).getThrowableProxy());
        assertEquals(IllegalStateException.class.getName(), logged.get(1).getThrowableProxy().getClassName());
    }
}
