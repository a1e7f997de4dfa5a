#!/bin/bash
#SBATCH --job-name=runfleet-s1
#SBATCH --comment=runfleet:sched-a:s1:study-s1
#SBATCH --partition=debug
#SBATCH --account=proj1
#SBATCH --time=1:30:00
#SBATCH --nodes=2
#SBATCH --ntasks-per-node=2
#SBATCH --cpus-per-task=4
#SBATCH --output=/data/launch/slurm/s1/slurm-%j.out
#SBATCH --signal=B:TERM@60
#SBATCH --constraint=haswell
# Written by the Runfleet scheduler sched-a for study s1: agents of pool study-s1 (docs/deploy-slurm.md).
set -u
module load gcc/12
# The agents take no run that would end later than the margin before the walltime's end.
end=$(squeue -h -j "$SLURM_JOB_ID" -o %e)
deadline=$(date -d "$end" +%s 2>/dev/null || true)
export RUNFLEET_AGENT_DEADLINE="$deadline"
export RUNFLEET_AGENT_DEADLINE_MARGIN=60s
export RUNFLEET_AGENT_ON_STOP=requeue
export RUNFLEET_AGENT_THREADS_PER_RUN=2
export OMP_NUM_THREADS=2
export RF_SLURM_AGENT='s1'
export RF_SLURM_WORK='/data/work'
export RF_SLURM_JAR='/opt/runfleet/worker-agent/quarkus-run.jar'
export RF_SLURM_PIDS='/data/launch/slurm/s1/pids'
mkdir -p "$RF_SLURM_PIDS"
srun --ntasks=$(( SLURM_JOB_NUM_NODES * 2 )) --ntasks-per-node=2 --cpus-per-task=4 --kill-on-bad-exit=0 \
  /bin/sh -c '"$@" "-Drunfleet.agent.id=$RF_SLURM_AGENT-$SLURM_JOB_ID-$SLURM_PROCID" "-Drunfleet.agent.work-dir=$RF_SLURM_WORK/$RF_SLURM_AGENT-$SLURM_JOB_ID-$SLURM_PROCID" -jar "$RF_SLURM_JAR" & pid=$!; echo $pid > "$RF_SLURM_PIDS/$SLURM_JOB_ID-$SLURMD_NODENAME-$SLURM_PROCID.pid"; trap '\'''\'' TERM; wait $pid; code=$?; [ $code = 143 ] && code=0; exit $code' agent '/opt/java/bin/java' '-Xmx256m' \
  '-Drunfleet.agent.pool=study-s1' \
  '-Drunfleet.agent.slots=2' \
  '-Drunfleet.zmq.curve.key-file=/data/launch/secrets/agent.key' &
agents=$!
# SIGTERM to the agents alone: a signal to srun or the step would reach their runs too.
drain() { srun --overlap --ntasks="$SLURM_JOB_NUM_NODES" --ntasks-per-node=1 /bin/sh -c 'for f in "$RF_SLURM_PIDS/$SLURM_JOB_ID-$SLURMD_NODENAME-"*.pid; do kill -TERM "$(cat "$f")" 2>/dev/null; done'; }
# --signal (sent up to a minute early) must not kill runs that fit the agents' deadline; it
# stops agents that could not learn it. scancel and preemption signal the agents directly.
if [ -n "$deadline" ]; then trap 'echo "runfleet: SIGTERM; the agents keep to their deadline $end"' TERM; else trap drain TERM; fi
wait "$agents"
status=$?
# A trapped signal ends wait early: wait again until the agents have finished their runs.
while kill -0 "$agents" 2>/dev/null; do wait "$agents"; status=$?; done
exit $status
