#!/usr/bin/env bash
# Profiles layer 1's hot path (reading a head, parsing it, deciding the framing, writing the response) on one
# kept-alive connection, at several commits side by side. For each commit, its layer 1 demo is built in a git worktree
# and started; wrk then loads every demo over one kept-alive connection, in interleaved rounds, in two ways: one
# request at a time, and with --depth requests pipelined (sent together, answered in order), where the server never
# waits for the network and the hot path is most of what it does. Per commit it reports
#   - requests per second and the server's CPU per request (from /proc/PID/stat), median of the rounds and their range;
#   - bytes allocated per request by the whole server process, one request at a time (dotnet-counters: System.Runtime's
#     dotnet.gc.heap.total_allocated, a rate per second, divided by the requests per second of the same wrk run);
#   - where the server's CPU goes (perf, cpu-clock samples): by binary in both ways, and the .NET methods with the most
#     samples one request at a time. The runtime writes /tmp/perf-PID.map so that perf can name JIT-compiled methods,
#     and runs with W^X off, without which perf sees JIT-compiled code only as an anonymous double mapping.
#
# Usage (from anywhere in the repository):
#   tests/PooledMixIn.Benchmark/profile-hot-path.sh [--revs "REV REV ..."] [--rounds N] [--duration S] [--warmup S]
#                                                   [--depth N] [--top N] [--docs] [--out DIR]
# The default revisions are the commit before the allocation work on layer 1 (5d1b7db^), that work (5d1b7db), the
# commit before Nagle's algorithm was turned off (3c1fd94^; this script's pipelined workload found the stall) and HEAD.
# --docs writes docs/includes/profile-hot-path.md, which the layer 1 chapter shows; otherwise the report goes to
# DIR/profile-hot-path.md (default: benchmark-results/). Run it on a quiet machine: the report states the load average.
# Needs wrk and perf (Debian: wrk, linux-perf; installed with apt-get when missing and run as root) and the local tool
# dotnet-counters (dotnet tool restore).
set -euo pipefail

revs="5d1b7db^ 5d1b7db 3c1fd94^ HEAD"
rounds=3
duration=5
warmup=3
depth=16
top=6
docs=false
out=
while (( $# )); do
    case "$1" in
        --revs) revs=$2; shift 2 ;;
        --rounds) rounds=$2; shift 2 ;;
        --duration) duration=$2; shift 2 ;;
        --warmup) warmup=$2; shift 2 ;;
        --depth) depth=$2; shift 2 ;;
        --top) top=$2; shift 2 ;;
        --docs) docs=true; shift ;;
        --out) out=$2; shift 2 ;;
        *) echo "profile-hot-path: unknown option '$1'" >&2; exit 2 ;;
    esac
done
for number in "$rounds" "$duration" "$warmup" "$depth" "$top"; do
    [[ $number =~ ^[1-9][0-9]*$ ]] || { echo "profile-hot-path: '$number' is not a positive whole number" >&2; exit 2; }
done

root=$(git -C "$(dirname "$0")" rev-parse --show-toplevel)
cd "$root"
out=${out:-$root/benchmark-results}
mkdir -p "$out"
report=$out/profile-hot-path.md
$docs && report=$root/docs/includes/profile-hot-path.md

missing=()
command -v wrk >/dev/null || missing+=(wrk)
command -v perf >/dev/null || missing+=(linux-perf)
if (( ${#missing[@]} )); then
    if (( EUID != 0 )); then
        echo "profile-hot-path: needs ${missing[*]} (Debian packages); install them or run as root" >&2
        exit 1
    fi
    apt-get update -qq >/dev/null
    apt-get install -y -qq "${missing[@]}" >/dev/null
fi
dotnet tool restore >/dev/null

work=$(mktemp -d /tmp/profile-hot-path.XXXXXX)
pids=()
demos=()
worktrees=()
cleanup() {
    for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
    for pid in "${pids[@]}"; do wait "$pid" 2>/dev/null || true; done
    for pid in "${demos[@]}"; do rm -f "/tmp/perf-$pid.map" "/tmp/perfinfo-$pid.map"; done
    for tree in "${worktrees[@]}"; do git worktree remove --force "$tree" 2>/dev/null || true; done
    git worktree prune
    rm -rf "$work"
}
trap cleanup EXIT

free_port() { python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'; }
cpu_ticks() { awk '{ print $14 + $15 }' "/proc/$1/stat"; }
median() { sort -g | awk '{ v[NR] = $1 } END { print v[int((NR + 1) / 2)] }'; }
load_average() { cut -d' ' -f1-3 /proc/loadavg; }
ticks_per_second=$(getconf CLK_TCK)

# One worktree, build and running demo per revision; every later step loops over these arrays in the same order.
names=()
shas=()
ports=()
for rev in $revs; do
    sha=$(git rev-parse --short=7 "$rev^{commit}")
    tree=$work/$sha
    git worktree add --quiet --detach "$tree" "$sha"
    worktrees+=("$tree")
    echo "building the layer 1 demo at $rev ($sha)" >&2
    dotnet build "$tree/src/01-Sockets/PooledMixIn.Sockets.Demo" -c Release -nologo -v quiet -clp:NoSummary >&2
    port=$(free_port)
    demo=$tree/src/01-Sockets/PooledMixIn.Sockets.Demo/bin/Release/net10.0/PooledMixIn.Sockets.Demo.dll
    DOTNET_PerfMapEnabled=1 DOTNET_EnableWriteXorExecute=0 dotnet "$demo" --port "$port" >"$work/$sha.log" 2>&1 &
    pids+=($!)
    demos+=($!)
    names+=("$rev")
    shas+=("$sha")
    ports+=("$port")
done

for i in "${!shas[@]}"; do
    for (( attempt = 0; ; attempt++ )); do
        curl -sf "http://127.0.0.1:${ports[$i]}/ready" >/dev/null && break
        if (( attempt >= 200 )) || ! kill -0 "${pids[$i]}" 2>/dev/null; then
            echo "profile-hot-path: the demo at ${names[$i]} did not answer /ready:" >&2
            cat "$work/${shas[$i]}.log" >&2
            exit 1
        fi
        sleep 0.05
    done
done

load_start=$(load_average)
url() { echo "http://127.0.0.1:${ports[$1]}/bench"; }
requests_of() { awk '/requests in/ { print $1 }' "$1"; }
# wrk sends what request() returns as one write, and counts each response it parses.
cat >"$work/pipeline.lua" <<'LUA'
init = function(args)
    local requests = {}
    for i = 1, tonumber(args[1]) do requests[i] = wrk.format() end
    pipelined = table.concat(requests)
end
request = function() return pipelined end
LUA
pipelined() { wrk -t1 -c1 -d"$1" -s "$work/pipeline.lua" "$2" -- "$depth"; }

echo "warming up every demo for ${warmup} s (tiered compilation reaches its final code)" >&2
for i in "${!shas[@]}"; do
    wrk -t1 -c1 -d"${warmup}s" "$(url "$i")" >/dev/null
    pipelined "${warmup}s" "$(url "$i")" >/dev/null
done

# measure KIND INDEX ROUND: one wrk run of KIND (single or pipelined), with the server's CPU time around it.
measure() {
    local kind=$1 i=$2 round=$3 before after requests result=$work/wrk-$1-$2-$3.txt
    before=$(cpu_ticks "${pids[$i]}")
    if [[ $kind == single ]]; then
        wrk -t1 -c1 -d"${duration}s" "$(url "$i")" >"$result"
    else
        pipelined "${duration}s" "$(url "$i")" >"$result"
    fi
    after=$(cpu_ticks "${pids[$i]}")
    requests=$(requests_of "$result")
    awk '/^Requests\/sec:/ { printf "%.0f\n", $2 }' "$result" >>"$work/rps-$kind-$i"
    awk -v t=$(( after - before )) -v r="$requests" -v hz="$ticks_per_second" \
        'BEGIN { printf "%.1f\n", t * 1e6 / hz / r }' >>"$work/cpu-$kind-$i"
    echo "round $round, ${names[$i]}, $kind: $requests requests, $(tail -1 "$work/cpu-$kind-$i") µs of server CPU each" >&2
}
for (( round = 1; round <= rounds; round++ )); do
    for i in "${!shas[@]}"; do
        measure single "$i" "$round"
        measure pipelined "$i" "$round"
    done
done

# Allocation: dotnet-counters samples the allocation rate once a second and writes its file when its --duration ends.
# wrk runs longer than the counters' session takes to start, and only the samples whose whole second lay inside the
# wrk run count (a sample stamped T covers the second before T).
for i in "${!shas[@]}"; do
    csv=$work/counters-$i.csv
    session=$(( duration + 4 ))
    dotnet dotnet-counters collect -p "${pids[$i]}" --refresh-interval 1 --format csv -o "$csv" \
        --duration "00:00:00:$(printf '%02d' "$session")" \
        --counters "System.Runtime[dotnet.gc.heap.total_allocated]" >/dev/null 2>&1 &
    counters=$!
    wrk_started=$(date +%s)
    wrk -t1 -c1 -d"${session}s" "$(url "$i")" >"$work/wrk-alloc-$i.txt"
    wrk_ended=$(date +%s)
    if ! wait "$counters"; then
        echo "profile-hot-path: dotnet-counters could not watch the demo at ${names[$i]}" >&2
        exit 1
    fi
    rate=$(tail -n +2 "$csv" | while IFS=, read -r stamp _ _ _ bytes; do
               second=$(date -d "$stamp" +%s)
               if (( second - 1 > wrk_started && second <= wrk_ended )); then echo "$bytes"; fi
           done | median)
    if [[ -z $rate ]]; then
        echo "profile-hot-path: dotnet-counters gave no sample inside the wrk run of ${names[$i]}" >&2
        exit 1
    fi
    per_second=$(awk '/^Requests\/sec:/ { print $2 }' "$work/wrk-alloc-$i.txt")
    awk -v b="$rate" -v r="$per_second" 'BEGIN { printf "%.0f\n", b / r }' >"$work/alloc-$i"
done

# Where the CPU goes: perf samples the server's threads while wrk loads it, in both ways. A server that waits for the
# network between requests has few samples; the report gives their number.
for i in "${!shas[@]}"; do
    for kind in single pipelined; do
        data=$work/perf-$kind-$i.data
        if [[ $kind == single ]]; then
            wrk -t1 -c1 -d"${duration}s" "$(url "$i")" >/dev/null &
        else
            pipelined "${duration}s" "$(url "$i")" >/dev/null &
        fi
        load=$!
        perf record -q -e cpu-clock -F 999 -p "${pids[$i]}" -o "$data" -- sleep "$duration" 2>/dev/null
        wait "$load"
        perf script -i "$data" -F comm 2>/dev/null | wc -l >"$work/samples-$kind-$i"
        # By binary: JIT-compiled code appears as "[JIT] tid N" (named through the perf map) or, for a sample taken
        # before the map named its method, as anonymous memory.
        perf report -i "$data" --stdio -g none -F overhead,dso 2>/dev/null \
            | awk '/^ +[0-9.]+%/ { share = $1; sub(/%/, "", share); dso = $2
                      if (dso ~ /^\[JIT\]|perf-[0-9]+\.map|\[anon|\/memfd:|\[unknown\]/) part = "JIT-compiled code (the library, the demo, the base class library)"
                      else if (dso ~ /kernel/) part = "the kernel (system calls, TCP, scheduling)"
                      else if (dso ~ /libcoreclr|libclrjit/) part = "the runtime (libcoreclr: garbage collector, type system, JIT)"
                      else part = "other native code (libc, System.Native, ...)"
                      sum[part] += share }
                   END { for (p in sum) printf "%s\t%.1f\n", p, sum[p] }' >"$work/parts-$kind-$i"
    done
    perf report -i "$work/perf-single-$i.data" --stdio -g none -F overhead,sym 2>/dev/null \
        | awk -v n="$top" '/^ +[0-9.]+%/ && /::/ && ++count <= n' \
        | sed -E 's/^ +([0-9.]+)% +\[[^]]*\] +/\1\t/; s/\[(Optimized|OptimizedTier1|Tier0|Tier1|QuickJitted|PreJIT|Instrumented)[^]]*\]//g; s/ +$//' \
        | awk -F'\t' '{ name = $2
                         sub(/\(.*$/, "", name)      # the parameters
                         sub(/^.*\] /, "", name)     # the return type and the assembly
                         gsub(/\|/, "\\|", name)
                         printf "%s\t%s\n", $1, name }' >"$work/top-$i"
done

for i in "${!shas[@]}"; do curl -sf "http://127.0.0.1:${ports[$i]}/shutdown" >/dev/null || true; done
for pid in "${pids[@]}"; do wait "$pid" || true; done
pids=()
load_end=$(load_average)

range() { sort -g "$1" | awk '{ v[NR] = $1 } END { printf "%s (%s–%s)", v[int((NR + 1) / 2)], v[1], v[NR] }'; }
cpu=$(awk -F': ' '/model name/ { print $2; exit }' /proc/cpuinfo)
os=$(. /etc/os-release && echo "$PRETTY_NAME")
{
    echo "<!-- Generated by tests/PooledMixIn.Benchmark/profile-hot-path.sh$($docs && echo " --docs"); do not edit by hand. -->"
    echo "Machine: $cpu, $(nproc) cores; $os, Linux $(uname -r); .NET $(dotnet --list-runtimes | awk '/Microsoft.NETCore.App/ { v = $2 } END { print v }'); $(date -u '+%Y-%m-%d %H:%M') UTC; load average $load_start at the start and $load_end at the end; profiled at commit $(git rev-parse --short=12 HEAD)."
    echo "wrk over one kept-alive connection (\`wrk -t1 -c1\`), \`GET /bench\` to each commit's layer 1 demo, one request at a time and $depth pipelined; $rounds interleaved rounds of $duration s after $warmup s of warm-up, median and range. Allocation measured one request at a time; CPU samples taken by perf (\`cpu-clock\`, 999 a second) in one more run of each kind."
    echo
    printf '| measured |'; for i in "${!shas[@]}"; do printf ' `%s` (%s) |' "${names[$i]}" "${shas[$i]}"; done; echo
    printf '|---|'; for i in "${!shas[@]}"; do printf -- '---|'; done; echo
    for kind in single pipelined; do
        label=$([[ $kind == single ]] && echo "one at a time" || echo "$depth pipelined")
        printf '| requests per second, %s |' "$label"; for i in "${!shas[@]}"; do printf ' %s |' "$(range "$work/rps-$kind-$i")"; done; echo
        printf '| server CPU per request, µs, %s |' "$label"; for i in "${!shas[@]}"; do printf ' %s |' "$(range "$work/cpu-$kind-$i")"; done; echo
    done
    printf '| bytes allocated per request, whole process |'; for i in "${!shas[@]}"; do printf ' %s |' "$(cat "$work/alloc-$i")"; done; echo
    parts=$(cut -f1 "$work"/parts-* | sort -u)
    for kind in single pipelined; do
        label=$([[ $kind == single ]] && echo "one at a time" || echo "$depth pipelined")
        printf '| CPU samples, %s |' "$label"; for i in "${!shas[@]}"; do printf ' %s |' "$(cat "$work/samples-$kind-$i")"; done; echo
        while IFS= read -r part; do
            printf '| share of them in %s |' "$part"
            for i in "${!shas[@]}"; do
                printf ' %s %% |' "$(awk -F'\t' -v p="$part" '$1 == p { s = $2 } END { print (s == "" ? 0 : s) }' "$work/parts-$kind-$i")"
            done
            echo
        done <<<"$parts"
    done
    for i in "${!shas[@]}"; do
        echo
        echo "The $top .NET methods with the most CPU samples of their own at \`${names[$i]}\` (${shas[$i]}), one request at a time, as shares of all the server's samples:"
        echo
        echo "| share | method |"
        echo "|---|---|"
        awk -F'\t' '{ printf "| %s %% | `%s` |\n", $1, $2 }' "$work/top-$i"
    done
} >"$report"
echo "wrote $report" >&2
cat "$report"
