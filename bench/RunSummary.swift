import Foundation

/// The run as a whole: the corpus, the machine, the options and the total time, for the
/// report's header lines and its `run` JSON member (both are written from the same figures).
struct RunSummary {
  let corpus: Corpus
  let options: Options
  /// The number of latency queries.
  let queries: Int
  /// Where the latency queries came from (a path, "sampled …", or empty for none).
  let querySource: String
  let seconds: Double
  let corpusReadSeconds: Double

  /// The lines above the tables.
  var header: [String] {
    [
      "bench: \(corpus.name): \(formatCount(corpus.count)) documents, "
        + "\(formatMB(corpus.inputBytes)) of UTF-8 input (titles + texts)",
      "machine: \(ProcessInfo.processInfo.activeProcessorCount) cores, "
        + String(format: "%.1f GiB", Double(ProcessInfo.processInfo.physicalMemory) / 1_073_741_824)
        + " RAM; runs \(options.runs) "
        + "(+\(options.warmup) warm-up), phase budget \(formatFixed(options.budget, 0)) s; "
        + "queries: \(queries), \(querySource.isEmpty ? "none" : querySource)",
      "total time \(formatDuration(seconds)) (corpus read in \(formatDuration(corpusReadSeconds)))",
    ]
  }

  /// The `run` member of the JSON report.
  var json: JSON {
    .object([
      ("corpus", .string(corpus.name)), ("documents", .int(corpus.count)),
      ("input_bytes", .int(corpus.inputBytes)), ("text_bytes", .int(corpus.textBytes)),
      ("cores", .int(ProcessInfo.processInfo.activeProcessorCount)),
      ("threads", .int(options.threads)), ("runs", .int(options.runs)),
      ("warmup", .int(options.warmup)), ("query_source", .string(querySource)),
      ("queries", .int(queries)), ("seconds", .number(seconds)),
      ("corpus_read_seconds", .number(corpusReadSeconds)),
    ])
  }
}
