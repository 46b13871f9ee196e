#!/bin/sh
# The image's entry point: its first argument names what to run (see the Dockerfile).
# Services record their /ready URL for the image's HEALTHCHECK (deploy/docker/healthcheck.js).
set -eu
cd "$(dirname "$0")/../.."
run() { exec node --conditions=production --enable-source-maps "$@"; }
ready_url() { echo "http://127.0.0.1:$1/ready" > "${QC_READY_FILE:-/tmp/qc-ready-url}"; }

what="${1:-gateway}"
[ "$#" -gt 0 ] && shift
case "$what" in
  gateway)
    ready_url "${GATEWAY_PORT:-4000}"
    run dist/gateway/src/index.js "$@" ;;
  catalog|availability|orders|fulfillment|delivery|tracking)
    upper=$(echo "$what" | tr '[:lower:]' '[:upper:]')
    default_port=$(case "$what" in catalog) echo 4001;; availability) echo 4002;; orders) echo 4003;; fulfillment) echo 4004;; delivery) echo 4005;; tracking) echo 4006;; esac)
    port=$(eval "echo \${${upper}_PORT:-$default_port}")
    ready_url "$port"
    run "dist/subgraphs/$what/src/index.js" "$@" ;;
  migrate) run dist/scripts/migrate.js "$@" ;;
  seed) run dist/scripts/seed.js "$@" ;;
  *)
    echo "usage: <image> gateway|catalog|availability|orders|fulfillment|delivery|tracking|migrate|seed [args]" >&2
    exit 64 ;;
esac
