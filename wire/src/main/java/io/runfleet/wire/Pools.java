package io.runfleet.wire;

import java.util.regex.Pattern;

/**
 * Pools tie runs to agents: a run request of a pool goes only to agents of that pool, and an agent of a pool takes
 * no other runs; requests and agents without a pool pair up as before pools existed. A pool name travels on the wire
 * (ZeroMQ credit, the run request) and names a RabbitMQ queue ({@code runfleet.run-requests.<pool>}), so it is
 * kept to characters that are safe in all three and to a length well inside RabbitMQ's 255 bytes for a queue name.
 */
public final class Pools {

    /** Characters a pool name may have at most. */
    public static final int MAX_LENGTH = 100;

    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9_.-]+");

    private Pools() {
    }

    /** Why {@code name} is no pool name, naming {@code what} (a setting or a field); null when it is one. */
    public static String problem(String what, String name) {
        if (name == null || name.isEmpty()) {
            return what + " is empty; give a pool name, or leave the setting out for no pool";
        }
        if (name.length() > MAX_LENGTH) {
            return what + " has " + name.length() + " characters; a pool name may have at most " + MAX_LENGTH;
        }
        if (!NAME.matcher(name).matches()) {
            return what + " is '" + name + "'; a pool name may only have letters, digits, '-', '_' and '.'";
        }
        return null;
    }

    /** {@code name} itself, or an {@link IllegalArgumentException} saying what is wrong with it. */
    public static String require(String what, String name) {
        String problem = problem(what, name);
        if (problem != null) {
            throw new IllegalArgumentException(problem);
        }
        return name;
    }
}
