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
  /// With several threads a block's lines are parsed while the previous block's documents are
  /// handed over: the other threads start on the new block's lines at once, and this thread
  /// joins them when it has handed the previous block over (each takes small runs of lines in
  /// turn), so that parsing, the bulk of reading, keeps every thread busy. The documents are
  /// handed over in order all the same.
  private mutating func readLines<C: ByteChunks>(
    _ file: File, _ chunks: C, _ body: (Document, File, Int) throws -> Void
  ) rethrows {
    noteRead()
    var chunks = chunks
    let start = bytesRead
    var carry: [UInt8] = []
    var lineNumber = 0
    var sawBytes = false
    var failure: String?
    var ends: [Int] = []
    var previous: ParsedLines? = nil
    let helpers = DispatchGroup()
    defer { helpers.wait() }
    while true {
      let block: UnsafeRawBufferPointer
      do {
        guard let next = try chunks.next() else { break }
        block = next
      } catch {
        failure = "\(error)"
        break
      }
      bytesRead = start + chunks.bytesConsumed
      sawBytes = sawBytes || !block.isEmpty
      // Only the new bytes are searched for line ends: a long line costs one pass.
      let scanned = carry.count
      carry.append(contentsOf: block)
      ends.removeAll(keepingCapacity: true)
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
      for _ in 1..<max(1, options.threads) {
        DispatchQueue.global().async(group: helpers) { lines.parse() }
      }
      if let previous {
        try handOver(previous, file, &lineNumber, body)
      }
      lines.parse()
      helpers.wait()
      previous = lines
    }
    if let previous {
      try handOver(previous, file, &lineNumber, body)
    }
    if let failure {
      warnings.append(
        lineNumber == 0 && carry.isEmpty
          ? "\(file.path): skipped (\(failure))"
          : "\(file.path): stopped after line \(lineNumber) (\(failure))")
    } else if !carry.isEmpty {
      lineNumber += 1
      if let document = take(JSONLine.parse(carry[...]), file.path, lineNumber) {
        try body(document, file, bytesRead)
      }
    }
    if !sawBytes && failure == nil { warnings.append("\(file.path): skipped (empty file)") }
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
