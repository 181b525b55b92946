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
        assertEquals(RUN, new JoinCounter().arrive("start", false, 0));
    }

    @Test
    void aJoinWaitsForEveryPredecessor() {
        JoinCounter joins = new JoinCounter();
        assertEquals(WAIT, joins.arrive("join", false, 3));
        assertEquals(WAIT, joins.arrive("join", false, 3));
        assertEquals(RUN, joins.arrive("join", false, 3));
        assertEquals(DUPLICATE, joins.arrive("join", false, 3));
    }

    @Test
    void aJoinAfterTwoSwitchesRunsWhenOneBranchRan() {
        // IllegalRecognizer's mosaic: one switch skips it, the other takes it.
        JoinCounter joins = new JoinCounter();
        assertEquals(WAIT, joins.arrive("mosaic", true, 2));
        assertEquals(RUN, joins.arrive("mosaic", false, 2));
    }

    @Test
    void everyPredecessorSkippedMeansSkipped() {
        JoinCounter joins = new JoinCounter();
        assertEquals(WAIT, joins.arrive("END", true, 2));
        assertEquals(SKIP, joins.arrive("END", true, 2));
    }
}
