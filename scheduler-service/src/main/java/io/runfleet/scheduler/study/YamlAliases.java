package io.runfleet.scheduler.study;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLParser;
import java.io.IOException;
import java.util.List;

/**
 * Refuses YAML aliases ({@code *name}) in a study. Jackson reads an alias as the text of its anchor's name, so
 * {@code x: *defaults} would silently become the string "defaults"; and a reader that expanded them would let a
 * kilobyte of nested aliases ("billion laughs") grow into gigabytes. Naming the first alias is both safe and clear.
 */
final class YamlAliases {

    private static final YAMLFactory FACTORY = new YAMLFactory();

    private YamlAliases() {
    }

    /** Throws an {@link InvalidStudyException} naming where the first alias stands; syntax errors are left to the reader. */
    static void refuse(String text) {
        try (JsonParser parser = FACTORY.createParser(text)) {
            YAMLParser yaml = (YAMLParser) parser;
            for (JsonToken token = yaml.nextToken(); token != null; token = yaml.nextToken()) {
                if (yaml.isCurrentAlias()) {
                    String pointer = yaml.getParsingContext().pathAsPointer().toString();
                    // /parameters/grid/x/0 becomes parameters.grid.x[0], as the reader names fields
                    String field = pointer.isEmpty() ? "(document)"
                            : pointer.substring(1).replace('/', '.').replaceAll("\\.(\\d+)(?=\\.|$)", "[$1]");
                    throw new InvalidStudyException(List.of(new Problem(field, "YAML alias *" + yaml.getText()
                            + " at line " + yaml.currentLocation().getLineNr() + ": aliases are not read in a study; "
                            + "write the value out where it is used")));
                }
            }
        } catch (IOException e) {
            // not valid YAML: the reader reports it with its position
        }
    }
}
