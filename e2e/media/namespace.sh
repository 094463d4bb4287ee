#!/usr/bin/env bash
# Runs a command inside the media tests' private network namespace: Janus and libnice skip
# loopback interfaces when gathering ICE candidates, so WebRTC between Chromium and Janus needs a
# real interface. The namespace holds only `lo` and a veth pair vx0/vx1 (10.200.1.1/30 on vx0)
# and has no route out, so no packet leaves it. Rootless (a user namespace); its own PID
# namespace means Janus and Chromium cannot outlive the command, even if it is killed (and if
# this script is killed, --kill-child takes the whole namespace down with it). The command runs
# from the repository's root with npm's Node 24 first on PATH, ENGAWA_MEDIA_NAMESPACE=1 (see
# e2e/support/mediaNamespace.ts), a private TMPDIR removed afterwards, and no TEST_DATABASE_URL
# (the host's PostgreSQL is unreachable from here). The exit code is the command's.
#   bash e2e/media/namespace.sh COMMAND [ARGUMENTS...]
# Used by e2e/media/run.sh (the media tests) and bench/meetings.bench.ts (the meetings benchmark).
set -euo pipefail
script="$(cd "$(dirname "$0")" && pwd)/$(basename "$0")"
cd "$(dirname "$script")/../.."

if [ "${1:-}" != "--inside-namespace" ]; then
  if [ "$#" -eq 0 ]; then
    echo "usage: bash e2e/media/namespace.sh COMMAND [ARGUMENTS...]" >&2
    exit 2
  fi
  if ! unshare --user --map-root-user --net true 2>/dev/null; then
    echo "The media tests and benchmarks need unprivileged user namespaces (unshare --user --net); enable them" >&2
    echo "(sysctl kernel.unprivileged_userns_clone=1 / user.max_user_namespaces) or run them privileged." >&2
    exit 1
  fi
  exec unshare --user --map-root-user --net --pid --fork --kill-child --mount-proc \
    bash "$script" --inside-namespace "$@"
fi
shift

ip link set lo up
ip link add vx0 type veth peer name vx1
ip addr add 10.200.1.1/30 dev vx0
ip link set vx0 up
ip link set vx1 up # the peer must be UP too, or vx0 is not RUNNING and Janus skips it

export ENGAWA_MEDIA_NAMESPACE=1 # mediaNamespace.ts checks it
# Janus's config folders and Chromium's profiles go here, and go away even if the command crashes.
TMPDIR=$(mktemp -d -t engawa-media-XXXXXX)
export TMPDIR
trap 'rm -rf "$TMPDIR"' EXIT
# PostgreSQL on the host's 127.0.0.1 is unreachable from here: media tests use PGlite.
unset TEST_DATABASE_URL
# npm's Node 24 (the `node` package) first, for npx, vitest and the processes the command spawns.
export PATH="$PWD/node_modules/.bin:$PATH"
"$@"
