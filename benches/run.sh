#!/usr/bin/env bash
# Benchmark: claimcheck on generated Forge monorepos of 10k, 100k and 1M lines of
# JS/TS, beside the parse floor (the same scripts only read and parsed with
# oxc), rg searching the catalogue's hosts (the I/O floor) and semgrep where
# installed. Prints one table per corpus and a single-app timing.
#
#   benches/run.sh            # all sizes
#   SIZES="10000" RUNS=3 benches/run.sh
#
# Installs nothing: tools that are missing are reported as such.
set -euo pipefail

cd "$(dirname "$0")/.."
REPO=$(pwd)
SIZES=${SIZES:-"10000 100000 1000000"}
RUNS=${RUNS:-5}
APP_RUNS=${APP_RUNS:-50}
SAMPLE_APP=${SAMPLE_APP:-sample-apps/analytics-dashboard}

echo "== build (release)"
cargo build --release --quiet --bin claimcheck --example gen_corpus --example parse_floor
BIN="$REPO/target/release/claimcheck"
GEN="$REPO/target/release/examples/gen_corpus"
FLOOR="$REPO/target/release/examples/parse_floor"

WORK=$(mktemp -d "${TMPDIR:-/tmp}/claimcheck-bench.XXXXXX")
trap 'rm -rf "$WORK"' EXIT

echo "== machine"
echo "cpus: $(nproc); cpu: $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2- | sed 's/^ //')"
echo "memory: $(awk '/MemTotal/ {printf "%.1f GiB", $2/1048576}' /proc/meminfo); load: $(cut -d' ' -f1-3 /proc/loadavg)"
echo "claimcheck: $("$BIN" --version)"

have() { command -v "$1" >/dev/null 2>&1; }
HAVE_HYPERFINE=0; have hyperfine && HAVE_HYPERFINE=1
HAVE_RG=0; have rg && HAVE_RG=1
HAVE_SEMGREP=0; have semgrep && HAVE_SEMGREP=1
[ "$HAVE_HYPERFINE" = 1 ] || echo "hyperfine: not installed (median of a timed loop; RSS from /usr/bin/time -v)"
[ "$HAVE_RG" = 1 ] || echo "rg: not installed (no I/O-floor comparison; cargo install ripgrep)"
[ "$HAVE_SEMGREP" = 1 ] || echo "semgrep: not installed (no semgrep comparison)"

# Every host of the vendor catalogue, as fixed strings for rg -F. Wildcards
# (`*.sentry.io`) become their suffix (`.sentry.io`); `{set}` references are
# skipped (their members are listed elsewhere).
HOSTS="$WORK/hosts.txt"
sed -n 's/^[[:space:]]*-[[:space:]]*"\{0,1\}\([*a-z0-9.-]*\.[a-z]\{2,\}\)"\{0,1\}[[:space:]]*$/\1/p' \
    rulesets/vendors/*.yml >"$HOSTS.list"
grep -ho 'hosts: \[[^]]*\]' rulesets/vendors/*.yml | sed 's/hosts: \[//; s/\]//' | tr ',' '\n' \
    | tr -d ' "' >>"$HOSTS.list"
grep -v '[{}]' "$HOSTS.list" | sed 's/^\*//' | grep '\.' | sort -u >"$HOSTS"
echo "catalogue hosts for rg: $(wc -l <"$HOSTS")"

# Semgrep rules equivalent to the core of the scan: imports of catalogue
# packages, and fetch calls.
SEMGREP_RULES="$WORK/rules.yml"
cat >"$SEMGREP_RULES" <<'EOF'
rules:
  - id: catalogue-import
    languages: [javascript, typescript]
    severity: INFO
    message: import of a catalogue package
    pattern-either:
      - pattern: import $X from "$PKG"
      - pattern: require("$PKG")
  - id: fetch-call
    languages: [javascript, typescript]
    severity: INFO
    message: fetch call
    pattern: fetch(...)
EOF

# Wall seconds (median of $RUNS, nanosecond clock) of a command line; its
# output is discarded and its exit code (1 = findings) ignored.
median_wall() {
    local times=() start end
    for _ in $(seq "$RUNS"); do
        start=$(date +%s%N)
        "$@" >/dev/null 2>&1 || true
        end=$(date +%s%N)
        times+=("$(awk -v ns="$((end - start))" 'BEGIN {printf "%.3f", ns/1e9}')")
    done
    printf '%s\n' "${times[@]}" | sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'
}

# Wall seconds via hyperfine (median) when installed, else median_wall.
time_cmd() {
    if [ "$HAVE_HYPERFINE" = 1 ]; then
        local json="$WORK/hf.json"
        hyperfine --warmup 1 --runs "$RUNS" -N -i --export-json "$json" -- "$(printf '%q ' "$@")" \
            >/dev/null 2>&1
        sed -n 's/.*"median": \([0-9.]*\).*/\1/p' "$json" | head -1
    else
        median_wall "$@"
    fi
}

# Peak RSS in MB of one run (`/usr/bin/time -v`, written to a file so the
# command's own stderr stays out of it).
peak_rss() {
    /usr/bin/time -v -o "$WORK/time.txt" "$@" >/dev/null 2>&1 || true
    last_rss
}

# Peak RSS in MB recorded by the last `/usr/bin/time -v -o "$WORK/time.txt"`.
last_rss() {
    awk -F: '/Maximum resident set size/ {printf "%.1f", $2/1024}' "$WORK/time.txt"
}

row() { printf '| %-22s | %9s | %12s | %8s | %9s |\n' "$@"; }

# How many times the first time is the second, as "5.4x".
ratio() { awk -v a="$1" -v b="$2" 'BEGIN {printf "%.1fx", a/b}'; }

# A measured tool's row: name, wall seconds, peak RSS; lines/s and MB/s
# from the corpus figures ($code_lines, $bytes).
tool_row() {
    row "$1" "$2" \
        "$(awk -v l="$code_lines" -v t="$2" 'BEGIN {printf "%.0f", l/t}')" \
        "$(awk -v b="$bytes" -v t="$2" 'BEGIN {printf "%.1f", b/1e6/t}')" "$3"
}

for lines in $SIZES; do
    CORPUS="$WORK/corpus-$lines"
    "$GEN" --lines "$lines" --out "$CORPUS" >"$WORK/summary-$lines"
    code_lines=$(sed -n 's/^code_lines=//p' "$WORK/summary-$lines")
    apps=$(sed -n 's/^apps=//p' "$WORK/summary-$lines")
    files=$(sed -n 's/^files=//p' "$WORK/summary-$lines")
    bytes=$(du -sb "$CORPUS" | cut -f1)
    mb=$(awk -v b="$bytes" 'BEGIN {printf "%.1f", b/1e6}')
    echo
    echo "== corpus $lines: $apps apps, $files files, $code_lines lines of JS/TS, $mb MB on disk"
    # Warm the page cache so every tool reads from memory.
    find "$CORPUS" -type f -exec cat {} + >/dev/null
    "$BIN" check "$CORPUS" --format json >"$WORK/report.json" 2>/dev/null || true
    row "tool" "wall (s)" "lines/s" "MB/s" "RSS (MB)"
    row "---" "---" "---" "---" "---"
    t=$(time_cmd "$BIN" check "$CORPUS" --format json)
    rss=$(peak_rss "$BIN" check "$CORPUS" --format json)
    tool_row "claimcheck" "$t" "$rss"
    CC_T=$t
    # The parser's share: the same scripts read and parsed (with the semantic
    # model) and nothing else.
    t=$(time_cmd "$FLOOR" "$CORPUS")
    rss=$(peak_rss "$FLOOR" "$CORPUS")
    tool_row "oxc parse only (floor)" "$t" "$rss"
    FLOOR_T=$t
    if [ "$HAVE_RG" = 1 ]; then
        t=$(time_cmd rg -F -c -f "$HOSTS" "$CORPUS")
        rss=$(peak_rss rg -F -c -f "$HOSTS" "$CORPUS")
        tool_row "rg -F (catalogue hosts)" "$t" "$rss"
        echo "claimcheck / rg: $(ratio "$CC_T" "$t"); parse floor / rg: $(ratio "$FLOOR_T" "$t")"
    else
        row "rg" "n/a" "not installed" "" ""
    fi
    if [ "$HAVE_SEMGREP" = 1 ]; then
        # One run (it is slow), timed and measured at once. The version check
        # is off: without network it waits minutes for a timeout.
        start=$(date +%s%N)
        SEMGREP_ENABLE_VERSION_CHECK=0 /usr/bin/time -v -o "$WORK/time.txt" \
            semgrep --config "$SEMGREP_RULES" --metrics=off --disable-version-check \
            --quiet "$CORPUS" >/dev/null 2>&1 || true
        end=$(date +%s%N)
        t=$(awk -v ns="$((end - start))" 'BEGIN {printf "%.3f", ns/1e9}')
        rss=$(last_rss)
        tool_row "semgrep (2 rules)" "$t" "$rss"
        echo "semgrep / claimcheck: $(ratio "$t" "$CC_T")"
    else
        row "semgrep" "n/a" "not installed" "" ""
    fi
    rm -rf "$CORPUS"
done

echo
echo "== one sample app ($SAMPLE_APP), $APP_RUNS runs"
start=$(date +%s%N)
for _ in $(seq "$APP_RUNS"); do
    "$BIN" check "$SAMPLE_APP" --format json >/dev/null 2>&1 || true
done
end=$(date +%s%N)
awk -v ns="$((end - start))" -v n="$APP_RUNS" 'BEGIN {printf "mean wall per run: %.1f ms\n", ns/n/1e6}'
RUNS=$APP_RUNS
echo "median wall per run: $(awk -v t="$(median_wall "$BIN" check "$SAMPLE_APP" --format json)" 'BEGIN {printf "%.1f ms", t*1000}')"
echo "peak RSS: $(peak_rss "$BIN" check "$SAMPLE_APP" --format json) MB"
