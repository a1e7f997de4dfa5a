#!/usr/bin/env bash
# smoke-test.sh: check the cluster start-slurm.sh brought up, the way Runfleet uses it: batch jobs, an
# array, srun steps inside an allocation, scancel, preemption of a debug job by an urgent one, and the
# Torque-compatible qsub/qstat/qdel. Prints one PASS or FAIL line per check; exits 1 if any failed.
# About 10 s. Cancels every job it submitted, also when interrupted.
set -uo pipefail

work=$(mktemp -d /tmp/runfleet-slurm-smoke.XXXXXX)
cd "$work" || exit 1
submitted=()
failures=0

cleanup() {
    [ ${#submitted[@]} -gt 0 ] && scancel "${submitted[@]}" 2>/dev/null
    cd / && rm -rf "$work"
}
trap cleanup EXIT

pass() { printf 'PASS %s\n' "$*"; }
fail() { printf 'FAIL %s\n' "$*"; failures=$((failures + 1)); }
expect() { # expect DESCRIPTION ACTUAL WANTED
    if [ "$2" = "$3" ]; then pass "$1"; else fail "$1: got '$2', wanted '$3'"; fi
}
submit() { # submit SBATCH-ARGS...: prints the job id and remembers it for the cleanup
    local id
    id=$(sbatch --parsable "$@") || return 1
    id=${id%%;*}
    submitted+=("$id")
    printf '%s\n' "$id"
}
# Ended jobs pass through COMPLETING; their state is final only once squeue no longer lists them.
wait_ended() {
    for _ in $(seq 1 300); do
        [ -z "$(squeue -h -j "$1" -o %A 2>/dev/null)" ] && return 0
        sleep 0.1
    done
    return 1
}
wait_running() {
    for _ in $(seq 1 300); do
        [ "$(squeue -h -j "$1" -o %T 2>/dev/null)" = RUNNING ] && return 0
        sleep 0.1
    done
    return 1
}
job_state() { scontrol -o show job "$1" | grep -o 'JobState=[A-Z_]*' | cut -d= -f2; }

if ! scontrol ping >/dev/null 2>&1; then
    echo "FAIL slurmctld does not answer: run deploy/slurm/start-slurm.sh first (as root)"
    exit 1
fi

# A batch job, and the state scontrol keeps for MinJobAge after it ended.
job=$(submit -o plain.out --wrap 'echo hello from $SLURM_JOB_ID')
wait_ended "$job"
expect "batch job output" "$(cat plain.out)" "hello from $job"
expect "ended batch job's state" "$(job_state "$job")" COMPLETED

# A job that fails reports its exit code.
job=$(submit -o /dev/null --wrap 'exit 3')
wait_ended "$job"
expect "failing job's state and exit code" \
    "$(job_state "$job") $(scontrol -o show job "$job" | grep -o ' ExitCode=[0-9:]*' | cut -d= -f2)" "FAILED 3:0"

# An array of five tasks.
job=$(submit --array=0-4 -o 'array-%a.out' --wrap 'echo $SLURM_ARRAY_TASK_ID')
wait_ended "$job"
expect "array tasks 0-4" "$(cat array-*.out | sort -n | tr '\n' ' ')" "0 1 2 3 4 "

# Two srun tasks inside a batch allocation: 22.05 does not pass --cpus-per-task on to srun, so say it.
job=$(submit -n 2 -c 1 -o steps.out --wrap 'srun --ntasks=2 --cpus-per-task=1 bash -c "echo task \$SLURM_PROCID"')
wait_ended "$job"
expect "srun tasks in an allocation" "$(grep -c '^task [01]$' steps.out)" 2

# scancel of a running job.
job=$(submit -o /dev/null --wrap 'sleep 300')
wait_running "$job" || fail "job $job did not start"
scancel "$job"
wait_ended "$job"
expect "cancelled job's state" "$(job_state "$job")" CANCELLED

# Preemption: a debug job holding every CPU is cancelled when an urgent job needs one.
cpus=$(sinfo -h -p debug -o %c | head -n 1)
victim=$(submit -p debug -n "$cpus" -o victim.out --wrap 'sleep 300')
wait_running "$victim" || fail "debug job $victim did not start"
urgent=$(submit -p urgent -n 1 -o urgent.out --wrap 'echo urgent ran')
wait_ended "$victim"
wait_ended "$urgent"
expect "preempted debug job's state" "$(job_state "$victim")" PREEMPTED
expect "preemption noted in the job's output" "$(grep -c 'DUE TO PREEMPTION' victim.out)" 1
expect "urgent job ran" "$(cat urgent.out)" "urgent ran"

# Torque-compatible wrappers over the same Slurm: qsub prints the bare Slurm job id.
printf '#!/bin/bash\n#PBS -N rf-smoke\n#PBS -l walltime=00:05:00\nsleep 300\n' >pbs-job.sh
if pbs=$(qsub pbs-job.sh) && [[ $pbs =~ ^[0-9]+$ ]]; then
    submitted+=("$pbs")
    pass "qsub printed job id $pbs"
    wait_running "$pbs" || fail "qsub job $pbs did not start"
    expect "qstat state of the running job" "$(qstat "$pbs" | awk -v id="$pbs" '$1 == id {print $5}')" R
    qdel "$pbs" || fail "qdel $pbs exited $?"
    wait_ended "$pbs"
    expect "qstat state after qdel" "$(qstat "$pbs" | awk -v id="$pbs" '$1 == id {print $5}')" C
    expect "Slurm state after qdel" "$(job_state "$pbs")" CANCELLED
else
    fail "qsub pbs-job.sh: '$pbs'"
fi

if [ "$failures" = 0 ]; then echo "all checks passed"; else echo "$failures check(s) failed"; fi
[ "$failures" = 0 ]
