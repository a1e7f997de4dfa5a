package io.runfleet.scheduler.api;

import io.runfleet.scheduler.persistence.Provenance;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * Reads where a submission came from out of its request headers (docs/scheduler-service.md, "Provenance").
 * Headers keep the body the document itself, so its SHA-256 is the document's. Text values (directory, user) are
 * UTF-8 with every byte outside printable ASCII, and {@code %} itself, written as {@code %XX}.
 */
public final class ProvenanceHeaders {

    public static final String COMMIT = "Runfleet-Source-Commit";
    public static final String DIRTY = "Runfleet-Source-Dirty";
    public static final String DIRECTORY = "Runfleet-Client-Directory";
    public static final String USER = "Runfleet-Client-User";

    private static final Pattern COMMIT_ID = Pattern.compile("[0-9a-fA-F]{7,64}");
    private static final int MAX_DIRECTORY = 4096;
    private static final int MAX_USER = 200;

    private ProvenanceHeaders() {
    }

    /** @throws ApiException (400) naming the header when a value is malformed */
    public static Provenance read(String commit, String dirty, String directory, String user) {
        return new Provenance(commit(commit), dirty(dirty), text(DIRECTORY, directory, MAX_DIRECTORY),
                text(USER, user, MAX_USER));
    }

    private static String commit(String value) {
        if (isAbsent(value)) {
            return null;
        }
        String trimmed = value.trim();
        if (!COMMIT_ID.matcher(trimmed).matches()) {
            throw new ApiException(400, "header " + COMMIT + ": '" + abbreviate(trimmed) + "' is not a git commit "
                    + "id; send the hex digits git rev-parse HEAD prints, or leave the header out");
        }
        return trimmed.toLowerCase(Locale.ROOT);
    }

    private static Boolean dirty(String value) {
        if (isAbsent(value)) {
            return null;
        }
        return switch (value.trim().toLowerCase(Locale.ROOT)) {
            case "true" -> true;
            case "false" -> false;
            default -> throw new ApiException(400, "header " + DIRTY + ": '" + abbreviate(value.trim())
                    + "' is not true or false; send true when git status --porcelain lists changes, else false");
        };
    }

    private static String text(String header, String value, int maxLength) {
        if (isAbsent(value)) {
            return null;
        }
        String decoded = percentDecoded(header, value.trim());
        if (decoded.length() > maxLength) {
            throw new ApiException(400, "header " + header + " holds " + decoded.length() + " characters, more than "
                    + maxLength + "; send a shorter value or leave the header out");
        }
        return decoded;
    }

    private static String percentDecoded(String header, String value) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(value.length());
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c == '%') {
                int high = i + 2 < value.length() ? Character.digit(value.charAt(i + 1), 16) : -1;
                int low = i + 2 < value.length() ? Character.digit(value.charAt(i + 2), 16) : -1;
                if (high < 0 || low < 0) {
                    throw new ApiException(400, "header " + header + ": '%' must start a %XX escape (two hex "
                            + "digits) at position " + i + "; write a literal % as %25");
                }
                bytes.write(high * 16 + low);
                i += 2;
            } else if (c >= 0x20 && c < 0x7f) {
                bytes.write(c);
            } else {
                throw new ApiException(400, "header " + header + " holds a character outside printable ASCII at "
                        + "position " + i + "; write other characters as UTF-8 %XX escapes");
            }
        }
        try {
            return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes.toByteArray())).toString();
        } catch (CharacterCodingException e) {
            throw new ApiException(400, "header " + header + ": its %XX escapes are not UTF-8; encode the text "
                    + "as UTF-8 before escaping it");
        }
    }

    private static boolean isAbsent(String value) {
        return value == null || value.isBlank();
    }

    private static String abbreviate(String value) {
        return value.length() <= 80 ? value : value.substring(0, 80) + "...";
    }
}
