import Dispatch

/// Reading the files listed: whole text files, and JSON lines from files, gzip files and
/// standard input.
extension DocumentSource {
  /// Reads every listed file in order but those `skip` says to leave unread (counted as
  /// read), handing each document, its file and the bytes read so far to `body`. A file that
  /// fails part-way (a damaged `.gz`) gets a warning; its documents before that are handed
  /// over. Only `body`'s errors are thrown.
  public mutating func read(
    skipping skip: (File) -> Bool, _ body: (Document, File, _ bytesRead: Int) throws -> Void
  ) rethrows {
    for file in files {
      if skip(file) {
        bytesRead += file.size
        continue
      }
      switch file.kind {
      case .text:
        if let document = readWhole(file) { try body(document, file, bytesRead) }
      case .lines:
        guard let chunks = FileChunks(path: file.path) else {
          warnings.append("\(file.path): skipped (cannot read the file)")
          continue
        }
        try readLines(file, chunks, body)
      case .gzipLines:
        guard let gzip = try? GzipReader(path: file.path) else {
          warnings.append("\(file.path): skipped (cannot read the file)")
          continue
        }
        try readLines(file, gzip, body)
      case .standardInput:
        try readLines(file, StandardInputChunks(standardInput), body)
      }
    }
  }

  /// A `.txt`/`.md` file as one document, or nil (with a warning) when it cannot be.
  private mutating func readWhole(_ file: File) -> Document? {
    let path = file.path
    guard let chunks = FileChunks(path: path) else {
      warnings.append("\(path): skipped (cannot read the file)")
      return nil
    }
    var bytes: [UInt8] = []
    bytes.reserveCapacity(file.size)
    do {
      while let chunk = try chunks.next() { bytes.append(contentsOf: chunk) }
    } catch {
      warnings.append("\(path): skipped (cannot read the file)")
      return nil
    }
    noteRead()
    bytesRead += bytes.count
    if bytes.isEmpty {
      warnings.append("\(path): skipped (empty file)")
      return nil
    }
    switch TextDecoder.decode(bytes, forced: options.encoding) {
    case .text(let text, let encoding):
      noteEncoding(path, encoding)
      return Document(id: file.id, text: text)
    case .binary(let offset):
      warnings.append("\(path): skipped (binary file: NUL byte at offset \(offset))")
    case .invalid(nil, let offset):
      warnings.append(
        "\(path): skipped (invalid UTF-8 at byte \(offset), and not GB18030; "
          + "--encoding names another encoding)")
    case .invalid(.some(let encoding), let offset):
      warnings.append("\(path): skipped (invalid \(encoding.displayName) at byte \(offset))")
    }
    return nil
  }

  /// The JSON lines of `chunks`, read in blocks and split into lines (a line may span
  /// blocks); a gzip stream on standard input is decompressed.
  ///
  /// With several threads, three blocks are in hand at once: while the other threads parse
  /// block k, this thread reads block k + 1 and hands block k − 1's documents over, then joins
  /// the parsing of block k (each thread takes small runs of lines in turn). Parsing, the bulk
  /// of reading, keeps every thread busy, and the reading thread's own work (the read, the
  /// search for line ends, the hand-over) is done beside it. The documents are handed over in
  /// order all the same.
  private mutating func readLines<C: ByteChunks>(
    _ file: File, _ chunks: C, _ body: (Document, File, Int) throws -> Void
  ) rethrows {
    noteRead()
    var blocks = LineBlocks(chunks, start: bytesRead)
    var lineNumber = 0
    let helpers = DispatchGroup()
    defer { helpers.wait() }
    var parsing: ParsedLines? = nil  // being parsed by the helpers
    var parsed: ParsedLines? = nil  // to hand over
    repeat {
      let next = blocks.next()
      bytesRead = blocks.bytesRead
      if let parsed { try handOver(parsed, file, &lineNumber, body) }
      parsed = nil
      if let parsing {
        parsing.parse()
        helpers.wait()
        parsed = parsing
      }
      parsing = next
      if let next {
        for _ in 1..<max(1, options.threads) {
          DispatchQueue.global().async(group: helpers) { next.parse() }
        }
      }
    } while parsing != nil || parsed != nil
    if let failure = blocks.failure {
      warnings.append(
        lineNumber == 0 && blocks.carry.isEmpty
          ? "\(file.path): skipped (\(failure))"
          : "\(file.path): stopped after line \(lineNumber) (\(failure))")
    } else if !blocks.carry.isEmpty {
      lineNumber += 1
      if let document = take(JSONLine.parse(blocks.carry[...]), file.path, lineNumber) {
        try body(document, file, bytesRead)
      }
    }
    if !blocks.sawBytes && blocks.failure == nil {
      warnings.append("\(file.path): skipped (empty file)")
    }
  }

  /// Hands the documents of a parsed block to `body`, in order (warnings for the lines that
  /// are not documents).
  private mutating func handOver(
    _ lines: ParsedLines, _ file: File, _ lineNumber: inout Int,
    _ body: (Document, File, Int) throws -> Void
  ) rethrows {
    for i in 0..<lines.count {
      lineNumber += 1
      if let document = take(lines.outcome(i), file.path, lineNumber) {
        try body(document, file, lines.bytesRead)
      }
    }
  }

  /// A line's outcome as a document, or nil (with a warning; nothing for a blank line).
  private mutating func take(_ outcome: JSONLine.Outcome, _ path: String, _ number: Int)
    -> Document?
  {
    switch outcome {
    case .blank: return nil
    case .document(let document): return document
    case .problem(let problem):
      warnings.append("\(path):\(number): skipped (\(problem))")
      return nil
    }
  }
}

/// A stream of bytes cut into blocks of whole lines: each block is what the chunks read
/// since the last one, with the line that the previous block left unfinished in front, up to
/// its last line end.
private struct LineBlocks<Chunks: ByteChunks> {
  private var chunks: Chunks
  private let start: Int
  /// The bytes after the last line end so far (at the end: the last line, unterminated).
  private(set) var carry: [UInt8] = []
  /// The input's bytes read so far, counted from before the stream (`start`).
  private(set) var bytesRead: Int
  private(set) var sawBytes = false
  /// Why reading stopped early, if it did.
  private(set) var failure: String?

  init(_ chunks: Chunks, start: Int) {
    self.chunks = chunks
    self.start = start
    bytesRead = start
  }

  /// The next block holding at least one line end, or nil at the end of the stream or once
  /// reading has failed.
  mutating func next() -> ParsedLines? {
    while failure == nil {
      let block: UnsafeRawBufferPointer
      do {
        guard let next = try chunks.next() else { return nil }
        block = next
      } catch {
        failure = "\(error)"
        return nil
      }
      bytesRead = start + chunks.bytesConsumed
      sawBytes = sawBytes || !block.isEmpty
      // Only the new bytes are searched for line ends: a long line costs one pass.
      let scanned = carry.count
      carry.append(contentsOf: block)
      var ends: [Int] = []
      carry.withUnsafeBytes { bytes in
        var from = scanned
        while from < bytes.count,
          let found = SystemCalls.findByte(
            0x0A, in: bytes.baseAddress! + from, count: bytes.count - from)
        {
          let newline = found - UnsafeRawPointer(bytes.baseAddress!)
          ends.append(newline)
          from = newline + 1
        }
      }
      guard let last = ends.last else { continue }
      // The block's bytes go to the parsers whole; only the unfinished line is carried on.
      let lines = ParsedLines(carry, lineEnds: ends, bytesRead: bytesRead)
      carry = Array(carry[(last + 1)...])
      return lines
    }
    return nil
  }
}

/// A block's lines (its bytes: complete lines, then perhaps the start of one that the next
/// block finishes) and their outcomes, parsed by whichever threads take them: runs
/// of `runLength` lines are claimed in turn, and each outcome is written by the one thread
/// that parses its line.
private final class ParsedLines: @unchecked Sendable {
  /// Lines a claim: enough to make claiming cheap beside parsing, few enough to share a block.
  static let runLength = 16

  let bytes: [UInt8]
  let lineEnds: [Int]
  /// The input's bytes read when the block was (what the documents are reported with).
  let bytesRead: Int
  private let outcomes: UnsafeMutableBufferPointer<JSONLine.Outcome?>
  private let runs = WorkItemCounter()

  init(_ bytes: [UInt8], lineEnds: [Int], bytesRead: Int) {
    self.bytes = bytes
    self.lineEnds = lineEnds
    self.bytesRead = bytesRead
    outcomes = .allocate(capacity: lineEnds.count)
    outcomes.initialize(repeating: nil)
  }

  deinit {
    outcomes.deinitialize()
    outcomes.deallocate()
  }

  var count: Int { lineEnds.count }

  /// Parses runs of lines until none is left unclaimed.
  func parse() {
    let runCount = (lineEnds.count + Self.runLength - 1) / Self.runLength
    while let r = runs.take(below: runCount) {
      let first = r * Self.runLength
      var lineStart = first == 0 ? 0 : lineEnds[first - 1] + 1
      for i in first..<min(lineEnds.count, first + Self.runLength) {
        outcomes[i] = JSONLine.parse(bytes[lineStart..<lineEnds[i]])
        lineStart = lineEnds[i] + 1
      }
    }
  }

  /// Line `i`'s outcome (once every run is parsed).
  func outcome(_ i: Int) -> JSONLine.Outcome {
    guard let outcome = outcomes[i] else {
      preconditionFailure("ParsedLines: line \(i) not parsed")
    }
    return outcome
  }
}
