package io.runfleet.agent.execution;

import io.runfleet.agent.outcome.RunSetupException;
import io.runfleet.wire.OutputSpec;
import io.runfleet.wire.template.RunRendering;
import io.runfleet.wire.template.TemplateException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/** Renders a study's template files into a run directory, refusing paths that would leave it. */
final class TemplateFiles {

    private TemplateFiles() {
    }

    static void render(Map<String, String> files, Map<String, Object> values, Path runDir)
            throws RunSetupException, IOException {
        for (Map.Entry<String, String> file : files.entrySet()) {
            Path target = insideRunDir(file.getKey(), runDir);
            String content;
            try {
                content = RunRendering.file(file.getKey(), file.getValue(), values);
            } catch (TemplateException e) {
                throw new RunSetupException(e.getMessage());
            }
            Files.createDirectories(target.getParent());
            Files.writeString(target, content, StandardCharsets.UTF_8);
        }
    }

    static Path insideRunDir(String name, Path runDir) throws RunSetupException {
        if (name == null || name.isBlank()) {
            throw new RunSetupException("spec.files has an entry without a name; give a relative path");
        }
        Path relative = Path.of(name);
        Path base = runDir.toAbsolutePath().normalize();
        Path target = base.resolve(relative).normalize();
        if (relative.isAbsolute() || !target.startsWith(base) || target.equals(base)) {
            throw new RunSetupException("spec.files '" + name + "' lies outside the run directory; "
                    + "use a relative path without '..'");
        }
        if (target.getParent().equals(base)
                && (name.equals(OutputSpec.STDOUT) || name.equals(OutputSpec.STDERR))) {
            throw new RunSetupException("spec.files '" + name + "' is reserved for the captured stream; "
                    + "choose another file name");
        }
        return target;
    }
}
