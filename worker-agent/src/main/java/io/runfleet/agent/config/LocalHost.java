package io.runfleet.agent.config;

import java.net.InetAddress;
import java.net.UnknownHostException;

/** The host name put into results and reports, looked up once: the lookup can be slow on clusters. */
public final class LocalHost {

    private static final String NAME = lookUp();

    private LocalHost() {
    }

    public static String name() {
        return NAME;
    }

    private static String lookUp() {
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (UnknownHostException e) {
            return "unknown-host";
        }
    }
}
