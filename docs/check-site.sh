#!/usr/bin/env bash
# Opens every page of the built tutorial in headless Chromium, as a reader's browser would, and fails unless each
# one renders: a title and text, every mermaid diagram turned into an SVG that is not mermaid's error picture, no
# empty code block (docfx renders a misspelled snippet region as one), and nothing on the browser console.
# Keeps one screenshot per page in docs/_site-screenshots/ for a person to look at.
#
#   docs/build.sh && docs/check-site.sh
#
# The site is served by `docfx serve` on 127.0.0.1 (mermaid renders only over HTTP, not from file://), on a free
# port, and the server is always stopped on exit.
set -euo pipefail
cd "$(dirname "$0")/.."

SITE=docs/_site
SHOTS=${SITE_SCREENSHOTS:-docs/_site-screenshots}   # where the screenshots go; CI may point it at its artifacts
PAGE_TIMEOUT=60        # seconds for one page, including Chromium's start
RENDER_BUDGET=10000    # virtual milliseconds Chromium lets scripts run before it dumps the DOM

# Console messages the docfx modern template itself always prints: highlight.js is offered the mermaid blocks
# before mermaid replaces them, and says it has no 'mermaid' grammar. Any other console message fails the check.
ALLOWED_CONSOLE=(
    "WARN: Could not find the language 'mermaid', did you forget to load/include a language module?"
    "WARN: Falling back to no-highlight mode for this block. [object HTMLElement]"
)

fail() { echo "check-site: $*" >&2; exit 1; }

# How many times the extended regex $1 occurs in standard input (0 without failing the pipeline).
count() { { grep -oE -- "$1" || true; } | wc -l; }

[[ -f "$SITE/index.html" ]] || fail "$SITE/index.html not found; run docs/build.sh first."

if ! command -v chromium >/dev/null; then
    if [[ $(id -u) -eq 0 ]] && command -v apt-get >/dev/null; then
        echo "check-site: installing Debian's chromium package (1-2 minutes)..."
        export DEBIAN_FRONTEND=noninteractive
        apt-get update -qq >/dev/null
        apt-get install -y -qq chromium >/dev/null
    else
        fail "chromium is not installed. Install Debian's package as root: apt-get install -y chromium"
    fi
fi

work=$(mktemp -d)
server_pid=""
cleanup() {
    if [[ -n "$server_pid" ]]; then
        # docfx serve runs as `dotnet docfx` plus a child; both are in the process group setsid gave them.
        kill -TERM -- "-$server_pid" 2>/dev/null || true
        for _ in $(seq 50); do kill -0 -- "-$server_pid" 2>/dev/null || break; sleep 0.1; done  # sync-ok: bounded wait for exit
        kill -KILL -- "-$server_pid" 2>/dev/null || true
    fi
    rm -rf "$work"
}
trap cleanup EXIT

# A port nothing listens on; if docfx still fails to bind it (a race with another program), try another.
start_server() {
    for _ in 1 2 3 4 5; do
        local port=$(( 20000 + RANDOM % 40000 ))
        if (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then continue; fi
        setsid dotnet docfx serve "$SITE" --hostname 127.0.0.1 --port "$port" >"$work/serve.log" 2>&1 &
        server_pid=$!
        for _ in $(seq 300); do
            if curl -fsS -o /dev/null "http://127.0.0.1:$port/index.html" 2>/dev/null; then
                BASE="http://127.0.0.1:$port"
                return 0
            fi
            kill -0 "$server_pid" 2>/dev/null || break
            sleep 0.1  # sync-ok: polling the server's readiness, bounded to 30 s
        done
        kill -KILL -- "-$server_pid" 2>/dev/null || true
        server_pid=""
    done
    cat "$work/serve.log" >&2 || true
    fail "docfx serve did not start."
}

# The pages: the home page, every chapter in the table of contents, and every API namespace page.
pages=(index.html)
while read -r href; do
    pages+=("articles/${href%.md}.html")
done < <(sed -n 's/^[[:space:]]*-\{0,1\}[[:space:]]*href:[[:space:]]*\([^[:space:]]*\.md\)[[:space:]]*$/\1/p' docs/articles/toc.yml)
for yml in docs/api/*.yml; do
    if [[ "$(basename "$yml")" != toc.yml ]] && grep -q '^  type: Namespace$' "$yml"; then
        pages+=("api/$(basename "${yml%.yml}").html")
    fi
done

start_server
echo "check-site: serving $SITE at $BASE; checking ${#pages[@]} pages"
rm -rf "$SHOTS"
mkdir -p "$SHOTS"

failures=0
for page in "${pages[@]}"; do
    problems=()
    static="$SITE/$page"
    name=$(echo "${page%.html}" | tr '/' '_')
    if [[ ! -f "$static" ]]; then
        echo "FAIL $page: not in the built site"
        failures=$((failures + 1))
        continue
    fi

    profile=$(mktemp -d -p "$work")
    set +e
    timeout "$PAGE_TIMEOUT" chromium --headless --no-sandbox --disable-gpu --disable-quic --no-first-run \
        --disable-background-networking --disable-component-update --disable-sync --disable-extensions \
        --user-data-dir="$profile" --virtual-time-budget="$RENDER_BUDGET" \
        --enable-logging=stderr --v=0 \
        --window-size=1280,2000 --screenshot="$SHOTS/$name.png" \
        --dump-dom "$BASE/$page" >"$work/dom.html" 2>"$work/stderr.log"
    status=$?
    set -e
    [[ $status -eq 0 ]] || problems+=("chromium exited with status $status")

    dom=$(tr '\n' ' ' <"$work/dom.html")

    # The page rendered: a heading and some text in the article.
    [[ "$dom" == *"<h1"* ]] || problems+=("no <h1> in the rendered page")
    article_text=$(grep -o '<article.*</article>' <<<"$dom" | sed -e 's/<[^>]*>//g' -e 's/[[:space:]]\+/ /g' || true)
    (( ${#article_text} >= 100 )) || problems+=("the article has ${#article_text} characters of text")

    # Every mermaid block became a diagram, and none of them is mermaid's "Syntax error in text" picture.
    expected=$(count 'class="lang-mermaid"' <"$static")
    rendered=$(count 'data-processed="true"><svg' <<<"$dom")
    broken=$(count 'aria-roledescription="error"' <<<"$dom")
    (( rendered == expected )) || problems+=("$expected mermaid block(s) in the page, $rendered rendered as SVG")
    (( broken == 0 )) || problems+=("$broken mermaid diagram(s) failed to parse (Syntax error in text)")

    # No empty code block: a misspelled snippet region renders as <code class="lang-csharp"></code>.
    empty_code=$(count '<code[^>]*>[[:space:]]*</code>' <<<"$dom")
    (( empty_code == 0 )) || problems+=("$empty_code empty code block(s)")

    # Nothing on the console but the template's known messages. Chromium logs every console message (log, warn,
    # error, uncaught exceptions) at INFO as `CONSOLE:<line>] "message", source: url (line)`, whatever its level; a
    # message of several lines is reported by its first line.
    while IFS= read -r message; do
        allowed=false
        for known in "${ALLOWED_CONSOLE[@]}"; do
            [[ "$message" == "$known" ]] && allowed=true
        done
        $allowed || problems+=("console: $message")
    done < <(sed -n -e '/:CONSOLE:[0-9]*\] "/!d' -e 's/^.*:CONSOLE:[0-9]*\] "//' \
                   -e '/", source: .*$/{s///;p;d}' -e 's/$/ …/p' "$work/stderr.log")

    [[ -s "$SHOTS/$name.png" ]] || problems+=("no screenshot was written")

    if (( ${#problems[@]} == 0 )); then
        echo "ok   $page ($expected diagram(s)) -> $SHOTS/$name.png"
    else
        failures=$((failures + 1))
        for problem in "${problems[@]}"; do
            echo "FAIL $page: $problem"
        done
    fi
done

if (( failures > 0 )); then
    fail "$failures of ${#pages[@]} pages failed"
fi
echo "check-site: all ${#pages[@]} pages render"
