package dev.faasflow.coordinator;

import com.fasterxml.jackson.databind.JsonNode;
import dev.faasflow.agent.protocol.Resume;

/**
 * What a failed invocation kept for a retry from where it failed: which functions succeeded (and their foreach
 * widths), and the caller's input that its functions were given. Its outputs and global inputs stay in the
 * remote tier under its own id until it is deleted.
 */
record Kept(Resume resume, JsonNode input) {
}
