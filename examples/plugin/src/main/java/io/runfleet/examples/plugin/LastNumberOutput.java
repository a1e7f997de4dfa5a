package io.runfleet.examples.plugin;

import io.runfleet.plugin.OutputPlugin;
import io.runfleet.plugin.PluginException;
import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code last-number}: the last number in a text file (a solver's log, say), read line by line, as one output.
 * Options: {@code file} (the output's file), {@code name} (the output's name; {@code value} by default) and
 * {@code after} (only numbers on lines holding this text).
 */
public class LastNumberOutput implements OutputPlugin {

    private static final Pattern NUMBER = Pattern.compile("[-+]?(?:\\d+\\.?\\d*|\\.\\d+)(?:[eE][-+]?\\d+)?");

    @Override
    public String name() {
        return "last-number";
    }

    @Override
    public Map<String, Object> parse(Path runDir, Map<String, Object> options) throws PluginException {
        Object file = options.get("file");
        if (file == null) {
            throw new PluginException("no file; give the output a file: to read");
        }
        String name = String.valueOf(options.getOrDefault("name", "value"));
        String after = options.containsKey("after") ? String.valueOf(options.get("after")) : null;
        String last = null;
        try (BufferedReader lines = Files.newBufferedReader(runDir.resolve(file.toString()), StandardCharsets.UTF_8)) {
            String line;
            while ((line = lines.readLine()) != null) {
                if (after != null && !line.contains(after)) {
                    continue;
                }
                Matcher numbers = NUMBER.matcher(line);
                while (numbers.find()) {
                    last = numbers.group();
                }
            }
        } catch (NoSuchFileException e) {
            throw new PluginException(file + " is missing (the run did not write it)");
        } catch (IOException e) {
            throw new PluginException("cannot read " + file + ": " + e.getMessage(), e);
        }
        if (last == null) {
            throw new PluginException(file + " holds no number" + (after == null ? "" : " on a line with '" + after
                    + "'"));
        }
        return Map.of(name, Double.parseDouble(last));
    }
}
