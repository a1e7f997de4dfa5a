#!/usr/bin/env bash
# start-slurm.sh: a single-node Slurm 22.05 (Debian 12's slurm-wlm) on a machine without systemd, for
# Runfleet's tests and for trying Runfleet's Slurm launcher on a laptop. Idempotent: a second call with
# the same settings changes nothing and returns in well under a second.
#
# It makes sure that
#   1. munge, slurmctld, slurmd, the client commands and the Torque-compatible wrappers (qsub, qstat,
#      qdel from slurm-wlm-torque) are installed, waiting for the dpkg lock if another install holds it;
#   2. munged runs with a key in /etc/munge/munge.key;
#   3. /etc/slurm/slurm.conf describes one node (this host, reached at 127.0.0.1, no DNS needed) in two
#      partitions over the same node:
#        debug   the default partition, PriorityTier=1;
#        urgent  PriorityTier=10: with PreemptType=preempt/partition_prio and PreemptMode=CANCEL a job
#                submitted here that does not fit cancels running debug jobs (as a site's high-priority
#                queue does), so preemption can be tested for real;
#   4. slurmctld and slurmd run with exactly that configuration (restarted when it changed), and the node
#      is idle; then sinfo is printed.
#
# Knobs (environment):
#   RUNFLEET_SLURM_CPUS         CPUs the node declares (default 8; may exceed the real cores, since
#                               SlurmdParameters=config_overrides makes slurmd believe the configuration)
#   RUNFLEET_SLURM_MIN_JOB_AGE  seconds an ended job stays visible to squeue and scontrol (default 300;
#                               there is no accounting database, so afterwards a job id is unknown)
#   RUNFLEET_SLURM_KILL_WAIT    seconds between SIGTERM and SIGKILL when a job is cancelled (default 30)
#   RUNFLEET_SLURM_STATE        PID files and configuration hashes        (default /run/runfleet-slurm)
#   RUNFLEET_SLURM_SPOOL        slurmctld state and slurmd spool          (default /var/spool/runfleet-slurm)
#   RUNFLEET_SLURM_LOGS         daemon logs and the job completion file   (default /var/log/runfleet-slurm)
#   RUNFLEET_SLURM_CTLD_PORT    slurmctld's port                          (default 6817)
#   RUNFLEET_SLURM_SLURMD_PORT  slurmd's port                             (default 6818)
#
# Must run as root: the daemons run as root and the packages are installed with apt-get.
# Each (re)start of slurmctld begins from a clean slate: jobs of an earlier run are forgotten.
# Stop everything this script started with stop-slurm.sh; smoke-test.sh checks the cluster.
set -euo pipefail

cpus=${RUNFLEET_SLURM_CPUS:-8}
min_job_age=${RUNFLEET_SLURM_MIN_JOB_AGE:-300}
kill_wait=${RUNFLEET_SLURM_KILL_WAIT:-30}
state=${RUNFLEET_SLURM_STATE:-/run/runfleet-slurm}
spool=${RUNFLEET_SLURM_SPOOL:-/var/spool/runfleet-slurm}
logs=${RUNFLEET_SLURM_LOGS:-/var/log/runfleet-slurm}
ctld_port=${RUNFLEET_SLURM_CTLD_PORT:-6817}
slurmd_port=${RUNFLEET_SLURM_SLURMD_PORT:-6818}
conf=/etc/slurm/slurm.conf

log() { printf '[slurm-start] %s\n' "$*" >&2; }
die() { log "FAILED: $*"; exit 1; }

if [ "$(id -u)" != 0 ]; then
    die "must run as root (it installs packages and starts munged, slurmctld and slurmd as root); try: sudo $0"
fi
for knob in cpus min_job_age kill_wait ctld_port slurmd_port; do
    [[ ${!knob} =~ ^[0-9]+$ ]] || die "RUNFLEET_SLURM_${knob^^} must be a whole number, got '${!knob}'"
done

here=$(cd "$(dirname "$0")" && pwd)
# shellcheck source=deploy/slurm/daemons.sh
. "$here/daemons.sh"

mkdir -p "$state" "$logs"
started_at=$SECONDS

# Polls a command every 0.2 s until it succeeds or the seconds are up.
poll() {
    local seconds=$1 tries
    shift
    for tries in $(seq 1 $((seconds * 5))); do
        "$@" >/dev/null 2>&1 && return 0
        sleep 0.2
    done
    return 1
}

# --- 1. packages --------------------------------------------------------------------------------
apt_get() {
    # A concurrent apt-get (another build, unattended upgrades) holds the dpkg lock for a while: wait
    # for it rather than fail, but give up on any other error at once.
    local attempt out=$state/apt.log
    for attempt in $(seq 1 20); do
        apt-get -q -o DPkg::Lock::Timeout=30 "$@" >"$out" 2>&1 && return 0
        grep -qiE 'could not get lock|unable to lock|dpkg was interrupted' "$out" || { cat "$out" >&2; return 1; }
        log "the dpkg lock is held by another process (attempt $attempt), retrying in 5 s"
        sleep 5
    done
    cat "$out" >&2
    return 1
}

missing=()
command -v munged >/dev/null || missing+=(munge)
command -v slurmctld >/dev/null || missing+=(slurmctld)
command -v slurmd >/dev/null || missing+=(slurmd)
command -v sbatch >/dev/null || missing+=(slurm-client)
command -v qsub >/dev/null || missing+=(slurm-wlm-torque)
if [ ${#missing[@]} -gt 0 ]; then
    export DEBIAN_FRONTEND=noninteractive
    log "installing ${missing[*]}"
    # Without systemd the packages' maintainer scripts would try to start the daemons themselves, with
    # Debian's default configuration: forbid that while installing (a policy-rc.d of our own only).
    policy=/usr/sbin/policy-rc.d
    own_policy=0
    if [ ! -e "$policy" ]; then
        printf '#!/bin/sh\nexit 101\n' >"$policy"
        chmod 755 "$policy"
        own_policy=1
    fi
    apt_get update || log "apt-get update failed; trying the cached package lists"
    install_ok=1
    apt_get install -y --no-install-recommends "${missing[@]}" || install_ok=0
    [ "$own_policy" = 1 ] && rm -f "$policy"
    [ "$install_ok" = 1 ] || die "apt-get install ${missing[*]} failed (output above)"
    log "packages installed in $((SECONDS - started_at)) s"
fi
# The package's version: the commands themselves refuse to run before slurm.conf exists.
version=$(dpkg-query -W -f='${Version}' slurmctld 2>/dev/null || true)
case "$version" in
    22.05.*) ;;
    *) log "warning: Slurm $version found; these scripts and Runfleet's notes are written for 22.05" ;;
esac

# --- 2. munge -----------------------------------------------------------------------------------
munge_answers() { munge -n </dev/null | unmunge >/dev/null; }

install -d -o munge -g munge -m 0700 /etc/munge /var/log/munge
install -d -o munge -g munge -m 0711 /var/lib/munge
install -d -o munge -g munge -m 0755 /run/munge
if [ ! -s /etc/munge/munge.key ]; then
    log "creating /etc/munge/munge.key"
    mungekey --create --keyfile=/etc/munge/munge.key
fi
chown munge:munge /etc/munge/munge.key
chmod 0600 /etc/munge/munge.key
if munge_answers 2>/dev/null; then
    log "munged already answers"
else
    log "starting munged"
    # --force: a socket left by a munged that died is not a reason to refuse to start.
    runuser -u munge -- /usr/sbin/munged --force
    poll 10 munge_answers || die "munged does not answer; see /var/log/munge/munged.log"
    # Only a munged started here gets a PID file of ours, so stop-slurm.sh leaves anyone else's alone.
    cp /run/munge/munged.pid "$state/munged.pid"
fi

# --- 3. configuration ---------------------------------------------------------------------------
host=$(hostname -s)
memory_mb=$(awk '/^MemTotal/ {print int($2 / 1024)}' /proc/meminfo)
install -d -m 0755 /etc/slurm "$spool/ctld" "$spool/d"

wanted=$(cat <<EOF
# Written by Runfleet's deploy/slurm/start-slurm.sh: a single-node cluster without systemd or cgroups.
ClusterName=runfleet
SlurmctldHost=${host}(127.0.0.1)
SlurmctldPort=${ctld_port}
SlurmdPort=${slurmd_port}
SlurmUser=root
SlurmdUser=root
AuthType=auth/munge
CredType=cred/munge
StateSaveLocation=${spool}/ctld
SlurmdSpoolDir=${spool}/d
SlurmctldPidFile=${state}/slurmctld.pid
SlurmdPidFile=${state}/slurmd.pid
SlurmctldLogFile=${logs}/slurmctld.log
SlurmdLogFile=${logs}/slurmd.log
# No cgroups without systemd: track processes by their parent ids, bind nothing.
ProctrackType=proctrack/linuxproc
TaskPlugin=task/none
JobAcctGatherType=jobacct_gather/linux
MpiDefault=none
# CPUs are the unit of allocation, so several jobs share the node.
SelectType=select/cons_tres
SelectTypeParameters=CR_CPU
# Schedule at once on every submission and job end, not every few seconds as on a big cluster.
SchedulerType=sched/backfill
SchedulerParameters=batch_sched_delay=0,sched_min_interval=0,bf_interval=1
# No accounting database: sacct works only as 'sacct -c', on this job completion file.
AccountingStorageType=accounting_storage/none
JobCompType=jobcomp/filetxt
JobCompLoc=${logs}/jobcomp.log
MinJobAge=${min_job_age}
KillWait=${kill_wait}
ReturnToService=2
# A job in a partition of a higher PriorityTier cancels the debug jobs that stand in its way.
PreemptType=preempt/partition_prio
PreemptMode=CANCEL
# Let slurmd take the declared CPUs at their word, even above the host's real cores.
SlurmdParameters=config_overrides
NodeName=${host} NodeAddr=127.0.0.1 CPUs=${cpus} RealMemory=${memory_mb} State=UNKNOWN
PartitionName=debug Nodes=${host} Default=YES MaxTime=INFINITE PriorityTier=1 State=UP
PartitionName=urgent Nodes=${host} Default=NO MaxTime=INFINITE PriorityTier=10 State=UP
EOF
)
if [ "$(cat "$conf" 2>/dev/null)" != "$wanted" ]; then
    printf '%s\n' "$wanted" >"$conf"
    log "wrote $conf"
fi
conf_hash=$(sha256sum "$conf" | cut -d' ' -f1)

# --- 4. slurmctld and slurmd ----------------------------------------------------------------------
port_taken() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

ctld_pid=$(live_pid "$state/slurmctld.pid" slurmctld || true)
slurmd_pid=$(live_pid "$state/slurmd.pid" slurmd || true)
if [ -n "$ctld_pid" ] && [ -n "$slurmd_pid" ] && [ "$(cat "$state/slurm.conf.sha256" 2>/dev/null)" = "$conf_hash" ] \
        && scontrol ping >/dev/null 2>&1; then
    log "slurmctld (pid $ctld_pid) and slurmd (pid $slurmd_pid) already run with this configuration"
else
    # Missing, half up or configured differently: restart both from a known point.
    if [ -n "$ctld_pid" ] && scontrol ping >/dev/null 2>&1; then
        cancel_all_jobs
    fi
    stop_by_pid_file "$state/slurmd.pid" slurmd 10
    stop_by_pid_file "$state/slurmctld.pid" slurmctld 10
    rm -f "$state/slurm.conf.sha256"
    for port in "$ctld_port" "$slurmd_port"; do
        if port_taken "$port"; then
            die "port $port is in use by a process this script did not start (another Slurm?); stop it, or set RUNFLEET_SLURM_CTLD_PORT / RUNFLEET_SLURM_SLURMD_PORT"
        fi
    done
    rm -rf "${spool:?}/d/"*
    log "starting slurmctld (clean state)"
    # -c: forget jobs of an earlier run; -i: ignore state files it cannot read.
    slurmctld -c -i
    poll 20 scontrol ping || die "slurmctld does not answer; see $logs/slurmctld.log"
    log "starting slurmd"
    slurmd
    poll 10 test -s "$state/slurmd.pid" || die "slurmd did not start; see $logs/slurmd.log"
    printf '%s\n' "$conf_hash" >"$state/slurm.conf.sha256"
fi

# --- 5. the node ---------------------------------------------------------------------------------
node_state() { scontrol -o show node "$host" 2>/dev/null | grep -o 'State=[A-Z+_]*' | head -n 1 | cut -d= -f2; }
now=""
for tries in $(seq 1 150); do
    now=$(node_state || true)
    case "$now" in
        IDLE*|MIXED*|ALLOCATED*) break ;;
        # A node that was down when slurmctld started again stays down until told otherwise.
        DOWN*|DRAIN*) [ "$tries" = 25 ] && scontrol update nodename="$host" state=resume 2>/dev/null || true ;;
    esac
    sleep 0.2
done
case "$now" in
    IDLE*|MIXED*|ALLOCATED*) ;;
    *) sinfo -R >&2 || true; die "node $host is '$now' after 30 s; see $logs/slurmd.log and $logs/slurmctld.log" ;;
esac
log "Slurm $version is up in $((SECONDS - started_at)) s: node $host with $cpus CPUs, partitions debug (default) and urgent (preempts debug)"
sinfo
