#!/usr/bin/env bash
# Runs the media tests (e2e/media/**/*.media.test.ts) in a private network namespace: Janus and
# libnice skip loopback interfaces when gathering ICE candidates, so WebRTC between Chromium and
# Janus needs a real interface. The namespace holds only `lo` and a veth pair vx0/vx1
# (10.200.1.1/30 on vx0) and has no route out, so no packet leaves it. Rootless (a user
# namespace); its own PID namespace means Janus and Chromium cannot outlive the run, even if
# vitest is killed. Arguments go to vitest; the exit code is vitest's.
#   bash e2e/media/run.sh [vitest arguments]
set -euo pipefail
script="$(cd "$(dirname "$0")" && pwd)/$(basename "$0")"
cd "$(dirname "$script")/../.."

if [ "${1:-}" != "--inside-namespace" ]; then
  if ! unshare --user --map-root-user --net true 2>/dev/null; then
    echo "e2e/media/run.sh needs unprivileged user namespaces (unshare --user --net); enable them" >&2
    echo "(sysctl kernel.unprivileged_userns_clone=1 / user.max_user_namespaces) or run it privileged." >&2
    exit 1
  fi
  exec unshare --user --map-root-user --net --pid --fork --mount-proc bash "$script" --inside-namespace "$@"
fi
shift

ip link set lo up
ip link add vx0 type veth peer name vx1
ip addr add 10.200.1.1/30 dev vx0
ip link set vx0 up
ip link set vx1 up # the peer must be UP too, or vx0 is not RUNNING and Janus skips it

export ENGAWA_MEDIA_NAMESPACE=1 # mediaNamespace.ts checks it
# Janus's config folders and Chromium's profiles go here, and go away even if a test crashes.
TMPDIR=$(mktemp -d -t engawa-media-XXXXXX)
export TMPDIR
trap 'rm -rf "$TMPDIR"' EXIT
# PostgreSQL on the host's 127.0.0.1 is unreachable from here: media tests use PGlite.
unset TEST_DATABASE_URL
# npm's Node 24 (the `node` package) first, for npx, vitest and the processes tests spawn.
export PATH="$PWD/node_modules/.bin:$PATH"
npx vitest run --config e2e/media/vitest.config.ts "$@"
