#!/usr/bin/env bash
# stop-slurm.sh: stop what start-slurm.sh started, found by its PID files only: a munged, slurmctld or
# slurmd somebody else started is left alone. Jobs still in the queue are cancelled first, so no job or
# slurmstepd outlives the daemons. Packages, the munge key and /etc/slurm/slurm.conf stay.
# Reads RUNFLEET_SLURM_STATE as start-slurm.sh does (default /run/runfleet-slurm).
set -uo pipefail

state=${RUNFLEET_SLURM_STATE:-/run/runfleet-slurm}
here=$(cd "$(dirname "$0")" && pwd)
# shellcheck source=deploy/slurm/daemons.sh
. "$here/daemons.sh"

log() { printf '[slurm-stop] %s\n' "$*" >&2; }

if live_pid "$state/slurmctld.pid" slurmctld >/dev/null && scontrol ping >/dev/null 2>&1; then
    cancel_all_jobs
fi
stop_by_pid_file "$state/slurmd.pid" slurmd 10
stop_by_pid_file "$state/slurmctld.pid" slurmctld 10
stop_by_pid_file "$state/munged.pid" munged 5
rm -f "$state/slurm.conf.sha256"
log "stopped"
