#!/usr/bin/env bash
# stop-podman.sh: stop the podman API service that setup-podman.sh started, found by its PID file
# only (an API service somebody else started is left alone). Images and packages stay.
set -uo pipefail

work=${RUNFLEET_PODMAN_WORK:-/tmp/runfleet-podman}
pid_file=$work/api.pid

if [ -s "$pid_file" ]; then
    pid=$(cat "$pid_file")
    # The PID may have been reused since: only stop it if it is still podman.
    if [ "$(cat "/proc/$pid/comm" 2>/dev/null)" = podman ]; then
        kill "$pid"
        printf '[podman-stop] stopped the podman API service (pid %s)\n' "$pid"
    fi
fi
rm -f "$pid_file"
