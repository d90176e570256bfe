// The benchmark of the ChineseSearch engine: see bench/README.md, or run with --help.
import Foundation
import Index
import Tokenize

/// Runs the phases `options` pick, in phase order, prints the report and returns the exit
/// status: 0 when every check passed and the scan agreed with the index, 1 otherwise.
func runBenchmark(_ options: Options) throws -> Int32 {
  let started = monotonicNanos()
  let checks = Checks()
  let report = Report()
  let (corpus, loadTime) = try loadCorpus(options)
  let (queries, querySource) = try loadQueries(options, corpus: corpus)

  let phases = IndexPhases(corpus: corpus, options: options, checks: checks, report: report)
  if options.phases.contains(.tokenize) { phases.tokenize() }
  var built: IndexPhases.Built? = nil
  var buildMedians: [Int: Double] = [:]
  if options.phases.contains(.build) {
    (built, buildMedians) = try phases.build()
  }

  // The file, written by the timed phase or once, untimed, when a later phase needs it.
  try FileManager.default.createDirectory(
    atPath: options.workdir, withIntermediateDirectories: true)
  let path = (options.workdir as NSString).appendingPathComponent(
    "bench-\(getpid()).zhsx")
  let needsFile = !options.phases.isDisjoint(with: [
    .update, .open, .size, .stored, .query, .scan, .quality,
  ])
  defer {
    if !options.keepIndex { try? FileManager.default.removeItem(atPath: path) }
  }
  if options.phases.contains(.write) {
    try phases.write(path: path, expected: built, buildMedian: buildMedians[options.threads])
  } else if needsFile {
    try writeIndexUntimed(corpus, options: options, path: path)
  }
  if options.phases.contains(.update) { try phases.update(path: path) }
  if options.phases.contains(.open) { try phases.open(path: path) }

  var mismatches = 0
  if needsFile {
    mismatches = try runSearchPhases(path: path, queries: queries, phases: phases)
  }

  let summary = RunSummary(
    corpus: corpus, options: options, queries: queries.count, querySource: querySource,
    seconds: secondsSince(started), corpusReadSeconds: loadTime)
  addChecks(checks, mismatches: mismatches, to: report)
  report.add("run", summary.json)
  let text = report.text(header: summary.header)
  if options.json {
    FileHandle.standardError.write(Data(text.utf8))
    print(report.json.text)
  } else {
    print(text, terminator: "")
  }
  return checks.failures.isEmpty && mismatches == 0 ? 0 : 1
}

/// Reads the corpus `--corpus` names, else the seeds, and logs its size; returns it with the
/// seconds reading took (reported apart, as it is not a phase of the engine).
func loadCorpus(_ options: Options) throws -> (Corpus, seconds: Double) {
  let loadStart = monotonicNanos()
  let corpus: Corpus
  if let path = options.corpus {
    log("reading \(path)…")
    corpus = try Corpus.jsonLines(path: path, repeating: options.repeatCount ?? 1)
  } else {
    guard let folder = options.seedsFolder ?? packagePath("seeds") else {
      throw BenchError.input("no seeds/ folder here or in the package; give --seeds or --corpus")
    }
    corpus = try Corpus.seeds(
      folder: folder, repeating: options.repeatCount ?? Options.defaultSeedRepeat)
  }
  let loadTime = secondsSince(loadStart)
  log(
    "corpus: \(corpus.name): \(formatCount(corpus.count)) docs, \(formatCount(corpus.inputBytes)) "
      + "bytes (read in \(formatDuration(loadTime)))")
  return (corpus, loadTime)
}

/// The latency queries and where they came from: `--query-set`, else the seeds' query set,
/// else sampled from the corpus; none when neither the query nor the scan phase runs.
func loadQueries(_ options: Options, corpus: Corpus) throws -> ([BenchQuery], source: String) {
  guard !options.phases.isDisjoint(with: [.query, .scan, .stored]) else { return ([], "") }
  if let path = options.querySet {
    return (try loadQuerySet(path), path)
  } else if options.corpus == nil && !options.sampleQueries,
    let path = packagePath("bench/queries-seeds.tsv")
  {
    return (try loadQuerySet(path), path)
  } else {
    var sampler = QuerySampler(corpus: corpus, seed: options.seed)
    return (
      sampler.sample(perClass: options.queriesPerClass),
      "sampled from the corpus (seed \(options.seed))"
    )
  }
}

/// Writes the index file once, untimed, for the phases that read it when `write` is not run.
func writeIndexUntimed(_ corpus: Corpus, options: Options, path: String) throws {
  log("writing the index file (untimed)…")
  let writer = IndexWriter(threads: options.threads)
  for doc in corpus.documents { writer.add(doc) }
  try writer.write(to: path)
}

/// Opens the file once and runs the size, latency (once per mode) and quality phases on it;
/// returns the number of scan/index mismatches. The corpus, options, checks and report are
/// those of `phases`, so every phase of the run writes to the same report.
func runSearchPhases(path: String, queries: [BenchQuery], phases: IndexPhases) throws -> Int {
  let options = phases.options
  let reader = try IndexReader(path: path)
  if options.phases.contains(.size) { try phases.sizes(reader: reader) }
  if options.phases.contains(.stored) { try phases.stored(reader: reader, queries: queries) }
  let searcher = Searcher(reader: reader)
  var mismatches = 0
  if options.phases.contains(.query) {
    for mode in options.modes {
      var modeOptions = options
      modeOptions.mode = mode
      let queryPhases = QueryPhases(
        corpus: phases.corpus, options: modeOptions, checks: phases.checks,
        report: phases.report, searcher: searcher)
      mismatches += queryPhases.run(queries, scan: options.phases.contains(.scan))
    }
  }
  if options.phases.contains(.quality), let q = options.qualityQueries, let r = options.qrels {
    try Quality(options: options, checks: phases.checks, report: phases.report, searcher: searcher)
      .run(queriesPath: q, qrelsPath: r)
  }
  return mismatches
}

/// Adds the Checks table and the `checks` JSON member: the counts, and the first failures
/// named, so that a wrong result is seen next to the timings it would otherwise hide in.
func addChecks(_ checks: Checks, mismatches: Int, to report: Report) {
  var counters = TextTable("Checks", ["check", "count"])
  counters.add(["deterministic checks passed", formatCount(checks.passed)])
  counters.add(["checks failed", formatCount(checks.failures.count)])
  counters.add(["scan ≠ index (Han-word queries)", formatCount(mismatches)])
  counters.notes.append(contentsOf: checks.failures.prefix(20).map { "FAILED: " + $0 })
  report.add(counters)
  report.add(
    "checks",
    .object([
      ("passed", .int(checks.passed)), ("failed", .int(checks.failures.count)),
      ("failures", .array(checks.failures.map { .string($0) })),
      ("scan_mismatches", .int(mismatches)),
    ]))
}

do {
  let options = try Options.parse(Array(CommandLine.arguments.dropFirst()))
  exit(try runBenchmark(options))
} catch BenchError.usage(let message) {
  if message.isEmpty {
    print(Options.usage)
    exit(0)
  }
  log("bench: \(message) (bench --help lists the options)")
  exit(64)
} catch {
  log("bench: \(error)")
  exit(1)
}
