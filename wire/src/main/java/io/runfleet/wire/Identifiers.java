package io.runfleet.wire;

/**
 * The one limit on identifiers that travel on the wire and are stored by more than one service: study, run and
 * parent run ids, agent ids and host names. Both services' schemas hold {@value #MAX_LENGTH} characters for each, so
 * a message that passes here fits everywhere it is stored; one that does not is refused where it is decoded (the
 * edge), never by a database further on, where its refusal would come back on every resend.
 */
public final class Identifiers {

    /** Characters an identifier may have; the columns {@code agent_id}, {@code host}, ... are this wide. */
    public static final int MAX_LENGTH = 255;

    private Identifiers() {
    }

    public static boolean fits(String value) {
        return value == null || value.length() <= MAX_LENGTH;
    }

    /** Why {@code value} is refused, naming {@code what} (a field or a setting); null when it fits. */
    public static String problem(String what, String value) {
        if (fits(value)) {
            return null;
        }
        return what + " has " + value.length() + " characters; identifiers may have at most " + MAX_LENGTH
                + ", shorten it";
    }
}
