package io.runfleet.scheduler.study;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.exc.StreamReadException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import org.yaml.snakeyaml.LoaderOptions;

/**
 * Reads a study document (JSON or YAML) into a {@link StudyDocument}, strictly: unknown fields (all of them), a list
 * where a value belongs or trailing garbage are an {@link InvalidStudyException} naming the field.
 */
public final class StudyReader {

    private static final ObjectMapper JSON = configure(JsonMapper.builder().build());
    private static final ObjectMapper YAML = configure(YAMLMapper.builder(yamlFactory()).build());

    private StudyReader() {
    }

    /** SnakeYAML stops at 3 MB by default; inlined template files may make a study larger than that. */
    private static YAMLFactory yamlFactory() {
        LoaderOptions options = new LoaderOptions();
        options.setCodePointLimit(64 * 1024 * 1024);
        return YAMLFactory.builder().loaderOptions(options).build();
    }

    private static ObjectMapper configure(ObjectMapper mapper) {
        return mapper.enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
                .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
                .enable(DeserializationFeature.FAIL_ON_READING_DUP_TREE_KEY);
    }

    /** Whether {@code mediaType} (without parameters) names YAML rather than JSON. */
    public static boolean isYaml(String mediaType) {
        String type = mediaType == null ? "" : mediaType.toLowerCase(Locale.ROOT);
        return type.contains("yaml");
    }

    /**
     * A request's body as text, strictly: bytes that are not UTF-8 would otherwise become U+FFFD without a word, in
     * a command argument or a template file of every run. They are refused with their offset instead.
     */
    public static String text(byte[] body) {
        CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT);
        ByteBuffer in = ByteBuffer.wrap(body);
        CharBuffer out = CharBuffer.allocate((int) (body.length * (double) decoder.maxCharsPerByte()) + 1);
        CoderResult result = decoder.decode(in, out, true);
        if (result.isError()) {
            throw invalid("(document)", "not UTF-8: byte " + in.position() + " (0x"
                    + String.format("%02X", body[in.position()] & 0xFF) + ") starts no UTF-8 character; save the "
                    + "document as UTF-8");
        }
        decoder.flush(out);
        return out.flip().toString();
    }

    private static final String EMPTY_STUDY =
            "the study is empty; send a YAML or JSON document with at least 'name' and 'template'";

    /** A document read with its unknown fields left out, and the problems they are. */
    public record Read<T>(T document, List<Problem> unknownFields, List<String> meantFields) {
    }

    /** Reads a study; unknown fields are refused, all of them in one {@link InvalidStudyException}. */
    public static StudyDocument read(String text, boolean yaml) {
        return strictly(read(text, yaml, StudyDocument.class, EMPTY_STUDY));
    }

    /**
     * Reads a study, leaving its unknown fields out and reporting them, so that the rest of the document can still be
     * checked and every problem answered at once. A document that is not YAML or JSON, or holds a value of the wrong
     * type, is still refused at once.
     */
    public static Read<StudyDocument> readReportingUnknownFields(String text, boolean yaml) {
        return read(text, yaml, StudyDocument.class, EMPTY_STUDY);
    }

    /** Reads an extension of a study: a document holding a {@code parameters} section. */
    public static ExtensionDocument readExtension(String text, boolean yaml) {
        return strictly(read(text, yaml, ExtensionDocument.class, "the extension is empty; send a YAML or JSON "
                + "document with a 'parameters' section as in the study, e.g. parameters: {grid: {x: [5, 6]}}"));
    }

    /** Reads the scheduler's pools file (YAML); its unknown fields are reported with its other problems. */
    static Read<PoolsDocument> readPools(String text) {
        return read(text, true, PoolsDocument.class, "the pools file is empty; write pools: {NAME: {slurm: {...}}}");
    }

    private static <T> T strictly(Read<T> read) {
        if (!read.unknownFields().isEmpty()) {
            throw new InvalidStudyException(read.unknownFields());
        }
        return read.document();
    }

    private static <T> Read<T> read(String text, boolean yaml, Class<T> type, String whenEmpty) {
        if (text == null || text.isBlank()) {
            throw invalid("(document)", whenEmpty);
        }
        if (yaml) {
            YamlAliases.refuse(text);
        }
        UnknownFields unknown = new UnknownFields();
        try {
            T document = (yaml ? YAML : JSON).readerFor(type).withHandler(unknown).readValue(text);
            if (document == null) {
                throw invalid("(document)", whenEmpty);
            }
            return new Read<>(document, List.copyOf(unknown.problems()), List.copyOf(unknown.meantFields()));
        } catch (MismatchedInputException e) {
            String expected = e.getTargetType() == null ? "another type" : describe(e.getTargetType());
            throw invalid(unknown, path(e), "wrong type: expected " + expected + " (" + firstLine(e.getOriginalMessage()) + ")");
        } catch (JsonMappingException e) {
            if (e.getCause() instanceof StreamReadException syntax) {
                throw invalid(unknown, path(e), syntax(syntax, yaml));
            }
            throw invalid(unknown, path(e), firstLine(e.getOriginalMessage()));
        } catch (JsonProcessingException e) {
            throw invalid(unknown, "(document)", syntax(e, yaml));
        }
    }

    private static String syntax(JsonProcessingException e, boolean yaml) {
        String where = e.getLocation() == null ? "" : " at line " + e.getLocation().getLineNr()
                + ", column " + e.getLocation().getColumnNr();
        String detail = e.getOriginalMessage() == null ? "" : e.getOriginalMessage().replaceAll("\\s+", " ").trim();
        return "not valid " + (yaml ? "YAML" : "JSON") + where + ": " + detail;
    }

    private static String describe(Class<?> type) {
        if (List.class.isAssignableFrom(type)) {
            return "a list";
        }
        if (java.util.Map.class.isAssignableFrom(type) || type.isRecord()) {
            return "a mapping of fields";
        }
        if (type == Integer.class || type == int.class || type == Long.class) {
            return "an integer";
        }
        if (type == Boolean.class || type == boolean.class) {
            return "true or false";
        }
        if (type == String.class) {
            return "a single value";
        }
        return type.getSimpleName();
    }

    /** Jackson's reference path as {@code template.command[2]}. */
    static String path(JsonMappingException e) {
        StringBuilder out = new StringBuilder();
        for (JsonMappingException.Reference reference : e.getPath()) {
            if (reference.getFieldName() != null) {
                if (!out.isEmpty()) {
                    out.append('.');
                }
                out.append(reference.getFieldName());
            } else if (reference.getIndex() >= 0) {
                out.append('[').append(reference.getIndex()).append(']');
            }
        }
        return out.isEmpty() ? "(document)" : out.toString();
    }

    /** A problem that ends reading, after the unknown fields found before it. */
    private static InvalidStudyException invalid(UnknownFields unknown, String field, String message) {
        List<Problem> problems = new java.util.ArrayList<>(unknown.problems());
        problems.add(new Problem(field, message));
        return new InvalidStudyException(problems);
    }

    private static InvalidStudyException invalid(String field, String message) {
        return new InvalidStudyException(List.of(new Problem(field, message)));
    }

    private static String firstLine(String text) {
        if (text == null) {
            return "";
        }
        int newline = text.indexOf('\n');
        return newline < 0 ? text : text.substring(0, newline);
    }
}
