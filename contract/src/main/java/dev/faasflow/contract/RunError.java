package dev.faasflow.contract;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * The body of every failed answer of a function runtime ({@code 4xx}/{@code 5xx}).
 *
 * @param error what went wrong, for a person (never a stack trace)
 * @param field for a malformed request ({@code 400}): the JSON path of the offending field, else absent
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record RunError(String error, String field) {
    public RunError(String error) {
        this(error, null);
    }
}
