#!/usr/bin/env bash
# setup-podman.sh: make this host able to build and run Runfleet's container images without a
# Docker daemon or a registry. Idempotent; about 10 s once the packages are installed.
#
# It makes sure that
#   1. podman (with runc), busybox-static and docker-compose are installed (Debian packages);
#   2. the base image localhost/runfleet-base-jre:latest exists: busybox plus a jlink'ed Java 17
#      runtime taken from this host's JDK, for hosts that cannot pull eclipse-temurin:17-jre;
#   3. a podman API service answers on a Unix socket, so the docker CLI and docker-compose work.
#
# Knobs (environment):
#   RUNFLEET_PODMAN_WORK    scratch directory, PID and log files  (default /tmp/runfleet-podman)
#   RUNFLEET_PODMAN_SOCKET  the Docker-API socket to serve         (default /tmp/runfleet-podman.sock)
#   RUNFLEET_BASE_IMAGE     the base image to build                 (default localhost/runfleet-base-jre:latest)
#   RUNFLEET_PODMAN_NO_API  set to 1 to skip step 3 (podman CLI only; DOCKER_HOST is then not exported)
#
# On success the last line of output is an `export ...` line; use it as
#   eval "$(deploy/podman/setup-podman.sh | tail -n 1)"
# Stop the API service with stop-podman.sh.
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
work=${RUNFLEET_PODMAN_WORK:-/tmp/runfleet-podman}
socket=${RUNFLEET_PODMAN_SOCKET:-/tmp/runfleet-podman.sock}
base_image=${RUNFLEET_BASE_IMAGE:-localhost/runfleet-base-jre:latest}
# Bump when the recipe below changes: an image with another version (or none) is rebuilt.
base_recipe_version=2
export CONTAINERS_CONF=$here/containers.conf

log() { printf '[podman-setup] %s\n' "$*" >&2; }
die() { log "FAILED: $*"; exit 1; }

mkdir -p "$work"

# --- 1. packages ------------------------------------------------------------------------------
install_packages() {
    export DEBIAN_FRONTEND=noninteractive
    log "installing $*"
    apt-get update -q >"$work/apt-update.log" 2>&1 || log "apt-get update failed (see $work/apt-update.log); trying the cached lists"
    # Another build may hold the dpkg lock for a while: retry instead of failing at once.
    for attempt in $(seq 1 20); do
        if apt-get install -y -q --no-install-recommends "$@" >"$work/apt-install.log" 2>&1; then
            return 0
        fi
        log "apt-get install failed (attempt $attempt), retrying in 10 s"
        sleep 10
    done
    cat "$work/apt-install.log" >&2
    die "cannot install $* (log above)"
}

missing=()
command -v podman >/dev/null 2>&1 || missing+=(podman conmon netavark aardvark-dns slirp4netns uidmap)
command -v runc >/dev/null 2>&1 || missing+=(runc)
# netavark sets up bridge networks (compose's default) with iptables; without it only --network host works.
command -v iptables >/dev/null 2>&1 || missing+=(iptables)
[ -x /bin/busybox ] || missing+=(busybox-static)
command -v docker-compose >/dev/null 2>&1 || missing+=(docker-compose)
if [ ${#missing[@]} -gt 0 ]; then
    install_packages "${missing[@]}"
fi
podman info >/dev/null 2>"$work/podman-info.log" || die "podman does not work here: $(tail -n 5 "$work/podman-info.log")"

# --- 2. base image ----------------------------------------------------------------------------
build_base_image() {
    local rootfs=$work/base-rootfs jre=$work/base-jre
    command -v jlink >/dev/null 2>&1 || die "jlink not found: a JDK 17 is needed to build $base_image"
    log "building $base_image from this host's JDK ($(command -v jlink))"
    rm -rf "$rootfs" "$jre"
    # java.se covers what Quarkus needs; jdk.unsupported is for Netty and JeroMQ, jdk.zipfs for the fast-jar.
    jlink --add-modules java.se,jdk.unsupported,jdk.crypto.ec,jdk.zipfs,jdk.management \
          --strip-debug --no-header-files --no-man-pages --output "$jre"
    mkdir -p "$rootfs"/{bin,etc,tmp,proc,sys,dev,opt,lib64,lib/x86_64-linux-gnu,work,deployments}
    chmod 1777 "$rootfs/tmp"
    cp /bin/busybox "$rootfs/bin/busybox"
    local applet
    for applet in $("$rootfs/bin/busybox" --list); do
        [ -e "$rootfs/bin/$applet" ] || ln -s busybox "$rootfs/bin/$applet"
    done
    cp -r "$jre" "$rootfs/opt/jre"
    # The JRE is dynamically linked against the host's glibc: carry those libraries along.
    find "$rootfs/opt/jre" -type f \( -name '*.so' -o -path '*/bin/*' \) -exec ldd {} \; 2>/dev/null \
        | awk '$2 == "=>" && $3 ~ /^\// {print $3} $1 ~ /^\/.*ld-linux/ {print $1}' \
        | grep -v "^$rootfs/" | sort -u \
        | while read -r lib; do cp -L "$lib" "$rootfs/lib/x86_64-linux-gnu/"; done
    cp -L /lib64/ld-linux-x86-64.so.2 "$rootfs/lib64/"
    printf 'root:x:0:0:root:/root:/bin/sh\nnobody:x:65534:65534:nobody:/nonexistent:/bin/false\n' >"$rootfs/etc/passwd"
    printf 'root:x:0:\nnogroup:x:65534:\n' >"$rootfs/etc/group"
    # Without this file glibc asks DNS first and gives up: InetAddress.getLocalHost() then fails,
    # and agents would report "unknown-host" instead of the container's hostname.
    printf 'passwd: files\ngroup: files\nhosts: files dns\n' >"$rootfs/etc/nsswitch.conf"
    tar -C "$rootfs" -c . | podman import \
        --change 'ENV PATH=/opt/jre/bin:/bin' \
        --change 'ENV JAVA_HOME=/opt/jre' \
        --change 'CMD ["java","-version"]' \
        --change "LABEL io.runfleet.base-recipe=$base_recipe_version" - "$base_image" >/dev/null
    rm -rf "$rootfs" "$jre"
}

present_version=$(podman image inspect --format '{{ index .Labels "io.runfleet.base-recipe" }}' "$base_image" 2>/dev/null || true)
if [ "$present_version" = "$base_recipe_version" ]; then
    log "$base_image is present (recipe $base_recipe_version)"
else
    build_base_image
fi
podman run --rm "$base_image" java -version >"$work/base-check.log" 2>&1 \
    || die "$base_image does not run java: $(cat "$work/base-check.log")"

# --- 3. Docker-API service --------------------------------------------------------------------
api_answers() { curl -sf --max-time 2 --unix-socket "$socket" http://podman/_ping >/dev/null 2>&1; }

if [ "${RUNFLEET_PODMAN_NO_API:-0}" != 1 ]; then
    if api_answers; then
        log "podman API already answers on $socket"
    else
        rm -f "$socket"
        log "starting the podman API service on $socket (log $work/api.log)"
        nohup podman system service --time=0 "unix://$socket" >"$work/api.log" 2>&1 &
        echo $! >"$work/api.pid"
        for _ in $(seq 1 100); do api_answers && break; sleep 0.1; done
        api_answers || die "the podman API did not answer on $socket; see $work/api.log"
    fi
fi

exports="CONTAINERS_CONF=$CONTAINERS_CONF RUNFLEET_BASE_IMAGE=$base_image"
if [ "${RUNFLEET_PODMAN_NO_API:-0}" != 1 ]; then
    # Ryuk (Testcontainers' reaper) needs a privileged socket mount that podman does not offer here.
    exports="$exports DOCKER_HOST=unix://$socket TESTCONTAINERS_RYUK_DISABLED=true"
fi
echo "export $exports"
