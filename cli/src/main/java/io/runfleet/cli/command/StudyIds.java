package io.runfleet.cli.command;

import io.runfleet.cli.CliException;
import io.runfleet.cli.ExitCodes;
import java.util.regex.Pattern;

/** Study ids go into URL paths: anything but a plain token is refused before a request is made. */
final class StudyIds {

    private static final Pattern TOKEN = Pattern.compile("[A-Za-z0-9_-]+");

    private StudyIds() {
    }

    static String checked(String studyId) {
        if (!TOKEN.matcher(studyId).matches()) {
            throw new CliException("ID: '" + studyId + "' is not a study id; ids are letters, digits, - and _ "
                    + "(see `runfleet status`)", ExitCodes.USAGE);
        }
        return studyId;
    }
}
