package io.runfleet.cli.launch;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.runfleet.cli.CliException;
import io.runfleet.cli.ExitCodes;
import java.io.IOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * What {@code runfleet up} started in a data directory, kept in {@code <data>/stack.json} so that {@code up},
 * {@code ps}, {@code down} and the other commands find the stack after the command that started it has ended.
 *
 * @param database   {@code h2}, or the PostgreSQL JDBC URL both services use
 * @param ports      every port of the stack: a service restarted alone must take the ones the others know
 * @param members    the services and agents, services first
 */
public record StackState(String database, LocalStack.Ports ports, List<StackMember> members) {

    public static final String FILE = "stack.json";
    public static final String H2 = "h2";

    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT)
            // a newer CLI may record more: an older one still finds the processes it knows how to manage
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

    /** Services before agents, agents by number: the order they start in, whatever order they were restarted in. */
    private static final Comparator<StackMember> ORDER = Comparator.comparing(StackMember::role)
            .thenComparingInt(member -> member.name().length()).thenComparing(StackMember::name);

    public StackState {
        members = members.stream().sorted(ORDER).toList();
    }

    public static Path file(Path dataDir) {
        return dataDir.resolve(FILE);
    }

    /** The state of the stack in {@code dataDir}, or empty when none was started there (or it was brought down). */
    public static Optional<StackState> read(Path dataDir) {
        Path file = file(dataDir);
        if (!Files.isRegularFile(file)) {
            return Optional.empty();
        }
        try {
            return Optional.of(JSON.readValue(file.toFile(), StackState.class));
        } catch (IOException e) {
            throw new CliException("cannot read " + file + " (" + e.getMessage() + "); stop what it names by hand "
                    + "and delete it, or give another --data DIR", ExitCodes.FAILED, e);
        }
    }

    /** Writes to a temporary file first, so that a reader never sees half a state. */
    public void write(Path dataDir) {
        Path file = file(dataDir);
        Path partial = dataDir.resolve(FILE + ".partial");
        try {
            Files.createDirectories(dataDir);
            JSON.writeValue(partial.toFile(), this);
            try {
                Files.move(partial, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(partial, file, StandardCopyOption.REPLACE_EXISTING);
            }
        } catch (IOException e) {
            throw new CliException("cannot write " + file + ": " + e.getMessage(), ExitCodes.FAILED, e);
        }
    }

    public static void delete(Path dataDir) {
        try {
            Files.deleteIfExists(file(dataDir));
        } catch (IOException e) {
            throw new CliException("cannot delete " + file(dataDir) + ": " + e.getMessage(), ExitCodes.FAILED, e);
        }
    }

    public Optional<StackMember> member(String name) {
        return members.stream().filter(member -> member.name().equals(name)).findFirst();
    }

    @JsonIgnore
    public List<StackMember> agents() {
        return members.stream().filter(member -> !member.isService()).toList();
    }

    /** This state with {@code member} in place of the one of the same name, or added after the others. */
    public StackState with(StackMember member) {
        List<StackMember> updated = new ArrayList<>(members);
        int index = updated.stream().map(StackMember::name).toList().indexOf(member.name());
        if (index >= 0) {
            updated.set(index, member);
        } else {
            updated.add(member);
        }
        return new StackState(database, ports, updated);
    }

    public StackState without(String name) {
        return new StackState(database, ports, members.stream().filter(member -> !member.name().equals(name)).toList());
    }

    @JsonIgnore
    public boolean isPostgres() {
        return !H2.equals(database);
    }

    @JsonIgnore
    public boolean anyRunning() {
        return members.stream().anyMatch(StackMember::isRunning);
    }
}
