#!/usr/bin/env bash
# Throughput benchmark: bench/run.sh [N]   (default N=2000): N runs of /bin/true and N in-process no-op runs per
#                       transport beside xargs -P2, a ProcessBuilder loop and multiprocessing.Pool(2) (bench/pool_noop.py);
#                       min(N, 500) runs one at a time (the latency each run adds to a bare spawn); the heat example's 200
#                       runs on the embedded stack beside xargs -P2 bench/heat_run.sh; the acceptance of a
#                       BENCH_ACCEPT_RUNS-run study (default 1,000,000); then the goals of docs/performance.md, each with
#                       what was measured and whether it is met.
# Study acceptance:     bench/run.sh accept [N]   (default N=100000): time to accept and expand an
#                       N-run grid study and the scheduler's heap after it (scheduler alone).
# Slurm launch modes:  bench/run.sh slurm [N]    (default N=2000): the same N runs of `sleep 0.05` with agents in
#                       one allocation (2 agents) against one job-array task per run (2 at once), on the Slurm of
#                       deploy/slurm (partition debug); prints both wall times and the ratio. Array tasks start a JVM
#                       each: about 5.5 s per task, 2 at once, on the shared 2-core host. On a shared Slurm run it under
#                       `flock /tmp/runfleet-slurm.lock`.
# Adaptive sampler:   bench/run.sh adaptive [R]  (default R=5): the median time of one Gaussian-process refit +
#                       propose(1) at 10, 100 and 500 observations in 2-D and 5-D, cold, warm-started and reusing the
#                       last fit (bench/AdaptiveBench.java; in process, no services or database).
# BENCH_AGENTS (default 2) and BENCH_SLOTS (default 2 per agent) size the agents; BENCH_STARTUP_TIMEOUT
# (seconds, default 180) bounds each process start-up.
# BENCH_TRANSPORTS (default zeromq,rabbitmq) selects the transports measured, in that order: zeromq
# (CurveZMQ, as shipped), zeromq-plain (the same in plain text on loopback) and rabbitmq, all on
# PostgreSQL. RabbitMQ must run at 127.0.0.1:5672 (guest/guest) and this user must be able to run
# rabbitmqctl. Two more select the embedded build (ZeroMQ, H2 files in bench/target/data-*): h2 (as
# shipped, durable commits) and h2-write-delay (H2's 500 ms write delay, the setting before commits
# were made durable). BENCH_TRANSPORTS=h2-write-delay,h2 compares those two in one table.
# Builds the service jars if needed, makes a fresh PostgreSQL database per transport, then runs
# Bench.java, which prints runs per second of Runfleet over each transport beside xargs -P2 and a
# ProcessBuilder loop, then per transport what each process (scheduler, results, agent-0...) cost over the
# measured /bin/true study, from /proc (Linux): CPU ms per run of its JVM (utime+stime) and of the processes
# it started (cutime+cstime: an agent's runs), peak RSS (VmHWM) and RSS at the end (VmRSS) in MB.
# Adaptive loop:      bench/run.sh adaptive-loop [N]  (default N=500): an adaptive study of N Branin runs (awk), 2 in
#                       flight, over ZeroMQ on PostgreSQL; prints the time from a result's commit to the next run's
#                       (the sampler's refit and proposal included) and the model's share, near 10, 100 and 500 results.
# Wire codec:         bench/run.sh codec [ROUNDS [OPS]]: microseconds per encode and decode of the wire messages
#                       (bench/CodecBench.java; in process, no services).
# Agent execution:    bench/run.sh executor [N]  (default N=500): wall time of N runs of /bin/true through the agent's
#                       RunExecutor alone, one at a time, beside a bare spawn (bench/ExecutorBench.java; in process).
# Persistent worker:  bench/run.sh worker [N]  (default N=3000): runs per second of the small Python function of
#                       examples/worker (sim.py) through Runfleet as a persistent worker (N runs) and as a process per run
#                       (N/10 runs), one agent of 2 slots over ZeroMQ on PostgreSQL, beside bench/worker_bench.py without
#                       Runfleet: a process per run, the worker protocol alone and multiprocessing.Pool(2) (psweep's way).
set -euo pipefail
cd "$(dirname "$0")/.."
if [ "${1:-}" = adaptive ]; then
  ./mvnw -B -q -DskipTests -pl scheduler-service -am compile
  hipparchus_version=$(sed -n 's:.*<hipparchus.version>\(.*\)</hipparchus.version>.*:\1:p' pom.xml)
  hipparchus=${MAVEN_REPOSITORY:-$HOME/.m2/repository}/org/hipparchus
  classpath=scheduler-service/target/classes
  for module in core optim; do
    classpath=$classpath:$hipparchus/hipparchus-$module/$hipparchus_version/hipparchus-$module-$hipparchus_version.jar
  done
  exec java -cp "$classpath" bench/AdaptiveBench.java "${2:-5}"
fi
if [ "${1:-}" = executor ]; then
  if [ ! -f worker-agent/target/quarkus-app/quarkus-run.jar ]; then
    echo "building the worker agent..."
    ./mvnw -B -q -DskipTests -pl worker-agent -am package
  fi
  agent=worker-agent/target/quarkus-app
  # the agent's own JVM options (wire AgentJvmOptions)
  exec java -Xms16m -Xmx256m -XX:TieredStopAtLevel=1 -XX:+UseSerialGC -Djdk.lang.Process.launchMechanism=VFORK \
    -cp "$agent/app/*:$agent/lib/main/*:$agent/lib/boot/*" bench/ExecutorBench.java "${2:-500}"
fi
if [ "${1:-}" = codec ]; then
  mkdir -p bench/target
  ./mvnw -B -q -pl wire -am -Dquarkus.build.skip=true -DskipTests compile dependency:build-classpath \
    -Dmdep.outputFile="$PWD/bench/target/wire-classpath.txt" -Dmdep.includeScope=compile
  exec java -cp "wire/target/classes:$(cat bench/target/wire-classpath.txt)" bench/CodecBench.java "${@:2}"
fi
mode=()
runs=${1:-2000}
if [ "${1:-}" = accept ]; then
  mode=(accept)
  runs=${2:-100000}
elif [ "${1:-}" = adaptive-loop ]; then
  mode=(adaptive-loop)
  runs=${2:-500}
elif [ "${1:-}" = worker ]; then
  mode=(worker)
  runs=${2:-3000}
elif [ "${1:-}" = slurm ]; then
  mode=(slurm)
  runs=${2:-2000}
fi
db_user=${BENCH_DB_USER:-postgres}
db_host=${BENCH_DB_HOST:-127.0.0.1}
transports=${BENCH_TRANSPORTS:-zeromq,rabbitmq}
if [ ! -f scheduler-service/target/quarkus-app/quarkus-run.jar ] || [ ! -f worker-agent/target/quarkus-app/quarkus-run.jar ] \
   || [ ! -f results-service/target/quarkus-app/quarkus-run.jar ]; then
  echo "building the services..."
  ./mvnw -B -q -DskipTests -pl scheduler-service,results-service,worker-agent -am package
fi
# The services' package also builds their embedded variant (target/embedded/quarkus-app).
# The default mode's heat study runs on the embedded stack whatever the transports.
case ",$transports,${mode[*]:-default}" in
  *,h2*|*,default)
    if [ ! -f scheduler-service/target/embedded/quarkus-app/quarkus-run.jar ] \
       || [ ! -f results-service/target/embedded/quarkus-app/quarkus-run.jar ]; then
      echo "building the embedded services..."
      ./mvnw -B -q -DskipTests -pl scheduler-service,results-service -am package
    fi
    ;;
esac
export PGOPTIONS="-c client_min_messages=warning"  # no NOTICE when the database is new
for transport in zeromq zeromq_plain rabbitmq accept; do
  psql -h "$db_host" -U "$db_user" -d postgres -qc "DROP DATABASE IF EXISTS runfleet_bench_$transport" >/dev/null
  psql -h "$db_host" -U "$db_user" -d postgres -qc "CREATE DATABASE runfleet_bench_$transport" >/dev/null
done
exec java -Djdk.lang.Process.launchMechanism=VFORK -Drunfleet.root="$PWD" \
  -Dbench.agents="${BENCH_AGENTS:-2}" -Dbench.startup-timeout-seconds="${BENCH_STARTUP_TIMEOUT:-180}" -Dbench.slots="${BENCH_SLOTS:-2}" -Dbench.transports="$transports" \
  -Dbench.db-url-prefix="jdbc:postgresql://$db_host:5432/runfleet_bench_" -Dbench.db-user="$db_user" \
  -Dbench.accept-runs="${BENCH_ACCEPT_RUNS:-1000000}" \
  bench/Bench.java "${mode[@]}" "$runs"
