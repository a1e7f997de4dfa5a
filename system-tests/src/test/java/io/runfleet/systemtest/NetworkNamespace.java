package io.runfleet.systemtest;

import java.net.InetAddress;
import java.net.NetworkInterface;
import java.net.SocketException;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * A network namespace for agents, joined to the host by a veth pair: the host end gets {@code 10.213.X.Y+1/30},
 * the namespace's end {@code +2}. Services bind to {@link #hostAddress()}; agents started with
 * {@link #execPrefix()} reach them only through the pair, where {@link #partition()} can drop every packet.
 *
 * <p>Names and the /30 are random per instance and checked against the host's addresses, so parallel builds do not
 * collide. Everything it makes goes with the namespace ({@code ip netns del} removes the namespace's end of the
 * pair, which removes the host end, and the namespace's iptables rules). Register it as a static
 * {@code @RegisterExtension} with a lower {@code @Order} than the {@link SystemUnderTest} whose agents run in it:
 * it is created before they start and deleted after they stopped. Needs root, {@code ip} (iproute2) and, for a
 * partition, {@code iptables-legacy} (the iptables package; the kernel here has no nftables for it).
 */
final class NetworkNamespace implements BeforeAllCallback, AfterAllCallback {

    /** A /16 of the private range that nothing on these machines uses; one /30 of it per namespace. */
    private static final String PREFIX = "10.213.";
    private static final SecureRandom RANDOM = new SecureRandom();

    private final String name;
    private final String hostVeth;
    private final String agentVeth;
    private final String hostAddress;
    private final String agentAddress;
    private boolean created;
    /** Deletes the namespace should the JVM end without {@link #afterAll} (a build interrupted by hand). */
    private final Thread deleteOnExit = new Thread(this::deleteQuietly, "network-namespace-delete");

    NetworkNamespace() {
        byte[] random = new byte[4];
        RANDOM.nextBytes(random);
        String id = HexFormat.of().formatHex(random);
        name = "rf-netfault-" + id;
        // interface names are at most 15 characters
        hostVeth = "rfh" + id;
        agentVeth = "rfa" + id;
        int base = freeSubnetBase();
        hostAddress = PREFIX + (base >> 8) + "." + ((base & 0xff) + 1);
        agentAddress = PREFIX + (base >> 8) + "." + ((base & 0xff) + 2);
    }

    String name() {
        return name;
    }

    /** The host end's address: where the services listen for agents in the namespace. */
    String hostAddress() {
        return hostAddress;
    }

    String agentAddress() {
        return agentAddress;
    }

    /** Put before a command to run it inside the namespace; {@code ip netns exec} execs it in its place. */
    List<String> execPrefix() {
        return List.of("ip", "netns", "exec", name);
    }

    @Override
    public void beforeAll(ExtensionContext context) {
        if (!HostCommand.isRoot()) {
            throw new IllegalStateException("ip netns needs root; run the network fault tests as root (as CI does)");
        }
        ip("netns", "add", name);
        created = true;
        Runtime.getRuntime().addShutdownHook(deleteOnExit);
        ip("link", "add", hostVeth, "type", "veth", "peer", "name", agentVeth, "netns", name);
        ip("addr", "add", hostAddress + "/30", "dev", hostVeth);
        ip("link", "set", hostVeth, "up");
        inside("ip", "addr", "add", agentAddress + "/30", "dev", agentVeth);
        inside("ip", "link", "set", agentVeth, "up");
        // the agents' own HTTP listener binds 127.0.0.1, which needs the namespace's loopback up
        inside("ip", "link", "set", "lo", "up");
    }

    /**
     * Drops every packet in and out of the namespace's end of the pair until the answer is closed: established
     * TCP connections stall, new ones get no answer, as when a switch or a route between nodes fails.
     */
    Partition partition() {
        List<List<String>> rules = List.of(
                List.of("INPUT", "-i", agentVeth, "-j", "DROP"),
                List.of("OUTPUT", "-o", agentVeth, "-j", "DROP"));
        for (List<String> rule : rules) {
            iptables("-I", rule);
        }
        return new Partition(rules);
    }

    /** A partition in force; {@link #close()} heals it. */
    final class Partition implements AutoCloseable {

        private final List<List<String>> rules;
        private boolean healed;

        private Partition(List<List<String>> rules) {
            this.rules = rules;
        }

        @Override
        public void close() {
            if (!healed) {
                healed = true;
                for (List<String> rule : rules) {
                    iptables("-D", rule);
                }
            }
        }
    }

    /** The iptables rules of the namespace's filter table, for the record in a failure message. */
    String rules() {
        return HostCommand.attempt(command(execPrefix(), "iptables-legacy", "-S")).output();
    }

    @Override
    public void afterAll(ExtensionContext context) {
        if (!created) {
            return;
        }
        try {
            Runtime.getRuntime().removeShutdownHook(deleteOnExit);
        } catch (IllegalStateException e) {
            // the JVM is already shutting down: the hook deletes the namespace
        }
        HostCommand.Result deleted = deleteQuietly();
        if (deleted.exitCode() != 0) {
            throw new IllegalStateException("cannot delete network namespace " + name + ": " + deleted.output()
                    + " (delete it with: ip netns del " + name + ")");
        }
    }

    /** The namespace takes its end of the pair (and so the host end) and its iptables rules with it. */
    private HostCommand.Result deleteQuietly() {
        HostCommand.Result deleted = HostCommand.attempt(List.of("ip", "netns", "del", name));
        if (HostCommand.attempt(List.of("ip", "link", "show", hostVeth)).exitCode() == 0) {
            HostCommand.attempt(List.of("ip", "link", "del", hostVeth));
        }
        return deleted;
    }

    private void iptables(String action, List<String> rule) {
        List<String> arguments = new ArrayList<>(List.of("iptables-legacy", "-w", action));
        arguments.addAll(rule);
        HostCommand.run(command(execPrefix(), arguments.toArray(String[]::new)),
                "iptables-legacy comes with the iptables package: apt-get install iptables");
    }

    private void inside(String... command) {
        HostCommand.run(command(execPrefix(), command), "network namespace " + name);
    }

    private static void ip(String... arguments) {
        HostCommand.run(command(List.of("ip"), arguments), "ip comes with iproute2 and needs root");
    }

    private static List<String> command(List<String> prefix, String... rest) {
        List<String> command = new ArrayList<>(prefix);
        command.addAll(List.of(rest));
        return command;
    }

    /** The base of a /30 in 10.213.0.0/16 (low 16 bits) that no interface of this host has an address in. */
    private static int freeSubnetBase() {
        Set<String> taken = hostAddresses();
        for (int tries = 0; tries < 100; tries++) {
            int base = RANDOM.nextInt(1 << 14) << 2;
            boolean free = true;
            for (int offset = 0; offset < 4 && free; offset++) {
                int address = base + offset;
                free = !taken.contains(PREFIX + (address >> 8) + "." + (address & 0xff));
            }
            if (free) {
                return base;
            }
        }
        throw new IllegalStateException("no free /30 in " + PREFIX + "0.0/16 after 100 tries; delete stale"
                + " namespaces (ip netns list, ip netns del rf-netfault-...)");
    }

    private static Set<String> hostAddresses() {
        try {
            return NetworkInterface.networkInterfaces()
                    .flatMap(NetworkInterface::inetAddresses)
                    .map(InetAddress::getHostAddress)
                    .collect(Collectors.toSet());
        } catch (SocketException e) {
            throw new IllegalStateException("cannot list this host's addresses", e);
        }
    }

    @Override
    public String toString() {
        return "NetworkNamespace(" + name + ", host " + hostAddress + ", agents " + agentAddress + ")";
    }
}
