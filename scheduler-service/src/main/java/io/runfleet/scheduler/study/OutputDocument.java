package io.runfleet.scheduler.study;

import java.util.LinkedHashMap;

/**
 * One output collector: {@code {json: FILE}}, {@code {regex: PATTERN, file: FILE}} (file defaults to stdout),
 * {@code {file: PATH, name: NAME}} (a file kept by reference) or {@code {plugin: NAME, file: FILE, options: {...}}}
 * (a parser of the agents' plugin path).
 *
 * @param required false when the run may succeed without this output ({@code file} outputs)
 */
public record OutputDocument(String json, String regex, String file, String name, String plugin,
                             LinkedHashMap<String, Object> options, Boolean required) {
}
