#!/usr/bin/env bash
# Installs Janus (the SFU) and coturn (TURN) from Debian's packages and configures both from
# Engawa's settings (scripts/mediaSetup.ts). Without them Engawa still runs meetings peer to
# peer; with them, large meetings go through Janus and people behind NAT reach each other.
#
#   sudo scripts/media-setup.sh [--etc DIR] [--public-ip ADDRESS] [--settings FILE]
#
# --etc DIR         where the configuration goes (default /etc: /etc/janus, /etc/turnserver.conf)
# --public-ip ADDR  the address browsers reach this host at (default: ENGAWA_PUBLIC_URL's host)
# --settings FILE   merge the media settings into this JSON settings file (ENGAWA_CONFIG_FILE)
#                   instead of printing them
# Set ENGAWA_MEDIA_SETUP_NO_INSTALL=1 to skip the package installation.
set -euo pipefail
# Paths given on the command line (and ENGAWA_CONFIG_FILE) are the caller's, relative to here.
export ENGAWA_MEDIA_SETUP_CWD="$PWD"
cd "$(dirname "$0")/.."

if [ "${ENGAWA_MEDIA_SETUP_NO_INSTALL:-}" != "1" ]; then
  missing=()
  for p in janus coturn; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
  done
  if [ ${#missing[@]} -gt 0 ]; then
    if [ "$(id -u)" != "0" ]; then
      echo "Installing ${missing[*]} needs root: run this with sudo." >&2
      exit 1
    fi
    apt-get update
    DEBIAN_FRONTEND=noninteractive apt-get install -y "${missing[@]}"
  fi
fi

exec npx node scripts/mediaSetup.ts "$@"
