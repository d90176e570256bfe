import Foundation
import Index
import Tokenize

/// The phases that need no query engine: tokenizing, building, writing, opening, sizes.
struct IndexPhases {
  let corpus: Corpus
  let options: Options
  let checks: Checks
  let report: Report

  var plan: RunPlan { RunPlan(warmup: options.warmup, runs: options.runs, budget: options.budget) }

  /// Token counts of one tokenizer pass, by kind; every run must give the same.
  struct TokenCounts: Equatable, CustomStringConvertible {
    var words = 0
    var bigrams = 0
    var singles = 0
    var characters = 0
    var termBytes = 0
    var total: Int { words + bigrams + singles + characters }
    var description: String {
      "\(total) tokens (\(words) words, \(bigrams) bigrams, \(singles) singles, "
        + "\(characters) characters, \(termBytes) term bytes)"
    }
  }

  /// Tokenizes every title and text on one thread, without and with character tokens.
  func tokenize() {
    for emitsCharacters in [false, true] {
      let tokenizer = Tokenizer(emitsCharacters: emitsCharacters)
      var expected: TokenCounts? = nil
      let label = emitsCharacters ? "with" : "without"
      log("tokenize (\(label) character tokens)…")
      let samples = corpus.bytes.withUnsafeBufferPointer { all in
        plan.measure { _ -> TokenCounts in
          var counts = TokenCounts()
          // `counts` is passed inout, not captured by the local function: a variable captured
          // by a local function is boxed, and every access from the token closure then pays a
          // dynamic exclusivity check (a quarter of the phase's instructions, measured).
          func run(_ range: Range<Int>, _ counts: inout TokenCounts) {
            tokenizer.tokenize(utf8: UnsafeBufferPointer(rebasing: all[range])) { token, term in
              switch token.kind {
              case .word: counts.words &+= 1
              case .bigram: counts.bigrams &+= 1
              case .single: counts.singles &+= 1
              case .character: counts.characters &+= 1
              }
              counts.termBytes &+= term.count
            }
          }
          for i in 0..<corpus.count {
            if !corpus.titles[i].isEmpty { run(corpus.titles[i], &counts) }
            run(corpus.texts[i], &counts)
          }
          return counts
        } check: { counts, run in
          if let expected {
            checks.expect(counts, equals: expected, "tokenize (\(label) chars) run \(run) counts")
          } else {
            expected = counts
          }
        }
      }
      let counts = expected ?? TokenCounts()
      let mbps = Double(corpus.inputBytes) / samples.median / 1e6
      let tps = Double(counts.total) / samples.median
      report.addPhase(
        emitsCharacters ? "tokenize_with_characters" : "tokenize",
        "tokenize, \(label) char tokens (1 thread)", samples,
        throughput: [formatFixed(mbps, 1) + " MB/s", formatRate(tps, "tokens/s")],
        counters: "\(formatCount(counts.total)) tokens, same every run",
        extra: [
          ("mb_per_s", .number(mbps)), ("tokens_per_s", .number(tps)),
          ("tokens", .int(counts.total)), ("words", .int(counts.words)),
          ("bigrams", .int(counts.bigrams)), ("singles", .int(counts.singles)),
          ("characters", .int(counts.characters)), ("term_bytes", .int(counts.termBytes)),
        ])
    }
  }

  /// The size and checksum of a built index; every run, whatever the thread count, must give
  /// the same bytes.
  struct Built: Equatable, CustomStringConvertible {
    var size: Int
    var crc: UInt32
    var description: String { "\(size) bytes, crc32 \(String(crc, radix: 16))" }
  }

  /// Builds the index in memory (add every document, then `build()`) with each thread count;
  /// also records the peak resident memory while building.
  func build() throws -> (Built?, [Int: Double]) {
    var medians: [Int: Double] = [:]
    var counts = [1]
    if options.threads != 1 { counts.append(options.threads) }
    var reference: Built? = nil
    var memoryRows: [(threads: Int, before: Int, peak: Int, reset: Bool)] = []
    for threads in counts {
      log("build in memory (\(threads) thread\(threads == 1 ? "" : "s"))…")
      let resetWorked = Memory.resetPeak()
      let before = Memory.status().rss
      let samples = try plan.measure { _ -> [UInt8] in
        let writer = IndexWriter(threads: threads)
        for doc in corpus.documents { writer.add(doc) }
        return try writer.build()
      } check: { bytes, run in
        let built = bytes.withUnsafeBytes { Built(size: bytes.count, crc: CRC32.checksum($0)) }
        if let reference {
          checks.expect(built, equals: reference, "build (\(threads) threads) run \(run) output")
        } else {
          reference = built
        }
      }
      let peak = Memory.status().peak
      medians[threads] = samples.median
      let docsPerSecond = Double(corpus.count) / samples.median
      let mbps = Double(corpus.inputBytes) / samples.median / 1e6
      let growth = peak - before
      report.addPhase(
        "build_\(threads)_thread\(threads == 1 ? "" : "s")",
        "build in memory, \(threads) thread\(threads == 1 ? "" : "s")", samples,
        throughput: [formatFixed(mbps, 2) + " MB/s", formatRate(docsPerSecond, "docs/s")],
        counters: "\(formatCount(reference?.size ?? 0)) bytes, identical every run",
        extra: [
          ("threads", .int(threads)), ("mb_per_s", .number(mbps)),
          ("docs_per_s", .number(docsPerSecond)), ("index_bytes", .int(reference?.size ?? 0)),
          ("index_crc32", .int(Int(reference?.crc ?? 0))),
          ("rss_before_bytes", .int(before)), ("peak_rss_bytes", .int(peak)),
          ("peak_growth_bytes", .int(growth)), ("peak_reset", .bool(resetWorked)),
        ])
      memoryRows.append((threads, before, peak, resetWorked))
    }
    var table = TextTable(
      "Peak resident memory while indexing (VmHWM from /proc/self/status)",
      ["build", "RSS before", "peak RSS", "growth", "growth ÷ input"])
    for (threads, before, peak, reset) in memoryRows {
      let growth = peak - before
      table.add([
        "\(threads) thread\(threads == 1 ? "" : "s")\(reset ? "" : " (peak since start)")",
        formatMB(before), formatMB(peak), formatMB(growth),
        formatFixed(Double(growth) / Double(max(1, corpus.inputBytes)), 2) + "×",
      ])
    }
    table.notes.append(
      "RSS before = the corpus held in memory; the peak is reset (clear_refs) before each build")
    report.add(table)
    return (reference, medians)
  }

  /// Builds and writes the index file with `write(to:)` (atomic: temporary file, fsync, rename).
  func write(path: String, expected: Built?, buildMedian: Double?) throws {
    log("write the index file…")
    var size: Int? = expected?.size
    let samples = try plan.measure { _ -> Int in
      let writer = IndexWriter(threads: options.threads)
      for doc in corpus.documents { writer.add(doc) }
      return try writer.write(to: path)
    } check: { written, run in
      if let size {
        checks.expect(written, equals: size, "write run \(run) file size")
      } else {
        size = written
      }
    }
    let fileSize = (try? FileManager.default.attributesOfItem(atPath: path)[.size] as? Int) ?? 0
    checks.expect(fileSize, equals: size ?? 0, "index file size on disk")
    let mbps = Double(corpus.inputBytes) / samples.median / 1e6
    var ioOnly: String = ""
    var extra: [(String, JSON)] = [
      ("threads", .int(options.threads)), ("mb_per_s", .number(mbps)),
      ("file_bytes", .int(fileSize)), ("path", .string(path)),
    ]
    if let buildMedian {
      let io = samples.median - buildMedian
      ioOnly =
        io > 0 ? "≈ +\(formatDuration(io)) over build" : "≤ build median (noise)"
      extra.append(("write_minus_build_s", .number(io)))
    }
    report.addPhase(
      "write", "build + write file, \(options.threads) threads", samples,
      throughput: [formatFixed(mbps, 2) + " MB/s", ioOnly],
      counters: "\(formatCount(fileSize)) bytes on disk", extra: extra)
  }

  /// Opens the index file many times (mmap, header and footer checks), one open per sample.
  func open(path: String) throws {
    log("open the index file…")
    let openPlan = RunPlan(
      warmup: min(50, options.openRuns), runs: options.openRuns, budget: options.budget)
    let samples = try openPlan.measure { _ -> IndexReader in
      try IndexReader(path: path)
    } check: { reader, run in
      checks.expect(reader.documentCount, equals: corpus.count, "open run \(run) document count")
    }
    report.addPhase(
      "open", "open index file (mmap)", samples,
      spread: "p95 \(formatDuration(samples.percentile(0.95)))",
      throughput: [formatRate(1 / samples.median, "opens/s"), ""],
      counters: "\(formatCount(corpus.count)) docs each open",
      extra: [
        ("median_us", .number(samples.median * 1e6)),
        ("p95_us", .number(samples.percentile(0.95) * 1e6)),
      ])
  }

  /// Index size by section, against the input size.
  func sizes(reader index: IndexReader) throws {
    let input = Double(max(1, corpus.inputBytes))
    let file = index.fileSize
    // The bench builds in memory: one segment (its image is the whole file but for the
    // container's header, manifest and document table, counted as "header + footer").
    let reader = index.segments[0].reader
    var table = TextTable(
      "Index size (\(formatCount(reader.documentCount)) docs, \(formatCount(reader.termCount)) "
        + "terms, \(formatCount(Int(reader.totalTokens))) tokens; input "
        + "\(formatCount(corpus.inputBytes)) bytes)",
      ["section", "bytes", "share of file", "÷ input"])
    func row(_ name: String, _ bytes: Int) -> [String] {
      [
        name, formatCount(bytes), formatFixed(100 * Double(bytes) / Double(max(1, file)), 1) + " %",
        formatFixed(Double(bytes) / input, 3),
      ]
    }
    var sections: [(String, JSON)] = []
    var sectionTotal = 0
    for info in reader.sections {
      table.add(row(info.section.name, info.length))
      sections.append((info.section.name, .int(info.length)))
      sectionTotal += info.length
    }
    table.add(row("header + footer", file - sectionTotal))
    table.add(row("whole file", file))
    let storedText =
      reader.info(.stored).length + reader.info(.storedOffsets).length
    let withoutStored = file - storedText
    table.add(row("file without stored documents and their offsets", withoutStored))

    var characterTerms = 0
    var characterPostings = 0
    var postings = 0
    var positions = 0
    try reader.forEachTerm { (term, info) throws(IndexError) in
      postings += info.postings.count
      positions += info.positions.count
      if term.first == IndexFormat.characterTermMarker {
        characterTerms += 1
        characterPostings += info.postings.count + info.positions.count
      }
    }
    table.add(
      row(
        "  of which: character-term postings (\(formatCount(characterTerms)) terms)",
        characterPostings))
    table.add(
      row("file without stored text and character-term postings", withoutStored - characterPostings)
    )
    table.notes.append(
      "÷ input = bytes per byte of UTF-8 input (titles + texts). Lucene's index in the peer "
        + "comparison stores no text and has no character terms: compare it with the last row.")
    report.add(table)
    report.add(
      "index_size",
      .object([
        ("file_bytes", .int(file)), ("input_bytes", .int(corpus.inputBytes)),
        ("ratio_to_input", .number(Double(file) / input)),
        ("sections", .object(sections)), ("header_footer_bytes", .int(file - sectionTotal)),
        ("without_stored_bytes", .int(withoutStored)),
        ("without_stored_ratio", .number(Double(withoutStored) / input)),
        ("character_terms", .int(characterTerms)),
        ("character_term_postings_bytes", .int(characterPostings)),
        ("without_stored_and_character_terms_bytes", .int(withoutStored - characterPostings)),
        ("documents", .int(reader.documentCount)), ("terms", .int(reader.termCount)),
        ("total_tokens", .int(Int(reader.totalTokens))),
      ]))
  }
}
