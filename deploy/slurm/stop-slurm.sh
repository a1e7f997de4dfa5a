#!/usr/bin/env bash
# stop-slurm.sh: stop what start-slurm.sh started, found by its PID files only: a munged, slurmctld or
# slurmd somebody else started is left alone. Jobs still in the queue are cancelled first, so no job or
# slurmstepd outlives the daemons. Packages, the munge key and /etc/slurm/slurm.conf stay.
# Reads RUNFLEET_SLURM_STATE as start-slurm.sh does (default /run/runfleet-slurm).
set -uo pipefail

state=${RUNFLEET_SLURM_STATE:-/run/runfleet-slurm}
here=$(cd "$(dirname "$0")" && pwd)
# shellcheck source=deploy/slurm/pid-files.sh
. "$here/pid-files.sh"

log() { printf '[slurm-stop] %s\n' "$*" >&2; }

if live_pid "$state/slurmctld.pid" slurmctld >/dev/null && scontrol ping >/dev/null 2>&1; then
    mapfile -t jobs < <(squeue -h -o %A 2>/dev/null)
    if [ ${#jobs[@]} -gt 0 ]; then
        log "cancelling ${#jobs[@]} job(s): ${jobs[*]}"
        scancel "${jobs[@]}" 2>/dev/null || true
        # A cancelled job stays COMPLETING until its processes are gone (at most KillWait, 30 s by default).
        for _ in $(seq 1 90); do
            [ -z "$(squeue -h -o %A 2>/dev/null)" ] && break
            sleep 0.5
        done
    fi
fi
stop_by_pid_file "$state/slurmd.pid" slurmd 10
stop_by_pid_file "$state/slurmctld.pid" slurmctld 10
stop_by_pid_file "$state/munged.pid" munged 5
rm -f "$state/slurm.conf.sha256"
log "stopped"
