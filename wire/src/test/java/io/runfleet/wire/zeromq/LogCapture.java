package io.runfleet.wire.zeromq;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

/** The warnings one class logs while a test runs (JBoss LogManager is the JUL manager in tests, see the POM). */
final class LogCapture extends Handler implements AutoCloseable {

    private final Logger logger;
    private final List<String> warnings = new CopyOnWriteArrayList<>();

    private LogCapture(Class<?> source) {
        this.logger = Logger.getLogger(source.getName());
        logger.addHandler(this);
    }

    static LogCapture warningsOf(Class<?> source) {
        return new LogCapture(source);
    }

    List<String> warningsContaining(String text) {
        return warnings.stream().filter(line -> line.contains(text)).toList();
    }

    @Override
    public void publish(LogRecord record) {
        if (record.getLevel().intValue() >= Level.WARNING.intValue()) {
            Object[] parameters = record.getParameters();
            String message = record.getMessage();
            warnings.add(parameters == null || parameters.length == 0 ? message : String.format(message, parameters));
        }
    }

    @Override
    public void flush() {
    }

    @Override
    public void close() {
        logger.removeHandler(this);
    }
}
