package io.runfleet.wire.template;

/**
 * POSIX shell quoting: a value in single quotes is one word to {@code sh}, taken literally (no expansion of
 * {@code $}, backquotes, globs or separators); a single quote inside it closes the quotes, is escaped and reopens
 * them. The empty value is {@code ''}, an empty word, as it is an empty argument without a shell.
 */
public final class ShellQuoting {

    private ShellQuoting() {
    }

    public static String quote(String value) {
        return "'" + value.replace("'", "'\\''") + "'";
    }
}
