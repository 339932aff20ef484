#!/usr/bin/env bash
# Takes docs/images/server-status.png: the layer 5 demo's /server-status under load, in headless Chromium.
#   bash docs/screenshot-status.sh
# Starts the demo (2 processes x 8 threads) on a free port, keeps 12 slow requests (/sleep/4000) in flight,
# screenshots the page, then stops everything it started.
set -euo pipefail
cd "$(dirname "$0")/.."
if ! command -v chromium >/dev/null; then
    if [[ $(id -u) -eq 0 ]] && command -v apt-get >/dev/null; then
        echo "screenshot-status: installing Debian's chromium package (1-2 minutes)..."
        apt-get update -qq >/dev/null
        apt-get install -y -qq chromium >/dev/null
    else
        echo "chromium is not installed. Install Debian's package as root: apt-get install -y chromium" >&2
        exit 1
    fi
fi

dotnet build src/05-PooledMixIn/PooledMixIn.Demo -c Release -nologo -clp:NoSummary >/dev/null
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
dotnet src/05-PooledMixIn/PooledMixIn.Demo/bin/Release/net10.0/PooledMixIn.Demo.dll --port "$port" \
    --processes 2 --threads 8 >/dev/null 2>&1 &
server=$!
profile=$(mktemp -d)
trap 'kill "$server" 2>/dev/null; wait "$server" 2>/dev/null; rm -rf "$profile"' EXIT
curl -s --retry 20 --retry-connrefused --retry-delay 1 "http://127.0.0.1:$port/ready" >/dev/null
for i in $(seq 1 40); do curl -s "http://127.0.0.1:$port/warm-up-$i" >/dev/null; done
for i in $(seq 1 12); do curl -s -m 10 "http://127.0.0.1:$port/sleep/4000?client=$i" >/dev/null & done
sleep 1.5 # let the slow requests reach their threads: this picture is of them in flight
chromium --headless --no-sandbox --disable-gpu --disable-quic --no-first-run --disable-background-networking \
    --disable-component-update --disable-sync --user-data-dir="$profile" --window-size=1100,620 \
    --screenshot=docs/images/server-status.png "http://127.0.0.1:$port/server-status" 2>/dev/null
wait $(jobs -p | grep -v "^$server$") 2>/dev/null || true
echo "screenshot-status: wrote docs/images/server-status.png"
