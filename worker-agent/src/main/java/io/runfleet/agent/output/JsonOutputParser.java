package io.runfleet.agent.output;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import io.runfleet.wire.OutputSpec;
import io.runfleet.wire.WireCodec;
import jakarta.inject.Singleton;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/** {@code json}: the top-level fields of a JSON object file become the outputs, values as written. */
@Singleton
public class JsonOutputParser implements OutputParser {

    private static final TypeReference<LinkedHashMap<String, Object>> OBJECT = new TypeReference<>() {
    };

    @Override
    public String type() {
        return OutputSpec.JSON;
    }

    @Override
    public Map<String, Object> parse(OutputSpec spec, Path runDir, OutputLimits limits) throws OutputException {
        Path file = OutputFiles.resolve(runDir, spec.file());
        JsonNode tree;
        // read from a stream, not from a byte array of the file: the tree is all that is held
        try (InputStream in = limits.open(file)) {
            tree = WireCodec.mapper().readTree(in);
        } catch (OutputLimits.TooLarge e) {
            throw OutputException.of(spec.file(), limits.tooLargeReason());
        } catch (NoSuchFileException e) {
            throw OutputException.of(spec.file(), "missing (the command did not write it)");
        } catch (JsonProcessingException e) {
            throw OutputException.of(spec.file(), "not valid JSON: " + e.getOriginalMessage());
        } catch (IOException e) {
            throw OutputException.of(spec.file(), "unreadable: " + e.getMessage());
        }
        if (tree == null || tree.isMissingNode()) {
            throw OutputException.of(spec.file(), "missing (the file is empty)");
        }
        if (!tree.isObject()) {
            throw OutputException.of(spec.file(), "not a JSON object (found " + tree.getNodeType().name()
                    .toLowerCase() + "); write an object whose fields are the outputs");
        }
        return WireCodec.mapper().convertValue(tree, OBJECT);
    }
}
