# daemons.sh: sourced by start-slurm.sh and stop-slurm.sh. A daemon is ours only if our PID file names
# it; a PID may be reused, so the process's name is checked as well.

# Prints the PID a file names if that process is alive and called NAME.
live_pid() {
    local file=$1 name=$2 pid
    [ -s "$file" ] || return 1
    pid=$(tr -dc '0-9' <"$file")
    [ -n "$pid" ] && [ "$(cat "/proc/$pid/comm" 2>/dev/null)" = "$name" ] || return 1
    printf '%s\n' "$pid"
}

# Stops the process a PID file names (SIGTERM, then SIGKILL after the seconds given) and removes the file.
stop_by_pid_file() {
    local file=$1 name=$2 seconds=$3 pid tries
    if pid=$(live_pid "$file" "$name"); then
        printf '[slurm] stopping %s (pid %s)\n' "$name" "$pid" >&2
        kill "$pid" 2>/dev/null || true
        for tries in $(seq 1 $((seconds * 10))); do
            kill -0 "$pid" 2>/dev/null || break
            sleep 0.1
        done
        if kill -0 "$pid" 2>/dev/null; then
            printf '[slurm] %s (pid %s) ignored SIGTERM for %s s: SIGKILL\n' "$name" "$pid" "$seconds" >&2
            kill -9 "$pid" 2>/dev/null || true
        fi
    fi
    rm -f "$file"
}

# Cancels every job in the queue and waits until they are gone, so that no job or slurmstepd outlives a
# slurmctld that is about to stop (a restarted one begins from a clean slate and would not know them).
cancel_all_jobs() {
    local jobs
    mapfile -t jobs < <(squeue -h -o %A 2>/dev/null)
    [ ${#jobs[@]} -gt 0 ] || return 0
    printf '[slurm] cancelling %s job(s): %s\n' "${#jobs[@]}" "${jobs[*]}" >&2
    scancel "${jobs[@]}" 2>/dev/null || true
    # A cancelled job stays COMPLETING until its processes are gone (at most KillWait, 30 s by default).
    for _ in $(seq 1 90); do
        [ -z "$(squeue -h -o %A 2>/dev/null)" ] && return 0
        sleep 0.5
    done
    printf '[slurm] jobs still listed after 45 s: %s\n' "$(squeue -h -o %A | tr '\n' ' ')" >&2
}
