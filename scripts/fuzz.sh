#!/usr/bin/env bash
# The fuzzing suite (Fuzz/, a package of its own; see Fuzz/README.md).
#
#   scripts/fuzz.sh --list                 the targets
#   scripts/fuzz.sh TARGET SECONDS [ARGS]  build if needed, make the seed corpus, run TARGET for
#                                          SECONDS (extra ARGS go to libFuzzer); exit 1 on a crash
#   scripts/fuzz.sh --all SECONDS          every target in turn, SECONDS each (what CI runs)
#   scripts/fuzz.sh --build                build only
#   scripts/fuzz.sh --seeds                (re)make the seed corpora only
#
# One libFuzzer process at a time, one job, one compiler thread: the machine stays usable.
# Environment: FUZZ_SANITIZERS (default "fuzzer,address"; "fuzzer" alone for no ASan),
# FUZZ_RSS_LIMIT_MB (default 2048), FUZZ_TIMEOUT (seconds per input, default 10).
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
fuzz="$root/Fuzz"
scratch="$fuzz/.build"
bin="$scratch/release"
corpus="$fuzz/corpus"
seeds="$fuzz/corpus/.seeds"
artifacts="$fuzz/artifacts"
targets=(FuzzIndexReader FuzzCommits FuzzQuery FuzzTokenizer FuzzLoad)
# Swift's runtime keeps some allocations alive until exit: no leak reports.
export ASAN_OPTIONS="${ASAN_OPTIONS:-detect_leaks=0:abort_on_error=1:symbolize=1}"
# libFuzzer, not the Swift runtime backtracer, reports a trap (the backtracer trips ASan).
export SWIFT_BACKTRACE="${SWIFT_BACKTRACE:-enable=no}"

usage() {
  sed -n '2,14p' "$0" | sed 's/^# \{0,1\}//' >&2
  exit 64
}

build() {
  # swiftc keeps only the last of several -sanitize= flags, so SwiftPM's "--sanitize fuzzer
  # --sanitize address" silently drops the coverage instrumentation. "--sanitize fuzzer" is
  # still needed (SwiftPM then links libFuzzer's main instead of the target's); the list
  # passed after it with -Xswiftc is the one that counts.
  local sanitizers="${FUZZ_SANITIZERS:-fuzzer,address}" attempt
  local args=(--sanitize fuzzer -Xswiftc "-sanitize=$sanitizers")
  # The root package's sources may be edited while we build ("modified during the build"):
  # retry a few times before giving up.
  local log="$scratch/fuzz-build.log"
  mkdir -p "$scratch"
  for attempt in 1 2 3; do
    if swift build --package-path "$fuzz" --scratch-path "$scratch" -c release -j 1 \
      -Xswiftc -num-threads -Xswiftc 1 "${args[@]}" > "$log" 2>&1; then
      grep -v 'ld.gold: warning: Cannot export local symbol' "$log" | tail -n 5 || true
      return 0
    fi
    grep -v 'ld.gold: warning: Cannot export local symbol' "$log" | tail -n 40 >&2 || true
    echo "fuzz.sh: build failed (attempt $attempt of 3; log $log)" >&2
    sleep 5
  done
  return 1
}

make_seeds() {
  rm -rf "$seeds"
  mkdir -p "$seeds"
  FUZZ_SEEDS_OUT="$seeds" FUZZ_REPO="$root" "$bin/FuzzSeeds"
  # The golden files of every format version, behind the control byte 0 (reseal): versions
  # 1–6 (one image each) for FuzzIndexReader, version 7 (segments) for FuzzCommits.
  local f v target
  for f in "$root"/Tests/IndexTests/Golden/*/*.zhsx; do
    [ -f "$f" ] || continue
    v="$(basename "$(dirname "$f")")"
    case "$v" in
      v[1-6]) target=FuzzIndexReader ;;
      *) target=FuzzCommits ;;
    esac
    mkdir -p "$seeds/$target"
    { printf '\000'; cat "$f"; } > "$seeds/$target/golden-$v-$(basename "$f" .zhsx).bin"
  done
  # FuzzLoad: gzip streams of the seed texts' starts (levels 1 and 9, and two members) behind
  # the bytes 0 and a read size, and the texts in GB18030 and UTF-16 behind their modes.
  mkdir -p "$seeds/FuzzLoad"
  local i=0
  for f in "$root"/seeds/*.txt; do
    i=$((i + 1))
    { printf '\000\007'; head -c 3000 "$f" | gzip -9 -n -c; } > "$seeds/FuzzLoad/gzip9-$i.bin"
    { printf '\000\077'; head -c 500 "$f" | gzip -1 -n -c; printf 'x' | gzip -n -c; } > "$seeds/FuzzLoad/gzip1-$i.bin"
    { printf '\001\000'; head -c 600 "$f" | iconv -f UTF-8 -t GB18030 -c 2>/dev/null || true; } > "$seeds/FuzzLoad/gb18030-$i.bin"
    { printf '\003\000'; head -c 600 "$f" | iconv -f UTF-8 -t UTF-16 -c 2>/dev/null || true; } > "$seeds/FuzzLoad/utf16-$i.bin"
  done
  printf '\007\000{"id": 1, "title": "标题", "text": "正文"}' > "$seeds/FuzzLoad/json.bin"
  printf '\007\000 {"id":"e-2","text":"\\"\\\\\\/\\b\\f\\n\\r\\t\\u00e9\\uD83D\\uDE00中","x":[1,-2.5,{"k":[true,false,null]}],"title":null}\r' \
    > "$seeds/FuzzLoad/json-escapes.bin"
}

run_target() {
  local target="$1" seconds="$2"
  shift 2
  [ -x "$bin/$target" ] || { echo "fuzz.sh: $bin/$target is not built" >&2; return 2; }
  mkdir -p "$corpus/$target" "$artifacts/$target"
  local log="$artifacts/$target/last-run.log" max_len=()
  [ "$target" = FuzzIndexReader ] && max_len=(-max_len=16384)
  [ "$target" = FuzzCommits ] && max_len=(-max_len=32768)
  [ "$target" = FuzzQuery ] && max_len=(-max_len=1200)
  [ "$target" = FuzzLoad ] && max_len=(-max_len=4096)
  echo "== $target for ${seconds}s (corpus $corpus/$target, seeds $seeds/$target)"
  local start=$SECONDS status=0
  # New inputs go to the first folder (the working corpus); the seeds are read only.
  FUZZ_REPO="$root" "$bin/$target" -max_total_time="$seconds" -timeout="${FUZZ_TIMEOUT:-10}" \
    -rss_limit_mb="${FUZZ_RSS_LIMIT_MB:-2048}" -print_final_stats=1 \
    -artifact_prefix="$artifacts/$target/" "${max_len[@]}" "$@" \
    "$corpus/$target" "$seeds/$target" > "$log" 2>&1 || status=$?
  local execs
  execs="$(grep -o 'stat::number_of_executed_units: *[0-9]*' "$log" | grep -o '[0-9]*$' || true)"
  # -fork=N: the parent prints "#EXECS: cov: … oom/timeout/crash: …" lines instead.
  [ -n "$execs" ] || execs="$(grep -oE '^#[0-9]+: ' "$log" | tail -n 1 | tr -dc '0-9' || true)"
  grep -E "^#[0-9]+.*(cov|DONE)|^Done " "$log" | tail -n 2 || true
  grep -E "^INFO: (fuzzed for|exiting|log of failing)" "$log" | tail -n 3 || true
  echo "$target: ${execs:-?} executions in $((SECONDS - start))s, exit $status, log $log"
  if [ "$status" -ne 0 ]; then
    echo "fuzz.sh: $target FAILED (a crash, a timeout or an out-of-memory); reproducer and log:" >&2
    ls -1 "$artifacts/$target/" >&2
    grep -E 'ERROR|Fatal error|invariant violated|SUMMARY|deadly signal' "$log" | head -n 10 >&2 || true
    return 1
  fi
}

[ $# -ge 1 ] || usage
case "$1" in
  --list) printf '%s\n' "${targets[@]}" ;;
  --build) build ;;
  --seeds) build && make_seeds ;;
  --all)
    [ $# -eq 2 ] || usage
    build && make_seeds
    failed=0
    for t in "${targets[@]}"; do run_target "$t" "$2" || failed=1; done
    exit "$failed"
    ;;
  -*) usage ;;
  *)
    [ $# -ge 2 ] || usage
    printf '%s\n' "${targets[@]}" | grep -qx "$1" || { echo "fuzz.sh: unknown target $1 (--list)" >&2; exit 64; }
    build && make_seeds
    run_target "$@"
    ;;
esac
