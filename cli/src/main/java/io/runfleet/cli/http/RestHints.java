package io.runfleet.cli.http;

import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The services' messages name REST calls as the next step ({@code resume it first (POST /studies/ID/resume)}),
 * for every client; someone at the command line needs the command that makes that call instead.
 */
final class RestHints {

    private record Hint(Pattern call, String command) {
    }

    private static final String ID = "([A-Za-z0-9_-]+|\\{id\\})";

    /** Most specific first: {@code GET /studies} is a prefix of the others. */
    private static final List<Hint> HINTS = List.of(
            new Hint(Pattern.compile("POST /studies\\?dryRun=true"), "runfleet submit FILE --dry-run"),
            new Hint(Pattern.compile("POST /studies/" + ID + "/extend"), "runfleet extend $1 FILE"),
            new Hint(Pattern.compile("POST /studies/" + ID + "/(start|resume|repeat|cancel)"), "runfleet $2 $1"),
            new Hint(Pattern.compile("GET /studies/" + ID + "/runs"), "runfleet runs $1"),
            new Hint(Pattern.compile("GET /studies/" + ID + "(?![/\\w])"), "runfleet status $1"),
            new Hint(Pattern.compile("GET /studies(?![/\\w])"), "runfleet status"));

    private RestHints() {
    }

    /** {@code message} with every REST call it names replaced by the {@code runfleet} command for it. */
    static String asCommands(String message) {
        String text = message;
        for (Hint hint : HINTS) {
            Matcher matcher = hint.call().matcher(text);
            text = matcher.replaceAll(match -> Matcher.quoteReplacement(
                    "`" + expand(hint.command(), match) + "`"));
        }
        return text.replace("{id}", "ID");
    }

    private static String expand(String command, java.util.regex.MatchResult match) {
        String expanded = command;
        for (int group = match.groupCount(); group >= 1; group--) {
            expanded = expanded.replace("$" + group, match.group(group));
        }
        return expanded;
    }
}
