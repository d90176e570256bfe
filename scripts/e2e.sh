#!/usr/bin/env bash
# End-to-end checks of the `search` tool on the seeds, run by CI after `swift test`:
# the README's quick start, info/check, error exits, and crash safety of the writer
# (a writer killed at random moments must leave the previous index intact).
set -euo pipefail
cd "$(dirname "$0")/.."
swift build --product search >/dev/null
bin="$(swift build --show-bin-path)/search"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
fail() { echo "e2e: FAIL: $*"; exit 1; }

echo "-- quick start: index the seeds and run a ranked query"
"$bin" index seeds -o "$work/seeds.idx"
"$bin" query -i "$work/seeds.idx" 教育质量 | tee "$work/query.txt"
grep -q "results for 教育质量" "$work/query.txt" || fail "no ranked results for 教育质量"
"$bin" query -i "$work/seeds.idx" --all 教育质量 | grep -q "(documents matching every word;" \
  || fail "--all does not say what its total counts"
"$bin" query -i "$work/seeds.idx" 如何提高教育，质量 | grep -q "results for 如何提高教育，质量 (documents with a query term or character;" \
  || fail "a natural query with Chinese punctuation gets no ranked results"
long="$(printf '教育质量%.0s' $(seq 1 300))"
"$bin" query -i "$work/seeds.idx" "$long" | grep -q "^note: the query is too long; only its first 129 of 1200 characters were searched" \
  || fail "a long query is not reported as shortened"
"$bin" info "$work/seeds.idx" | tee "$work/info.txt"
grep -q "documents:          5" "$work/info.txt" || fail "info does not show 5 documents"
"$bin" check "$work/seeds.idx" || fail "check failed on a fresh index"
"$bin" query -i "$work/seeds.idx" --json 党 > "$work/q.json"
python3 -c "import json,sys; d=json.load(open(sys.argv[1])); assert d['total']>=1 and d['hits'], d" "$work/q.json" 2>/dev/null \
  || grep -q '"hits":\[{' "$work/q.json" || fail "--json output has no hits"

echo "-- CLI conventions: per-command help, version, info/check -i, CRLF batch, --color, hints"
for cmd in index query delete info check analyze; do
  "$bin" "$cmd" --help | head -1 | grep -q "^search $cmd: " || fail "$cmd --help does not print its usage"
  "$bin" "$cmd" -h >/dev/null || fail "$cmd -h does not exit 0"
done
[ "$("$bin" --version)" = "search 0.9.0" ] || fail "--version does not print 'search 0.9.0'"
[ "$("$bin" version)" = "search 0.9.0" ] || fail "version does not print 'search 0.9.0'"
"$bin" info -i "$work/seeds.idx" | grep -q "documents:          5" || fail "info -i does not read the index"
"$bin" check -i "$work/seeds.idx" >/dev/null || fail "check -i does not read the index"
printf '1\t教育\r\n2\t质量\r\n' > "$work/crlf.tsv"
[ "$("$bin" query -i "$work/seeds.idx" --batch "$work/crlf.tsv" | cut -d' ' -f1 | sort -u | tr '\n' ' ')" = "1 2 " ] \
  || fail "a CRLF batch file does not run both queries"
"$bin" query -i "$work/seeds.idx" --color always 教育 | grep -q $'\e\\[1;31m' || fail "--color always does not colour"
"$bin" query -i "$work/seeds.idx" --color=never 教育 | grep -q $'\e' && fail "--color=never colours"
{ "$bin" query -i "$work/seeds.idx" 教育 -markdown 2>&1 || true; } | grep -qF "(to exclude a word, put it after --: search query -- 教育 -markdown)" \
  || fail "an unknown -word gets no hint about --"

echo "-- usage errors exit 64, runtime errors exit 1"
set +e
"$bin" frobnicate >/dev/null 2>&1; [ $? -eq 64 ] || fail "unknown command must exit 64"
"$bin" query --bogus x >/dev/null 2>&1; [ $? -eq 64 ] || fail "unknown option must exit 64"
"$bin" query -i "$work/missing.idx" x >/dev/null 2>&1; [ $? -eq 1 ] || fail "missing index must exit 1"
"$bin" query -i "$work/seeds.idx" "，。" >/dev/null 2>&1; [ $? -eq 1 ] || fail "punctuation-only query must exit 1"
set -e

echo "-- crash safety: kill writers mid-write, the old index must stay intact"
python3 - "$work/big.jsonl" <<'PY' 2>/dev/null || for i in $(seq 1 400); do for f in seeds/*.txt; do printf '{"id":"%s-%s","text":"%s"}\n' "$i" "$f" "$(tr -d '\n"\\' < "$f")"; done; done > "$work/big.jsonl"
import json, sys, glob
with open(sys.argv[1], "w") as out:
    for i in range(400):
        for f in sorted(glob.glob("seeds/*.txt")):
            out.write(json.dumps({"id": f"{i}-{f}", "text": open(f).read()}, ensure_ascii=False) + "\n")
PY
cp "$work/seeds.idx" "$work/victim.idx"
before=$(sha256sum "$work/victim.idx" | cut -d' ' -f1)
# Time one full run, then kill writers at fractions of that time, so that kills land in every
# phase: reading, inverting, serializing, and writing/fsyncing the temporary file.
start=$(date +%s%N)
"$bin" index "$work/big.jsonl" -o "$work/timing.idx" >/dev/null 2>&1
full_ms=$(( ($(date +%s%N) - start) / 1000000 ))
echo "   a full write takes ${full_ms} ms"
landed=0
for percent in 5 15 30 45 60 70 80 85 90 93 96 98 99; do
  delay=$(awk "BEGIN { printf \"%.3f\", $full_ms * $percent / 100000 }")
  "$bin" index "$work/big.jsonl" -o "$work/victim.idx" >/dev/null 2>&1 &
  pid=$!
  sleep "$delay"
  kill -9 "$pid" 2>/dev/null || true
  wait "$pid" 2>/dev/null || true
  "$bin" check "$work/victim.idx" >/dev/null || fail "index broken after a kill at ${percent}% (${delay}s)"
  now=$(sha256sum "$work/victim.idx" | cut -d' ' -f1)
  if [ "$now" != "$before" ]; then
    # The writer finished before the kill: the new index must be complete.
    "$bin" info "$work/victim.idx" | grep -q "documents:          2000" || fail "a changed index is not the new one"
    echo "   kill at ${percent}%: the new index had already landed, and it checks"
    landed=$((landed + 1))
    cp "$work/seeds.idx" "$work/victim.idx"
  else
    echo "   kill at ${percent}%: old index intact"
  fi
done
# Kill writers while they write the temporary file itself (slowed down by a test-only pause).
for delay in 0.3 0.6 0.9; do
  SEARCH_TESTING_WRITE_PAUSE_US=20000 "$bin" index "$work/big.jsonl" -o "$work/victim.idx" >/dev/null 2>&1 &
  pid=$!
  while ! ls "$work" | grep -q "victim.idx.tmp-$pid"; do sleep 0.02; done
  sleep "$delay"
  kill -9 "$pid" 2>/dev/null || true
  wait "$pid" 2>/dev/null || true
  size=$(stat -c %s "$work/victim.idx.tmp-$pid" 2>/dev/null || echo 0)
  "$bin" check "$work/victim.idx" >/dev/null || fail "index broken after a kill during the write"
  [ "$(sha256sum "$work/victim.idx" | cut -d' ' -f1)" = "$before" ] || fail "a half-written index replaced the old one"
  echo "   kill ${delay}s into writing the file (${size} bytes of the temporary file written): old index intact"
done
leftovers=$(ls "$work" | grep -c 'victim.idx.tmp-' || true)
echo "   temporary files left by killed writers: ${leftovers} (removed by the next successful write)"
"$bin" index seeds -o "$work/victim.idx" >/dev/null
[ "$(ls "$work" | grep -c 'victim.idx.tmp-' || true)" = 0 ] || fail "stale temporary files were not cleaned up"
echo "e2e: all checks passed"
