#!/usr/bin/env bash
# End-to-end checks of the `search` tool on the seeds, run by CI after `swift test`:
# the README's quick start, info/check, error exits, and crash safety of the writer
# (a writer killed at random moments must leave the previous index intact); then the
# segmented index: updates and optimize killed mid-commit, two writers at once, sync, and a
# build in bounded memory.
#
# SEARCH_E2E_STRICT=1 makes the checks of known, not yet fixed bugs fatal; by default each
# prints "e2e: FAIL (known bug, tolerated ...)" and the run goes on.
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
# Checks of the segmented index (format 7): appends and merges killed mid-commit, two writers
# at once, sync, and a bounded-memory build. A known bug that these checks find is printed as
# "e2e: FAIL (known bug ...)" and tolerated, unless SEARCH_E2E_STRICT=1 makes it fail the run.
known_bug() {
  if [ "${SEARCH_E2E_STRICT:-0}" = 1 ]; then fail "$*"; fi
  echo "e2e: FAIL (known bug, tolerated; SEARCH_E2E_STRICT=1 makes it fatal): $*"
}
# The ranked results of a few queries (TREC lines: no timings), to compare indexes by.
printf '1\t教育质量\n2\t新增文档\n3\t督导评估\n4\t第1卷\n5\t学校建设 -教育\n6\t"人民满意"\n' > "$work/q.tsv"
results() { "$bin" query -i "$1" -k 20 --batch "$work/q.tsv"; }
# `search check` with the index's path replaced by F, so that copies compare equal.
checked() { "$bin" check "$1" 2>&1 | sed "s|$1|F|g"; }
documents() { "$bin" info "$1" | sed -n 's/^documents: *//p'; }
segments() { "$bin" info "$1" | sed -n 's/^segments: *\([0-9]*\).*/\1/p'; }
size() { stat -c %s "$1" 2>/dev/null || echo 0; }
# Waits until file $2 holds at least $3 bytes, or process $1 has ended.
wait_size() { while [ "$(size "$2")" -lt "$3" ] && kill -0 "$1" 2>/dev/null; do sleep 0.005; done; }
pause=SEARCH_TESTING_WRITE_PAUSE_US=20000

# New documents: 200 small ones (a numbered line and two lines of the seeds) and 3 large ones
# (about 750 KB each), their times in the past so that an update trusts them as unchanged.
mkdir "$work/new"
awk 'length > 0' seeds/*.txt > "$work/lines.txt"
awk -v dir="$work/new" '{ l[n++] = $0 } END {
  for (i = 0; i < 200; i++) {
    f = dir "/doc" i ".txt"
    print "新增文档" i "号" > f; print l[i % n] > f; print l[(i * 7 + 3) % n] > f; close(f)
  }
  for (b = 0; b < 3; b++) {
    f = dir "/big" b ".txt"
    for (r = 0; r < 6; r++) for (i = 0; i < n; i++) print "第" b "卷" r "节 " l[(i * (b + 3) + r) % n] > f
    close(f)
  } }' "$work/lines.txt"
touch -d '1 hour ago' "$work/new"/*

echo "-- crash safety of appends: an update killed mid-commit leaves the old or the new commit"
results "$work/seeds.idx" > "$work/old.results"
checked "$work/seeds.idx" > "$work/old.check"
cp "$work/seeds.idx" "$work/ref.idx"
start=$(date +%s%N)
env "$pause" "$bin" index "$work/new" -o "$work/ref.idx" --update >/dev/null 2>&1 || fail "the reference update failed"
full_ms=$(( ($(date +%s%N) - start) / 1000000 ))
results "$work/ref.idx" > "$work/new.results"
checked "$work/ref.idx" > "$work/new.check"
cmp -s "$work/old.results" "$work/new.results" && fail "the update does not change the results"
[ "$(documents "$work/ref.idx")" = 208 ] || fail "the reference update does not hold 208 documents"
old_size=$(size "$work/seeds.idx")
new_size=$(size "$work/ref.idx")
echo "   an update with a write pause takes ${full_ms} ms and appends $((new_size - old_size)) bytes"
# Kills after a time, and kills once the file has grown by some bytes (the last: every byte
# appended, the commit slot not yet written).
for when in 0.2s 0.5s 1s 2s +65536 +1000000 +3000000 +$((new_size - old_size)); do
  cp "$work/seeds.idx" "$work/app.idx"
  env "$pause" "$bin" index "$work/new" -o "$work/app.idx" --update >/dev/null 2>&1 &
  pid=$!
  case "$when" in
    +*) wait_size "$pid" "$work/app.idx" $((old_size + ${when#+})) ;;
    *) sleep "${when%s}" ;;
  esac
  kill -9 "$pid" 2>/dev/null || true
  wait "$pid" 2>/dev/null || true
  results "$work/app.idx" > "$work/app.results" || fail "no results after a kill at $when"
  if cmp -s "$work/app.results" "$work/old.results"; then state=old
  elif cmp -s "$work/app.results" "$work/new.results"; then state=new
  else fail "after a kill at $when the results are neither the old nor the new ones"; fi
  if [ "$state" = old ]; then committed=$old_size; else committed=$new_size; fi
  tail=$(( $(size "$work/app.idx") - committed ))
  if checked "$work/app.idx" > "$work/app.check"; then
    cmp -s "$work/app.check" "$work/$state.check" || fail "check after a kill at $when differs from the $state index's"
    verdict="check passes"
  elif grep -q "index has an unfinished commit" "$work/app.check"; then
    verdict="check exits 1: unfinished commit"
  else
    fail "check after a kill at $when: $(cat "$work/app.check")"
  fi
  "$bin" index "$work/new" -o "$work/app.idx" --update >/dev/null || fail "the update after a kill at $when failed"
  "$bin" check "$work/app.idx" >/dev/null || fail "check after the update that followed a kill at $when"
  [ "$(documents "$work/app.idx")" = 208 ] || fail "the update after a kill at $when does not hold 208 documents"
  results "$work/app.idx" | cmp -s - "$work/new.results" || fail "the update after a kill at $when has other results"
  echo "   kill at $when: the $state commit (${tail} bytes after it), $verdict; the next update completes it"
done

echo "-- crash safety of merges: an update whose commit merges 8 segments, killed"
# Seven one-document segments; an eighth commit makes the merge policy merge them into one.
singles=(seeds/*.txt "$work/new/doc0.txt" "$work/new/doc1.txt")
"$bin" index "${singles[0]}" -o "$work/merge.idx" >/dev/null
for f in "${singles[@]:1}"; do "$bin" index "$f" -o "$work/merge.idx" --update >/dev/null; done
[ "$(segments "$work/merge.idx")" = 7 ] || fail "seven one-document updates do not leave 7 segments"
results "$work/merge.idx" > "$work/premerge.results"
merge_old=$(size "$work/merge.idx")
cp "$work/merge.idx" "$work/mergeref.idx"
env "$pause" "$bin" index "$work/new/doc2.txt" -o "$work/mergeref.idx" --update >/dev/null || fail "the merging update failed"
[ "$(segments "$work/mergeref.idx")" = 1 ] || fail "the eighth segment does not make the policy merge"
results "$work/mergeref.idx" > "$work/merged.results"
merge_new=$(size "$work/mergeref.idx")
# Ranks, scores and ids, whatever the order of equal scores (a known bug reorders them).
same_hits() { cmp -s <(cut -d' ' -f1,4,5 "$1") <(cut -d' ' -f1,4,5 "$2") && cmp -s <(cut -d' ' -f1,3 "$1" | sort) <(cut -d' ' -f1,3 "$2" | sort); }
# Kills after 0.1 s, and once the file has grown by a share of what the update appends.
for when in 0.1s +$(( (merge_new - merge_old) / 4 )) +$(( (merge_new - merge_old) / 2 )) +$(( (merge_new - merge_old) * 3 / 4 )) +$((merge_new - merge_old)); do
  cp "$work/merge.idx" "$work/mk.idx"
  env "$pause" "$bin" index "$work/new/doc2.txt" -o "$work/mk.idx" --update >/dev/null 2>&1 &
  pid=$!
  case "$when" in
    +*) wait_size "$pid" "$work/mk.idx" $((merge_old + ${when#+})) ;;
    *) sleep "${when%s}" ;;
  esac
  kill -9 "$pid" 2>/dev/null || true
  wait "$pid" 2>/dev/null || true
  results "$work/mk.idx" > "$work/mk.results"
  case "$(segments "$work/mk.idx")" in
    7) state="the old commit"; cmp -s "$work/mk.results" "$work/premerge.results" || fail "the old commit's results changed after a kill at $when" ;;
    8) state="the new document's commit, merge unfinished"; same_hits "$work/mk.results" "$work/merged.results" || fail "after a kill at $when the unmerged commit has other results" ;;
    1) state="the merged commit"; same_hits "$work/mk.results" "$work/merged.results" || fail "after a kill at $when the merged commit has other results" ;;
    *) fail "after a kill at $when the index has $(segments "$work/mk.idx") segments" ;;
  esac
  if "$bin" check "$work/mk.idx" > "$work/mk.check" 2>&1; then verdict="check passes"
  elif grep -q "index has an unfinished commit" "$work/mk.check"; then verdict="check exits 1: unfinished commit"
  else fail "check after a kill at $when: $(cat "$work/mk.check")"; fi
  "$bin" index "$work/new/doc2.txt" -o "$work/mk.idx" --update >/dev/null || fail "the update after a kill at $when failed"
  "$bin" check "$work/mk.idx" >/dev/null || fail "check after the update that followed a kill at $when"
  [ "$(segments "$work/mk.idx")" = 1 ] && [ "$(documents "$work/mk.idx")" = 8 ] || fail "the update after a kill at $when does not finish the merge"
  results "$work/mk.idx" > "$work/mk.results"
  same_hits "$work/mk.results" "$work/merged.results" || fail "the update after a kill at $when has other results"
  echo "   kill at $when: $state, $verdict; the next update merges"
done

echo "-- crash safety of optimize: killed mid-merge, the old index stays in place"
cp "$work/seeds.idx" "$work/opt.idx"
for f in doc0 doc1 doc2 doc3 doc4 big0 doc5 big1 doc6; do
  "$bin" index "$work/new/$f.txt" -o "$work/opt.idx" --update >/dev/null || fail "update of $f.txt"
done
"$bin" delete -i "$work/opt.idx" doc3.txt 002_5ee358fecd5407df.txt >/dev/null || fail "delete failed"
opt_segments=$(segments "$work/opt.idx")
[ "$opt_segments" -ge 5 ] || fail "the index to optimize has only $opt_segments segments"
results "$work/opt.idx" > "$work/opt.results"
checked "$work/opt.idx" > "$work/opt.check" || fail "check before optimize: $(cat "$work/opt.check")"
before=$(sha256sum "$work/opt.idx" | cut -d' ' -f1)
cp "$work/opt.idx" "$work/optref.idx"
start=$(date +%s%N)
env "$pause" "$bin" optimize "$work/optref.idx" >/dev/null || fail "optimize failed"
full_ms=$(( ($(date +%s%N) - start) / 1000000 ))
optimized_size=$(size "$work/optref.idx")
echo "   optimize of ${opt_segments} segments with a write pause takes ${full_ms} ms, writes ${optimized_size} bytes"
results "$work/optref.idx" | cmp -s - "$work/opt.results" || fail "optimize changes the results"
[ "$(segments "$work/optref.idx")" = 1 ] || fail "optimize does not leave one segment"
mkdir "$work/optdir"
# Kills after a time, while the merge's spill files exist, and once the temporary file holds
# some bytes (the last: all of them, not yet renamed over the index).
for when in 0.1s 0.4s spilling +1 +65536 +$((optimized_size / 2)) +$optimized_size; do
  cp "$work/opt.idx" "$work/optdir/opt.idx"
  env "$pause" "$bin" optimize "$work/optdir/opt.idx" >/dev/null 2>&1 &
  pid=$!
  case "$when" in
    +*) wait_size "$pid" "$work/optdir/opt.idx.tmp-$pid" "${when#+}" ;;
    spilling) while ! ls -A "$work/optdir" | grep -q '^\.merge-' && kill -0 "$pid" 2>/dev/null; do sleep 0.005; done ;;
    *) sleep "${when%s}" ;;
  esac
  kill -9 "$pid" 2>/dev/null || true
  wait "$pid" 2>/dev/null || true
  leftovers=$(cd "$work/optdir" && ls -A | grep -v '^opt\.idx$' | grep -v '^opt\.idx\.lock$' | tr '\n' ' ' || true)
  results "$work/optdir/opt.idx" | cmp -s - "$work/opt.results" || fail "the results changed after a kill of optimize at $when"
  if [ "$(sha256sum "$work/optdir/opt.idx" | cut -d' ' -f1)" = "$before" ]; then
    state="old index intact"
    checked "$work/optdir/opt.idx" | cmp -s - "$work/opt.check" || fail "check after a kill of optimize at $when: $(checked "$work/optdir/opt.idx")"
  else
    state="optimized index in place"
    [ "$(segments "$work/optdir/opt.idx")" = 1 ] || fail "after a kill of optimize at $when the index is neither the old nor the optimized one"
    "$bin" check "$work/optdir/opt.idx" >/dev/null || fail "check after a kill of optimize at $when"
  fi
  echo "   kill at $when: $state; left beside it: ${leftovers:-nothing}"
  "$bin" optimize "$work/optdir/opt.idx" >/dev/null || fail "optimize after a kill at $when failed"
  "$bin" check "$work/optdir/opt.idx" >/dev/null || fail "check after the optimize that followed a kill at $when"
  [ "$(segments "$work/optdir/opt.idx")" = 1 ] || fail "the optimize after a kill at $when does not leave one segment"
  results "$work/optdir/opt.idx" | cmp -s - "$work/opt.results" || fail "the optimize after a kill at $when has other results"
  stale=$(cd "$work/optdir" && ls -A | grep -v '^opt\.idx$' | grep -v '^opt\.idx\.lock$' | tr '\n' ' ' || true)
  if [ -n "$stale" ]; then
    echo "$stale" | grep -q 'opt\.idx\.tmp-' && fail "the optimize after a kill at $when left temporary files: $stale"
    fail "files left by an optimize killed at $when stay after the next optimize: $stale"
    rm -f "$work/optdir"/.merge-*
  fi
done

echo "-- two writers at once: the second waits for the first, and both runs' documents land"
mkdir "$work/a" "$work/b" "$work/c"
for i in $(seq 0 49); do
  cp -p "$work/new/doc$i.txt" "$work/a/"
  cp -p "$work/new/doc$((i + 50)).txt" "$work/b/"
  cp -p "$work/new/doc$((i + 100)).txt" "$work/c/"
done
cp -p "$work/new/big0.txt" "$work/a/"; cp -p "$work/new/big1.txt" "$work/b/"; cp -p "$work/new/big2.txt" "$work/c/"
cp "$work/seeds.idx" "$work/two.idx"
waiting_note="search: waiting for another writer of $work/two.idx to finish…"
env "$pause" "$bin" index "$work/a" -o "$work/two.idx" --update > "$work/a.out" 2> "$work/a.err" &
pa=$!
env "$pause" "$bin" index "$work/b" -o "$work/two.idx" --update > "$work/b.out" 2> "$work/b.err" &
pb=$!
wait "$pa" || fail "the first of two concurrent updates failed: $(cat "$work/a.err")"
wait "$pb" || fail "the second of two concurrent updates failed: $(cat "$work/b.err")"
waited=$(cat "$work/a.err" "$work/b.err" | grep -cxF "$waiting_note" || true)
[ "$waited" = 1 ] || fail "$waited of two concurrent writers printed the waiting note (expected 1)"
[ "$(cat "$work/a.out" "$work/b.out" | sed -n 's/^indexed \([0-9]*\) documents.*/\1/p' | sort -n | tr '\n' ' ')" = "56 107 " ] \
  || fail "the two writers' reports do not count 56 then 107 documents: $(cat "$work/a.out" "$work/b.out")"
[ "$(documents "$work/two.idx")" = 107 ] || fail "two concurrent updates do not leave 107 documents"
"$bin" check "$work/two.idx" >/dev/null || fail "check after two concurrent updates"
cp "$work/two.idx" "$work/probe.idx"
"$bin" delete -i "$work/probe.idx" doc0.txt doc49.txt big0.txt doc50.txt doc99.txt big1.txt 003_3a6d64326b1cfabf.txt >/dev/null 2>&1 \
  || fail "a document of one of the two concurrent updates is missing"
echo "   two updates at once: one waited, both exit 0, 107 documents, check passes"
before_size=$(size "$work/two.idx")
env "$pause" "$bin" index "$work/c" -o "$work/two.idx" --update > "$work/c.out" 2> "$work/c.err" &
pc=$!
wait_size "$pc" "$work/two.idx" $((before_size + 65536)) # appending, so it holds the lock
kill -0 "$pc" 2>/dev/null || fail "the update ended before the delete started"
"$bin" delete -i "$work/two.idx" 001_5c9ae5dad0fb98c4.txt > "$work/d.out" 2> "$work/d.err" || fail "delete during an update failed: $(cat "$work/d.err")"
wait "$pc" || fail "the update during which a delete ran failed: $(cat "$work/c.err")"
grep -qxF "$waiting_note" "$work/d.err" || fail "a delete during an update did not wait for it"
grep -qxF "deleted 1 document; 157 remain" "$work/d.out" || fail "the delete after the update reports: $(cat "$work/d.out")"
[ "$(documents "$work/two.idx")" = 157 ] || fail "the update and the delete do not leave 157 documents"
"$bin" check "$work/two.idx" >/dev/null || fail "check after an update and a delete at once"
cp "$work/two.idx" "$work/probe.idx"
"$bin" delete -i "$work/probe.idx" doc100.txt doc149.txt big2.txt >/dev/null 2>&1 || fail "the update's documents are missing after the delete"
"$bin" delete -i "$work/probe.idx" 001_5c9ae5dad0fb98c4.txt >/dev/null 2>&1 && fail "the deleted document is back"
echo "   a delete during an update waited for it; both changes present (157 documents)"

echo "-- sync: changed, removed, added and unchanged files"
mkdir "$work/sync"
cp seeds/*.txt "$work/sync/"
touch -d '1 hour ago' "$work/sync"/*
"$bin" index "$work/sync" -o "$work/sync.idx" >/dev/null
{ echo "同步测试的新内容"; sed -n 1,3p "$work/lines.txt"; } > "$work/sync/000_10032fc358fb4eb7.txt"
rm "$work/sync/004_2a7bf6d903de80bb.txt"
{ echo "同步测试新增的文件"; sed -n 5,8p "$work/lines.txt"; } > "$work/sync/added.txt"
touch -d '10 minutes ago' "$work/sync/000_10032fc358fb4eb7.txt" "$work/sync/added.txt"
"$bin" sync "$work/sync" -o "$work/sync.idx" > "$work/sync.out" || fail "sync failed"
grep -qF "indexed 5 documents (1 added, 1 replaced, 3 unchanged, 1 removed; " "$work/sync.out" \
  || fail "sync reports: $(cat "$work/sync.out")"
[ "$(documents "$work/sync.idx")" = 5 ] || fail "the synced index does not hold 5 documents"
"$bin" check "$work/sync.idx" >/dev/null || fail "check after sync"
cp "$work/sync.idx" "$work/probe.idx"
"$bin" delete -i "$work/probe.idx" 000_10032fc358fb4eb7.txt 001_5c9ae5dad0fb98c4.txt 002_5ee358fecd5407df.txt \
  003_3a6d64326b1cfabf.txt added.txt | grep -qxF "deleted 5 documents; 0 remain" || fail "the synced index does not hold exactly the folder's files"
printf '1\t同步测试\n' > "$work/sync.tsv"
[ "$("$bin" query -i "$work/sync.idx" --all --batch "$work/sync.tsv" | cut -d' ' -f3 | sort | tr '\n' ' ')" = "000_10032fc358fb4eb7.txt added.txt " ] \
  || fail "the changed and the added file's new text is not what the synced index finds"
"$bin" index "$work/sync" -o "$work/fresh.idx" >/dev/null
[ "$(results "$work/sync.idx" | cut -d' ' -f1,3,5 | sort)" = "$(results "$work/fresh.idx" | cut -d' ' -f1,3,5 | sort)" ] \
  || fail "the synced index scores otherwise than a fresh index of the folder"
"$bin" sync "$work/sync" -o "$work/sync.idx" | grep -qF "(0 added, 0 replaced, 5 unchanged, 0 removed; " \
  || fail "a second sync changes something"
echo "   $(cut -d'(' -f2 "$work/sync.out" | cut -d';' -f1); a fresh index of the folder scores the same"

echo "-- bounded memory: a 30 MB JSONL indexed with --memory 64"
awk '{ gsub(/["\\\t\r]/, ""); l[n++] = $0 } END { for (r = 0; r < 15000; r++) { t = "记录" r "号"
  for (j = 0; j < 4; j++) t = t l[(r * 31 + j * 97 + int(r / n)) % n]
  printf "{\"id\":\"r%d\",\"text\":\"%s\"}\n", r, t } }' "$work/lines.txt" > "$work/30mb.jsonl"
if [ -x /usr/bin/time ]; then
  # One thread: the budget bounds the segment's share; a build's own buffers add about 200 MB
  # a thread whatever the budget (README, "Memory").
  /usr/bin/time -v "$bin" index "$work/30mb.jsonl" -o "$work/mem.idx" --memory 64 --threads 1 >/dev/null 2> "$work/mem.time" \
    || fail "index --memory 64 failed: $(cat "$work/mem.time")"
  peak_kb=$(sed -n 's/.*Maximum resident set size (kbytes): //p' "$work/mem.time")
  mem_segments=$(segments "$work/mem.idx")
  echo "   $(size "$work/30mb.jsonl") bytes of JSONL: peak RSS $((peak_kb / 1024)) MB, ${mem_segments} segments"
  [ "$mem_segments" -ge 3 ] || fail "--memory 64 leaves only $mem_segments segments"
  [ "$peak_kb" -lt 327680 ] || fail "index --memory 64 --threads 1 of a 30 MB JSONL peaks at $((peak_kb / 1024)) MB of RSS (over 64 + 256 MB)"
else
  echo "   note: /usr/bin/time is missing, so the peak RSS is not measured"
  "$bin" index "$work/30mb.jsonl" -o "$work/mem.idx" --memory 64 >/dev/null || fail "index --memory 64 failed"
  [ "$(segments "$work/mem.idx")" -ge 3 ] || fail "--memory 64 leaves fewer than 3 segments"
fi
"$bin" check "$work/mem.idx" >/dev/null || fail "check of the --memory 64 index"
"$bin" index "$work/30mb.jsonl" -o "$work/default.idx" >/dev/null
[ "$(documents "$work/mem.idx")" = 15000 ] || fail "the --memory 64 index does not hold 15000 documents"
printf '1\t教育质量\n2\t记录123号\n3\t督导评估\n4\t"人民满意"\n5\t学校 -教育\n' > "$work/mem.tsv"
"$bin" query -i "$work/mem.idx" -k 50 --batch "$work/mem.tsv" > "$work/mem.results"
"$bin" query -i "$work/default.idx" -k 50 --batch "$work/mem.tsv" > "$work/default.results"
# The same scores at every rank, and the same documents for each query…
cmp -s <(cut -d' ' -f1,4,5 "$work/mem.results") <(cut -d' ' -f1,4,5 "$work/default.results") \
  || fail "the --memory 64 index scores otherwise than the default one"
cmp -s <(cut -d' ' -f1,3 "$work/mem.results" | sort) <(cut -d' ' -f1,3 "$work/default.results" | sort) \
  || fail "the --memory 64 index finds other documents than the default one"
echo "   the same scores and documents as the corpus indexed in one segment"
# …in the same order, ties too (this corpus has many documents of equal scores).
cmp -s "$work/mem.results" "$work/default.results" \
  || fail "the --memory 64 index orders documents of equal scores otherwise than the one-segment index"
echo "-- ties across segments: equal scores rank by document number, as in one segment"
mkdir "$work/tie" "$work/tie2"
for i in 0 1 2 3 4 5 6 7 8 9; do echo "教育质量的提高" > "$work/tie/t$i.txt"; done
for i in 0 1 2 3 4; do printf '教育质量的提高\n别的内容也在这里还有更多的字\n' > "$work/tie2/u$i.txt"; done
"$bin" index "$work/tie" "$work/tie2" -o "$work/tie1.idx" >/dev/null
"$bin" index "$work/tie" -o "$work/tie2.idx" >/dev/null
"$bin" index "$work/tie2" -o "$work/tie2.idx" --update >/dev/null
printf '1\t教育质量\n' > "$work/tie.tsv"
# Two roots: the ids carry them ($work/tie/t0.txt); compared without them.
one=$("$bin" query -i "$work/tie1.idx" -k 20 --batch "$work/tie.tsv" | cut -d' ' -f3 \
  | sed -e "s|^$work/tie2/||" -e "s|^$work/tie/||" | tr '\n' ' ')
two=$("$bin" query -i "$work/tie2.idx" -k 20 --batch "$work/tie.tsv" | cut -d' ' -f3 | tr '\n' ' ')
[ "$one" = "t0.txt t1.txt t2.txt t3.txt t4.txt t5.txt t6.txt t7.txt t8.txt t9.txt u0.txt u1.txt u2.txt u3.txt u4.txt " ] \
  || fail "a one-segment index does not rank equal scores by document number: $one"
[ "$two" = "$one" ] || fail "ties of an earlier segment lose their order when a later segment has hits: $two"
echo "-- inputs (issue 12): .jsonl.gz, standard input, encodings, hidden names, links, several roots"
in="$work/inputs"
mkdir -p "$in/y2023" "$in/y2024/.git" "$in/gz"
echo "二〇二三年的教育报告" > "$in/y2023/report.txt"
echo "二〇二四年的教育报告" > "$in/y2024/report.txt"
echo "配置" > "$in/y2024/.git/notes.txt"
echo "<p>页面</p>" > "$in/y2024/page.html"
printf '国家中长期教育改革和发展规划纲要' | iconv -f UTF-8 -t GB18030 > "$in/y2023/gb.txt"
ln -s ../y2023 "$in/y2024/link-to-2023"
ln -s . "$in/y2024/loop"
touch -d "1 minute ago" "$in"/y202?/*.txt  # older than 2 s: their stamps are trusted
"$bin" index "$in/y2023" "$in/y2024" -o "$work/in.idx" 2> "$work/in.err" >/dev/null
grep -qxF "search: note: 1 file read as GB18030" "$work/in.err" || fail "a GB18030 file is not reported"
grep -qxF "search: note: skipped 1 file with other extensions (.html); --verbose names them" "$work/in.err" \
  || fail "a file of another extension is not counted"
[ "$("$bin" list -i "$work/in.idx" | cut -f1 | tr '\n' ' ')" = "$in/y2023/gb.txt $in/y2023/report.txt $in/y2024/report.txt " ] \
  || fail "two roots do not keep their report.txt apart, or a hidden file, a link or a loop is indexed"
"$bin" query -i "$work/in.idx" --all 规划纲要 | grep -qF "$in/y2023/gb.txt" || fail "the GB18030 text is not found"
"$bin" index --update "$in/y2023" "$in/y2024" -o "$work/in.idx" 2>/dev/null | grep -q "(0 added, 0 replaced, 3 unchanged;" \
  || fail "an update with two roots does not find their files unchanged"
"$bin" index --hidden "$in/y2024" -o "$work/hidden.idx" >/dev/null 2>&1
"$bin" list -i "$work/hidden.idx" | cut -f1 | grep -qxF ".git/notes.txt" || fail "--hidden does not include .git/"
for f in seeds/*; do python3 -c 'import json,sys; print(json.dumps({"id": sys.argv[1], "text": open(sys.argv[1]).read()}, ensure_ascii=False))' "$f"; done > "$work/seeds.jsonl"
gzip -9 -c "$work/seeds.jsonl" > "$in/gz/nine.jsonl.gz"
gzip -1 -c "$work/seeds.jsonl" | cat - <(gzip -c /dev/null) > "$in/gz/one-two-members.jsonl.gz"
"$bin" index "$in/gz/nine.jsonl.gz" -o "$work/gz.idx" | grep -q "^indexed 5 documents" || fail "a .jsonl.gz file does not index"
"$bin" index "$in/gz" -o "$work/gz.idx" > "$work/gz.out" 2>&1
grep -q "^search: note: 5 duplicate ids" "$work/gz.out" || fail ".jsonl.gz files in a folder (one of two members) are not read"
gzip -dc "$in/gz/nine.jsonl.gz" | "$bin" index - -o "$work/stdin.idx" | grep -q "^indexed 5 documents" || fail "- does not read JSON lines"
"$bin" index - -o "$work/stdin.idx" < "$in/gz/nine.jsonl.gz" | grep -q "^indexed 5 documents" || fail "- does not read gzip"
head -c 2000 "$in/gz/nine.jsonl.gz" > "$in/gz/cut.jsonl.gz"
"$bin" index "$in/gz/cut.jsonl.gz" -o "$work/cut.idx" > "$work/cut.out" 2>&1 && fail "a truncated .gz alone must leave nothing to index"
grep -qxF "search: warning: $in/gz/cut.jsonl.gz: skipped (truncated gzip data (the input ends at byte 2000))" "$work/cut.out" \
  || fail "a truncated .gz is not reported with its offset"
echo "e2e: all checks passed"
