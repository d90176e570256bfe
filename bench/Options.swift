import Foundation
import Index

/// The phases of a run; `--phases` picks a subset.
enum Phase: String, CaseIterable {
  case tokenize, build, write, update, open, size, stored, query, scan, quality
}

/// Command-line options; `usage` below documents each one.
struct Options {
  var corpus: String?
  var seedsFolder: String?
  var repeatCount: Int?
  var runs = 5
  var warmup = 1
  var budget = 20.0
  var threads = ProcessInfo.processInfo.activeProcessorCount
  var openRuns = 2000
  var querySet: String?
  var sampleQueries = false
  var queriesPerClass = 12
  var queryRuns = 200
  var queryWarmup = 3
  var queryBudget = 2.0
  var scanRuns = 3
  var scanBudget = 4.0
  var seed: UInt64 = 20_240_601
  var limit = 10
  /// The mode of every latency class: the engine's default (`.ranked`), `--all` or `--any`.
  var mode = MatchMode.ranked
  /// The modes the latency classes run in, one after the other in the same run (`--modes`).
  var modes: [MatchMode] = [.ranked, .all]
  var qualityQueries: String?
  var qrels: String?
  var k1: Double?
  var characterWeight: Double?
  var characterShare: Double?
  var b: Double?
  var phases = Set(Phase.allCases)
  var json = false
  var workdir = NSTemporaryDirectory()
  var keepIndex = false

  /// The default number of in-memory copies of the seeds: about 36 MB of text, enough for
  /// stable build and scan figures while the whole default run stays well under 90 s.
  static let defaultSeedRepeat = 300

  static let usage = """
    bench: measures tokenizing, index building, writing, opening, index size, memory, query
    latency (against a linear-scan baseline) and ranking quality of the ChineseSearch engine.

    usage: swift run -c release bench [options]

    corpus
      --corpus FILE          JSON lines ({"id","text","title"?} per line), .jsonl or .jsonl.gz
                             (default: the seed documents in seeds/*.txt)
      --seeds DIR            the seeds folder (default: ./seeds, else the package's seeds/)
      --repeat N             repeat the corpus N times in memory (default: \(defaultSeedRepeat) for
                             the seeds, 1 for --corpus)

    phases and runs
      --phases LIST          comma-separated subset of: \(Phase.allCases.map(\.rawValue).joined(separator: ","))
                             (default: all; quality runs only with --queries/--qrels)
      --runs N               timed runs per phase (default 5)
      --warmup N             untimed warm-up runs per phase (default 1)
      --budget SECONDS       stop a phase after this long once 3 runs are done (default 20)
      --threads N            the "all cores" thread count for building (default: \(ProcessInfo.processInfo.activeProcessorCount))
      --open-runs N          timed opens of the index file (default 2000)
      --workdir DIR          where the index file is written (default: the temporary folder)
      --keep-index           leave the index file in place after the run

    query latency
      --query-set FILE.tsv   queries as class<TAB>query (default: bench/queries-seeds.tsv for the
                             seeds; sampled from the corpus for --corpus)
      --sample-queries       sample queries from the corpus even for the seeds
      --queries-per-class N  queries sampled per class (default 12)
      --seed N               seed of the query sampler (default 20240601)
      --query-runs N         timed runs of each query (default 200; fewer if a class would
                             exceed --query-budget)
      --query-warmup N       warm-up runs of each query (default 3)
      --query-budget SECONDS time per class for the timed index runs (default 2)
      --scan-runs N          timed runs of each query by the linear scan (default 3)
      --scan-budget SECONDS  time per class for the timed scan runs (default 4)
      --limit N              hits per query (default 10)
      --all                  run every latency class in .all mode (every word required, exact
                             totals); only then are totals compared with the linear scan
      --any                  run every latency class in .any mode (bag of terms, as the peer
                             engines run queries); default: the engine's ranked mode
      --character-weight X   .ranked: the weight of the query's characters (default 0.5)
      --character-share X    .ranked: characters in more than this share of documents are
                             not scored (default: the engine's)
      --modes LIST           run the latency classes once per mode, e.g. ranked,any,all

    ranking quality
      --queries FILE.tsv     qid<TAB>query
      --qrels FILE           TREC qrels: qid 0 docid grade
      --k1 X, --b X          BM25 parameters (default: the engine's)

    output
      --json                 print one JSON object with every figure to standard output
                             (the table and progress go to standard error)
      --help                 this text
    """
}
