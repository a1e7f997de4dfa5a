package io.runfleet.wire.rabbitmq;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * The narrowest RabbitMQ permissions (configure, write, read: regular expressions over exchange and queue names
 * of one vhost) with which a {@link BrokerRole} works, derived from {@link RabbitMqTopology}: configure on what the
 * role declares; write on the exchanges it publishes to and on the queues it binds; read on the queues it
 * consumes, the exchanges it binds from, and the queues it declares with a dead-letter argument (the broker
 * checks that argument as a read of the queue). Agents declare only their own server-named cancel queue
 * ({@value #SERVER_NAMED}), so they hold configure on no Runfleet name.
 *
 * <p>The documentation's {@code rabbitmqctl set_permissions} lines and the system tests' broker users both come
 * from here, and a start-up refusal prints the line that would fix it.
 */
public record BrokerPermissions(String configure, String write, String read) {

    /** Names the broker gives to queues declared without a name (the agents' cancel queues). */
    static final String SERVER_NAMED = "amq\\.gen-.*";

    public static BrokerPermissions of(BrokerRole role, RabbitMqTopology topology) {
        boolean agent = role == BrokerRole.AGENT;
        Set<String> configure = new LinkedHashSet<>(topology.ownedExchanges(role));
        configure.addAll(topology.ownedQueues(role));

        Set<String> write = new LinkedHashSet<>(topology.publishedExchanges(role));
        write.addAll(topology.ownedQueues(role));

        Set<String> read = new LinkedHashSet<>(topology.bindSources(role));
        read.addAll(topology.consumedQueues(role));
        read.addAll(topology.ownedQueues(role));
        read.remove(topology.deadLetterQueue()); // declared without a dead-letter argument, consumed by people

        // pools' request queues: the scheduler declares, binds (and deletes) them, the agents of a pool consume one
        List<String> pools = List.of(topology.poolQueuePattern());
        List<String> none = List.of();
        boolean scheduler = role == BrokerRole.SCHEDULER;
        return new BrokerPermissions(regex(configure, scheduler ? pools : none, agent),
                regex(write, scheduler ? pools : none, agent),
                regex(read, scheduler || agent ? pools : none, agent));
    }

    /** The command that grants these permissions to {@code user} on {@code vhost}. */
    public String rabbitmqctl(String vhost, String user) {
        return "rabbitmqctl set_permissions -p " + vhost + " " + user + " '" + configure + "' '" + write + "' '"
                + read + "'";
    }

    /** {@code ^(a|b)$} over the names, their common dotted prefix factored out; agents add their server-named queues. */
    static String regex(Collection<String> names, boolean serverNamed) {
        return regex(names, List.of(), serverNamed);
    }

    /** As {@link #regex(Collection, boolean)}, with {@code patterns} (regular expressions already) as alternatives. */
    static String regex(Collection<String> names, List<String> patterns, boolean serverNamed) {
        List<String> alternatives = new ArrayList<>();
        if (!names.isEmpty()) {
            alternatives.add(factored(List.copyOf(names)));
        }
        alternatives.addAll(patterns);
        if (serverNamed) {
            alternatives.add(SERVER_NAMED);
        }
        if (alternatives.isEmpty()) {
            return ""; // matches nothing in RabbitMQ's permission check: no access
        }
        return alternatives.size() == 1 ? "^" + alternatives.get(0) + "$" : "^(" + String.join("|", alternatives) + ")$";
    }

    private static String factored(List<String> names) {
        if (names.size() == 1) {
            return escape(names.get(0));
        }
        String prefix = commonDottedPrefix(names);
        List<String> rests = names.stream().map(name -> escape(name.substring(prefix.length()))).toList();
        return escape(prefix) + "(" + String.join("|", rests) + ")";
    }

    /** The longest prefix of every name that ends in a dot (empty if none). */
    private static String commonDottedPrefix(List<String> names) {
        String first = names.get(0);
        int end = first.lastIndexOf('.') + 1;
        while (end > 0) {
            String candidate = first.substring(0, end);
            if (names.stream().allMatch(name -> name.startsWith(candidate) && name.length() > candidate.length())) {
                return candidate;
            }
            end = first.lastIndexOf('.', end - 2) + 1;
        }
        return "";
    }

    static String escape(String name) {
        StringBuilder out = new StringBuilder();
        for (char c : name.toCharArray()) {
            if ("\\.[]{}()*+?^$|".indexOf(c) >= 0) {
                out.append('\\');
            }
            out.append(c);
        }
        return out.toString();
    }
}
