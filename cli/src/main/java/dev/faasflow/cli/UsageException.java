package dev.faasflow.cli;

/** Wrong command-line usage: printed as one line, exit status 2. */
public class UsageException extends Exception {
    public UsageException(String message) {
        super(message);
    }
}
