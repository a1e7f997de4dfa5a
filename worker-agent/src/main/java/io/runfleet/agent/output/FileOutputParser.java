package io.runfleet.agent.output;

import io.runfleet.wire.KeptFile;
import io.runfleet.wire.OutputSpec;
import io.runfleet.wire.ValueRule;
import jakarta.inject.Singleton;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * {@code file}: a file the run wrote, kept by reference. Its output value is {@code {path, size, sha256}} (the path
 * relative to the run directory); the content is hashed while streaming and never read into memory or a result, so
 * a file of any size is fine. The results service serves it from the run directory
 * ({@code GET /studies/{id}/runs/{run}/files/{path}}) as long as the study keeps it there. A missing file fails the
 * run naming the output, unless its rule says {@code required: false}.
 */
@Singleton
public class FileOutputParser implements OutputParser {

    @Override
    public String type() {
        return OutputSpec.FILE;
    }

    @Override
    public boolean readsWholeFile() {
        return false;
    }

    @Override
    public Map<String, Object> parse(OutputSpec spec, Path runDir, OutputLimits limits) throws OutputException {
        String name = spec.name() != null ? spec.name() : spec.file();
        Path file = OutputFiles.resolve(runDir, spec.file());
        String relative = runDir.toAbsolutePath().normalize().relativize(file).toString().replace('\\', '/');
        if (!Files.isRegularFile(file)) {
            ValueRule rule = spec.values().get(name);
            if (rule != null && !rule.required()) {
                return Map.of();
            }
            throw new OutputException("output " + name + ": file " + spec.file() + " is missing (the run did not "
                    + "write it); write it, or mark the output required: false");
        }
        KeptFile reference;
        try {
            reference = FileReference.of(file, relative);
        } catch (NoSuchFileException e) {
            throw new OutputException("output " + name + ": file " + spec.file() + " vanished while it was hashed");
        } catch (IOException e) {
            throw new OutputException("output " + name + ": " + e.getMessage());
        }
        Map<String, Object> value = new LinkedHashMap<>();
        value.put("path", reference.path());
        value.put("size", reference.size());
        value.put("sha256", reference.sha256());
        return Map.of(name, value);
    }
}
