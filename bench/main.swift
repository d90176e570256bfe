// The benchmark of the ChineseSearch engine: see bench/README.md, or run with --help.
import Foundation
import Index
import Tokenize

func runBenchmark(_ options: Options) throws -> Int32 {
  let started = monotonicNanos()
  let checks = Checks()
  let report = Report()

  // The corpus.
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

  // The query set.
  var queries: [BenchQuery] = []
  var querySource = ""
  if options.phases.contains(.query) || options.phases.contains(.scan) {
    if let path = options.querySet {
      queries = try loadQuerySet(path)
      querySource = path
    } else if options.corpus == nil && !options.sampleQueries,
      let path = packagePath("bench/queries-seeds.tsv")
    {
      queries = try loadQuerySet(path)
      querySource = path
    } else {
      var sampler = QuerySampler(corpus: corpus, seed: options.seed)
      queries = sampler.sample(perClass: options.queriesPerClass)
      querySource = "sampled from the corpus (seed \(options.seed))"
    }
  }

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
  let needsFile = !options.phases.isDisjoint(with: [.open, .size, .query, .scan, .quality])
  defer {
    if !options.keepIndex { try? FileManager.default.removeItem(atPath: path) }
  }
  if options.phases.contains(.write) {
    try phases.write(path: path, expected: built, buildMedian: buildMedians[options.threads])
  } else if needsFile {
    log("writing the index file (untimed)…")
    let writer = IndexWriter(threads: options.threads)
    for doc in corpus.documents { writer.add(doc) }
    try writer.write(to: path)
  }
  if options.phases.contains(.open) { try phases.open(path: path) }

  var mismatches = 0
  if needsFile {
    let reader = try IndexReader(path: path)
    if options.phases.contains(.size) { try phases.sizes(reader: reader) }
    let searcher = Searcher(reader: reader)
    if options.phases.contains(.query) {
      for mode in options.modes {
        var modeOptions = options
        modeOptions.mode = mode
        let queryPhases = QueryPhases(
          corpus: corpus, options: modeOptions, checks: checks, report: report, searcher: searcher)
        mismatches += queryPhases.run(queries, scan: options.phases.contains(.scan))
      }
    }
    if options.phases.contains(.quality), let q = options.qualityQueries, let r = options.qrels {
      try Quality(options: options, checks: checks, report: report, searcher: searcher)
        .run(queriesPath: q, qrelsPath: r)
    }
  }

  // Checks and the output.
  let total = secondsSince(started)
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

  let header = [
    "bench: \(corpus.name): \(formatCount(corpus.count)) documents, "
      + "\(formatMB(corpus.inputBytes)) of UTF-8 input (titles + texts)",
    "machine: \(ProcessInfo.processInfo.activeProcessorCount) cores, "
      + String(format: "%.1f GiB", Double(ProcessInfo.processInfo.physicalMemory) / 1_073_741_824)
      + " RAM; runs \(options.runs) "
      + "(+\(options.warmup) warm-up), phase budget \(formatFixed(options.budget, 0)) s; "
      + "queries: \(queries.count), \(querySource.isEmpty ? "none" : querySource)",
    "total time \(formatDuration(total)) (corpus read in \(formatDuration(loadTime)))",
  ]
  report.add(
    "run",
    .object([
      ("corpus", .string(corpus.name)), ("documents", .int(corpus.count)),
      ("input_bytes", .int(corpus.inputBytes)), ("text_bytes", .int(corpus.textBytes)),
      ("cores", .int(ProcessInfo.processInfo.activeProcessorCount)),
      ("threads", .int(options.threads)), ("runs", .int(options.runs)),
      ("warmup", .int(options.warmup)), ("query_source", .string(querySource)),
      ("queries", .int(queries.count)), ("seconds", .number(total)),
      ("corpus_read_seconds", .number(loadTime)),
    ]))
  let text = report.text(header: header)
  if options.json {
    FileHandle.standardError.write(Data(text.utf8))
    print(report.json.text)
  } else {
    print(text, terminator: "")
  }
  return checks.failures.isEmpty && mismatches == 0 ? 0 : 1
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
