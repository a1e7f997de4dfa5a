package io.runfleet.wire.template;

/** A template that cannot be parsed or rendered; the message names the placeholder and the fix. */
public class TemplateException extends RuntimeException {

    public TemplateException(String message) {
        super(message);
    }
}
