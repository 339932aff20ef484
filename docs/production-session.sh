#!/usr/bin/env bash
# The session shown in docs/articles/production.md: reload under load, then a graceful stop with a request in
# flight. Build the demo first: dotnet build src/05-PooledMixIn/PooledMixIn.Demo -c Release
set -u
work=$(mktemp -d)
cd "$(dirname "$0")/.."
demo=src/05-PooledMixIn/PooledMixIn.Demo/bin/Release/net10.0/PooledMixIn.Demo
port=18817
url=http://127.0.0.1:$port
rm -f "$work/stop"
echo "\$ PooledMixIn.Demo --processes 2 --threads 8 --port $port &"
$demo --processes 2 --threads 8 --port $port > "$work/demo.out" 2>&1 &
server=$!
for i in $(seq 1 300); do curl -fsS $url/ready >/dev/null 2>&1 && break; sleep 0.1; done
head -1 "$work/demo.out"
echo "\$ curl -sS $url/before"; curl -sS $url/before; echo
echo "\$ # 4 clients, each sending requests one after another until told to stop"
clients=()
for c in 1 2 3 4; do
  ( ok=0; failed=0
    while [ ! -e "$work/stop" ] && [ $((ok + failed)) -lt 20000 ]; do
      code=$(curl -s -o /dev/null -w '%{http_code}' $url/load/$c)
      if [ "$code" = 200 ]; then ok=$((ok + 1)); else failed=$((failed + 1)); fi
    done
    echo "client $c: $ok answered 200, $failed failed" ) &
  clients+=($!)
done
sleep 2
echo "\$ kill -HUP $server"; kill -HUP $server
sleep 6
echo "\$ curl -sS $url/after"; curl -sS $url/after; echo
touch "$work/stop"; wait "${clients[@]}"
sleep 1
echo "\$ curl -sS $url/sleep/2000 & kill -TERM $server"
curl -sS -w ' (%{http_code})\n' $url/sleep/2000 &
inflight=$!
sleep 0.5
kill -TERM $server
wait $server; echo "server exit code: $?"
wait $inflight
echo "\$ pgrep -P $server | wc -l"; pgrep -P $server | wc -l
echo "$ # the server's last line"; tail -1 "$work/demo.out"
rm -rf "$work"
