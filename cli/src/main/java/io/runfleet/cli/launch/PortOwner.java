package io.runfleet.cli.launch;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * Which process listens on a TCP port, for an error message that names the process to stop. Linux only, from
 * {@code /proc}, and only for processes whose descriptors this user may read; empty when that cannot be told.
 */
public final class PortOwner {

    private static final String LISTEN = "0A";

    private PortOwner() {
    }

    /** "pid 123 (java -jar ...)" of the listener on {@code port}, if it can be found. */
    public static Optional<String> describe(int port) {
        return listeningInode(port).flatMap(PortOwner::processWithSocket).map(pid -> "pid " + pid
                + ProcessHandle.of(pid).flatMap(handle -> handle.info().commandLine())
                .map(line -> " (" + abbreviate(line) + ")").orElse(""));
    }

    private static Optional<String> listeningInode(int port) {
        String hexPort = String.format(":%04X", port);
        for (String table : List.of("/proc/net/tcp", "/proc/net/tcp6")) {
            try (Stream<String> lines = Files.lines(Path.of(table))) {
                Optional<String> inode = lines.skip(1).map(String::trim).map(line -> line.split("\\s+"))
                        .filter(fields -> fields.length > 9 && fields[1].endsWith(hexPort) && LISTEN.equals(fields[3]))
                        .map(fields -> fields[9]).findFirst();
                if (inode.isPresent()) {
                    return inode;
                }
            } catch (IOException | RuntimeException e) {
                // no such table here: try the next, or say nothing
            }
        }
        return Optional.empty();
    }

    private static Optional<Long> processWithSocket(String inode) {
        String target = "socket:[" + inode + "]";
        try (DirectoryStream<Path> processes = Files.newDirectoryStream(Path.of("/proc"), "[0-9]*")) {
            for (Path process : processes) {
                if (holds(process.resolve("fd"), target)) {
                    return Optional.of(Long.parseLong(process.getFileName().toString()));
                }
            }
        } catch (IOException | RuntimeException e) {
            // unreadable: the message goes without the process
        }
        return Optional.empty();
    }

    private static boolean holds(Path fdDirectory, String target) {
        try (DirectoryStream<Path> descriptors = Files.newDirectoryStream(fdDirectory)) {
            for (Path descriptor : descriptors) {
                try {
                    if (Files.readSymbolicLink(descriptor).toString().equals(target)) {
                        return true;
                    }
                } catch (IOException | UnsupportedOperationException e) {
                    // closed meanwhile, or not ours to read
                }
            }
        } catch (IOException | RuntimeException e) {
            // another user's process, or one that ended
        }
        return false;
    }

    private static String abbreviate(String commandLine) {
        String line = commandLine.replaceAll("\\s+", " ").strip();
        return line.length() <= 120 ? line : line.substring(0, 117) + "...";
    }
}
