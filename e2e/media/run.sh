#!/usr/bin/env bash
# Runs the media tests (e2e/media/**/*.media.test.ts) in the private network namespace that
# e2e/media/namespace.sh sets up (Janus ignores loopback, so WebRTC needs the veth pair there).
# Arguments go to vitest; the exit code is vitest's.
#   bash e2e/media/run.sh [vitest arguments]
set -euo pipefail
cd "$(dirname "$0")/../.."
exec bash e2e/media/namespace.sh npx vitest run --config e2e/media/vitest.config.ts "$@"
