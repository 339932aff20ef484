#!/usr/bin/env bash
# The session shown in docs/articles/production.md, written to docs/includes/production-session.md: four clients
# sending requests one after another through a reload (HUP) and an upgrade (USR2, then TERM to the old server found
# in the pid file), then a graceful stop with a request in flight.
# Build the demo first: dotnet build src/05-PooledMixIn/PooledMixIn.Demo -c Release
set -u
cd "$(dirname "$0")/.."
out=docs/includes/production-session.md
work=$(mktemp -d)
demo=src/05-PooledMixIn/PooledMixIn.Demo/bin/Release/net10.0/PooledMixIn.Demo
port=18817
url=http://127.0.0.1:$port
pidfile=$work/demo.pid
say() { echo "\$ $*"; }
# Waits (at most 30 s) until the command succeeds.
wait_for() { for _ in $(seq 1 300); do "$@" 2>/dev/null && return 0; sleep 0.1; done; echo "gave up waiting for: $*"; return 1; }
# Read once: the old server moves the file aside while this looks at it.
new_pid_file() { local pid; pid=$(cat "$pidfile" 2>/dev/null) && [ -n "$pid" ] && [ "$pid" != "$1" ]; }
gone() { ! kill -0 "$1" 2>/dev/null; }

session() {
    say "PooledMixIn.Demo --processes 2 --threads 8 --port $port --pid-file demo.pid &"
    $demo --processes 2 --threads 8 --port $port --pid-file "$pidfile" > "$work/demo.out" 2>&1 &
    local server=$!
    wait_for curl -fsS -o /dev/null $url/ready
    head -1 "$work/demo.out"
    say "curl -sS $url/before"; curl -sS $url/before; echo

    say "# 4 clients, each sending requests one after another until told to stop"
    local clients=()
    for c in 1 2 3 4; do
        ( ok=0; failed=0
          while [ ! -e "$work/stop" ] && [ $((ok + failed)) -lt 20000 ]; do
              code=$(curl -s -o /dev/null -w '%{http_code}' $url/load/$c)
              if [ "$code" = 200 ]; then ok=$((ok + 1)); else failed=$((failed + 1)); fi
          done
          echo "client $c: $ok answered 200, $failed failed" > "$work/client-$c" ) &
        clients+=($!)
    done
    sleep 2 # the clients get going

    say "kill -HUP \$(cat demo.pid)"; kill -HUP "$(cat "$pidfile")"
    sleep 5 # new workers start one after another, the old ones retire
    say "curl -sS $url/after-reload"; curl -sS $url/after-reload; echo

    say "kill -USR2 \$(cat demo.pid)"; kill -USR2 "$(cat "$pidfile")"
    wait_for new_pid_file "$server"
    say "cat demo.pid.oldbin demo.pid   # the new server wrote demo.pid once its pool served"
    cat "$pidfile.oldbin" "$pidfile"
    local upgraded; upgraded=$(cat "$pidfile")
    say "kill -TERM \$(cat demo.pid.oldbin)"; kill -TERM "$(cat "$pidfile.oldbin")"
    wait "$server"; echo "old server exit code: $?"
    say "curl -sS $url/after-upgrade"; curl -sS $url/after-upgrade; echo

    touch "$work/stop"; wait "${clients[@]}"
    cat "$work"/client-*
    say "curl -sS $url/sleep/2000 & kill -TERM \$(cat demo.pid)"
    curl -sS -w ' (%{http_code})\n' $url/sleep/2000 &
    local inflight=$!
    sleep 0.5 # the request reaches a thread
    kill -TERM "$upgraded"
    wait $inflight
    wait_for gone "$upgraded"
    say "pgrep -P $upgraded | wc -l; ls demo.pid*"; pgrep -P "$upgraded" | wc -l; ls "$pidfile"* 2>/dev/null | wc -l
    say "# the two servers' own output"
    grep -E '^(listening on|server stopped)' "$work/demo.out"
}

text=$(session 2>&1)
{
    echo "Recorded $(date -u '+%Y-%m-%d %H:%M UTC') on $(nproc) cores, load average $(cut -d' ' -f1-3 /proc/loadavg) (other builds ran alongside),"
    echo "by \`docs/production-session.sh\`. Each client request is a new \`curl\` process, hence the small counts."
    echo
    echo '```text'
    echo "$text"
    echo '```'
} > "$out"
cat "$out"
rm -rf "$work"
