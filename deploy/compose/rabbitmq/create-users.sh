#!/bin/sh
# Creates the Runfleet vhost and one broker user per role with the narrowest permissions that work
# (docs/transport-rabbitmq.md, "Users, vhost, permissions"; the three set_permissions lines below are checked
# against the documentation by BrokerPermissionsTest). Run once the broker is up; safe to run again: existing
# users get their password and permissions set anew. Needs rabbitmqctl reaching the broker's node
# (RABBITMQ_NODE, e.g. rabbit@rabbitmq) with its Erlang cookie.
set -eu

node=${RABBITMQ_NODE:-rabbit@rabbitmq}
vhost=${RUNFLEET_RABBITMQ_VHOST:-runfleet}
ctl() { rabbitmqctl -q -n "$node" "$@"; }

# Passwords come from the environment only, never from this file.
user() {
    name=$1
    password=$2
    if ctl list_users --no-table-headers | cut -f1 | grep -qx "$name"; then
        ctl change_password "$name" "$password"
    else
        ctl add_user "$name" "$password"
    fi
}

ctl await_startup
ctl list_vhosts --no-table-headers name | grep -qx "$vhost" || ctl add_vhost "$vhost"
user runfleet-scheduler "$RUNFLEET_RABBITMQ_SCHEDULER_PASSWORD"
user runfleet-results "$RUNFLEET_RABBITMQ_RESULTS_PASSWORD"
user runfleet-agent "$RUNFLEET_RABBITMQ_AGENT_PASSWORD"

# configure, write, read (regular expressions over exchange and queue names of the vhost)
ctl set_permissions -p "$vhost" runfleet-scheduler '^(runfleet\.(from-scheduler|control|dlx|from-agents|from-results|run-requests|agent-reports|run-completed|study-events|dead-letter|run-dead-letters)|runfleet\.run-requests\.[A-Za-z0-9_.-]+)$' '^(runfleet\.(from-scheduler|control|dlx|run-requests|agent-reports|run-completed|study-events|dead-letter|run-dead-letters)|runfleet\.run-requests\.[A-Za-z0-9_.-]+)$' '^(runfleet\.(from-scheduler|from-agents|from-results|dlx|agent-reports|run-completed|run-dead-letters|run-requests|study-events)|runfleet\.run-requests\.[A-Za-z0-9_.-]+)$'
ctl set_permissions -p "$vhost" runfleet-results '^runfleet\.(from-results|events|dlx|from-agents|run-results|dead-letter)$' '^runfleet\.(from-results|events|dlx|run-results|dead-letter)$' '^runfleet\.(from-agents|dlx|run-results|study-events)$'
ctl set_permissions -p "$vhost" runfleet-agent '^amq\.gen-.*$' '^(runfleet\.(from-agents|dlx)|amq\.gen-.*)$' '^(runfleet\.(control|run-requests)|runfleet\.run-requests\.[A-Za-z0-9_.-]+|amq\.gen-.*)$'
echo "RabbitMQ users runfleet-scheduler, runfleet-results, runfleet-agent ready in vhost $vhost"
