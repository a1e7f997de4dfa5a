#!/usr/bin/env bash
# Throughput benchmark: bench/run.sh [N]   (default N=2000)
# BENCH_AGENTS (default 2) and BENCH_SLOTS (default 2 per agent) size the agents.
# Builds the service jars if needed, makes a fresh PostgreSQL database for the run, then runs
# Bench.java, which prints runs per second of Runfleet beside xargs -P2 and a ProcessBuilder loop.
set -euo pipefail
cd "$(dirname "$0")/.."
runs=${1:-2000}
db_user=${BENCH_DB_USER:-postgres}
db_host=${BENCH_DB_HOST:-127.0.0.1}
if [ ! -f scheduler-service/target/quarkus-app/quarkus-run.jar ] || [ ! -f worker-agent/target/quarkus-app/quarkus-run.jar ] \
   || [ ! -f results-service/target/quarkus-app/quarkus-run.jar ]; then
  echo "building the services..."
  ./mvnw -B -q -DskipTests -pl scheduler-service,results-service,worker-agent -am package
fi
psql -h "$db_host" -U "$db_user" -d postgres -qc 'DROP DATABASE IF EXISTS runfleet_bench' >/dev/null
psql -h "$db_host" -U "$db_user" -d postgres -qc 'CREATE DATABASE runfleet_bench' >/dev/null
exec java -Djdk.lang.Process.launchMechanism=VFORK -Drunfleet.root="$PWD" \
  -Dbench.agents="${BENCH_AGENTS:-2}" -Dbench.slots="${BENCH_SLOTS:-2}" \
  -Dbench.db-url="jdbc:postgresql://$db_host:5432/runfleet_bench" -Dbench.db-user="$db_user" \
  bench/Bench.java "$runs"
