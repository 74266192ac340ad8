#!/usr/bin/env bash
# Load test: wrk against `bilat serve` on loopback, at concurrency 8 and 32, then at 8
# while indexing runs keep committing new generations into the served index.
#
#   bench/load.sh [INDEX_DIR]
#
# INDEX_DIR defaults to var/bench/index (the 11,070 White House statements) when it
# exists, else var/index (the bundled corpus, built or brought up to date first). The
# index is served from a hard-linked copy under var/load/, so the commits never touch
# the original.
# Environment: DURATION (seconds per phase, default 30), PORT (default 8765),
# THREADS (waitress threads, default 8).
set -euo pipefail

cd "$(dirname "$0")/.."
BIN=.venv/bin
DURATION=${DURATION:-30}
PORT=${PORT:-8765}
THREADS=${THREADS:-8}
WORK=var/load

if ! command -v wrk >/dev/null 2>&1; then
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
    echo "Installing Debian's wrk..."
    apt-get install -y -qq wrk >/dev/null 2>&1 ||
      { apt-get update -qq && apt-get install -y -qq wrk >/dev/null; }
  else
    echo "bench/load.sh needs wrk (Debian: apt-get install wrk) and cannot install it here." >&2
    exit 2
  fi
fi

# The served index must be up to date with the indexer: a run after the indexer changed
# re-reads every file, and the commits below name only the added ones. The default
# indexes are brought up to date first (quick when they are); a given one must be.
SOURCE=${1:-}
if [ -z "$SOURCE" ]; then
  WHITEHOUSE=../shared/corpus/whitehouse/whitehouse-2021-2026.jsonl.gz
  if [ -f var/bench/index/CURRENT ] && [ -f "$WHITEHOUSE" ]; then
    SOURCE=var/bench/index
    "$BIN/bilat" index -q --index "$SOURCE" "$WHITEHOUSE" 2>/dev/null
  else
    SOURCE=var/index
    echo "Bringing $SOURCE up to date with the bundled corpus..."
    "$BIN/bilat" index -q --index "$SOURCE" corpus 2>&1 | tail -1
  fi
fi

rm -rf "$WORK"
mkdir -p "$WORK/added"
# Generations are never rewritten in place, so a hard-linked copy is safe to add to.
cp -al "$SOURCE" "$WORK/index"
rm -f "$WORK/index/index.lock"

"$BIN/bilat" serve --index "$WORK/index" --host 127.0.0.1 --port "$PORT" \
  --threads "$THREADS" >"$WORK/serve.log" 2>&1 &
SERVER=$!
INDEXER=""
cleanup() {
  [ -n "$INDEXER" ] && kill "$INDEXER" 2>/dev/null || true
  kill "$SERVER" 2>/dev/null || true
  wait 2>/dev/null || true
}
trap cleanup EXIT

URL="http://127.0.0.1:$PORT"
for _ in $(seq 100); do
  curl -fs -o /dev/null "$URL/search.json?q=president" && break
  sleep 0.2
done
curl -fs -o /dev/null "$URL/search.json?q=president" ||
  { echo "bilat serve did not start:" >&2; cat "$WORK/serve.log" >&2; exit 1; }

STATEMENTS=$(curl -fs "$URL/search.json?q=&per_page=1" |
  "$BIN/python" -c 'import json, sys; print(json.load(sys.stdin)["total"])')
echo "Serving $STATEMENTS statements from a copy of $SOURCE; $DURATION s per phase."

# Warm the server: the first searches of each kind load the index's tables.
wrk -t1 -c2 -d3s -s bench/load.lua "$URL" >/dev/null

phase() {
  local name=$1 connections=$2 threads=2
  [ "$connections" -lt 2 ] && threads=1
  local result
  result=$(wrk -t"$threads" -c"$connections" -d"${DURATION}s" --timeout 10s \
    -s bench/load.lua "$URL" | grep '^RESULT' | sed 's/^RESULT //')
  printf '%-32s %s\n' "$name" "$result"
}

# Adds five new statements per run until stopped; each run commits one generation.
commit_loop() {
  local n=0
  while :; do
    n=$((n + 1))
    "$BIN/python" - "$WORK/added/load-$n.jsonl" "$n" <<'EOF'
import json, sys
path, n = sys.argv[1], int(sys.argv[2])
with open(path, "w", encoding="utf-8") as out:
    for k in range(5):
        out.write(json.dumps({
            "id": f"load-{n}-{k}",
            "url": f"https://load.example/{n}/{k}",
            "date": "2024-06-01",
            "title": f"Load test statement {n}.{k} on energy and trade",
            "text": f"Statement {n}.{k} of the load test: the parties discussed energy, "
                    f"trade and investment cooperation (run {n}, item {k}).",
        }) + "\n")
EOF
    "$BIN/bilat" index -q --wait 60 --index "$WORK/index" "$WORK/added" >>"$WORK/index.log" 2>&1
  done
}

server_state() {
  echo "$(ls "/proc/$SERVER/fd" | wc -l) open descriptors, $(($(ps -o rss= -p "$SERVER") / 1024)) MB resident"
}

phase "concurrency 8" 8
phase "concurrency 32" 32
BEFORE_STATE=$(server_state)
commit_loop &
INDEXER=$!
phase "concurrency 8, while indexing" 8
kill "$INDEXER" 2>/dev/null || true
wait "$INDEXER" 2>/dev/null || true
INDEXER=""
COMMITS=$(grep -c 'The index now holds' "$WORK/index.log" || true)
AFTER=$(curl -fs "$URL/search.json?q=&per_page=1" |
  "$BIN/python" -c 'import json, sys; print(json.load(sys.stdin)["total"])')
echo "Indexing runs committed $COMMITS generations during the last phase;" \
  "the server now answers with $AFTER statements (was $STATEMENTS)."
echo "Server before the commits: $BEFORE_STATE; after: $(server_state)."
if grep -q 'Traceback' "$WORK/serve.log"; then
  echo "The server logged errors: see $WORK/serve.log" >&2
  exit 1
fi
