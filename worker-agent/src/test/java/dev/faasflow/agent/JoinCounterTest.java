package dev.faasflow.agent;

import org.junit.jupiter.api.Test;

import static dev.faasflow.agent.JoinCounter.Decision.DUPLICATE;
import static dev.faasflow.agent.JoinCounter.Decision.RUN;
import static dev.faasflow.agent.JoinCounter.Decision.SKIP;
import static dev.faasflow.agent.JoinCounter.Decision.WAIT;
import static org.junit.jupiter.api.Assertions.assertEquals;

class JoinCounterTest {

    @Test
    void aStartFunctionRunsAtOnce() {
        JoinCounter joins = new JoinCounter();
        assertEquals(RUN, joins.arrive("start", null, false, 0));
        assertEquals(DUPLICATE, joins.arrive("start", null, false, 0));
    }

    @Test
    void aJoinWaitsForEveryPredecessor() {
        JoinCounter joins = new JoinCounter();
        assertEquals(WAIT, joins.arrive("join", "a", false, 3));
        assertEquals(WAIT, joins.arrive("join", "b", false, 3));
        assertEquals(RUN, joins.arrive("join", "c", false, 3));
        assertEquals(DUPLICATE, joins.arrive("join", "c", false, 3));
    }

    @Test
    void aRepeatedTriggerCountsOnce() {
        JoinCounter joins = new JoinCounter();
        assertEquals(WAIT, joins.arrive("join", "a", false, 2));
        assertEquals(DUPLICATE, joins.arrive("join", "a", false, 2));
        assertEquals(RUN, joins.arrive("join", "b", false, 2));
    }

    @Test
    void aJoinAfterTwoSwitchesRunsWhenOneBranchRan() {
        // IllegalRecognizer's mosaic: one switch skips it, the other takes it.
        JoinCounter joins = new JoinCounter();
        assertEquals(WAIT, joins.arrive("mosaic", "virtual1", true, 2));
        assertEquals(RUN, joins.arrive("mosaic", "virtual2", false, 2));
    }

    @Test
    void everyPredecessorSkippedMeansSkipped() {
        JoinCounter joins = new JoinCounter();
        assertEquals(WAIT, joins.arrive("END", "x", true, 2));
        assertEquals(SKIP, joins.arrive("END", "y", true, 2));
    }
}
