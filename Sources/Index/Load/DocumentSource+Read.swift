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
  /// blocks); a gzip stream on standard input is decompressed. A block's lines are parsed on
  /// `options.threads` threads at once, then handed over in order.
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
      let outcomes = DocumentSource.parse(carry, lineEnds: ends, threads: options.threads)
      for outcome in outcomes {
        lineNumber += 1
        if let document = take(outcome, file.path, lineNumber) {
          try body(document, file, bytesRead)
        }
      }
      carry.removeSubrange(0...last)
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

  /// The outcomes of the lines of `bytes` that end (before their newline) at `lineEnds`, in
  /// order; with several threads, each parses a contiguous share of the lines.
  private static func parse(_ bytes: [UInt8], lineEnds: [Int], threads: Int)
    -> [JSONLine.Outcome]
  {
    // Below this, a block's lines take less time than handing them to another thread.
    let parallel = threads > 1 && lineEnds.count >= 2 && bytes.count >= 1 << 16
    guard parallel else {
      var starts = 0
      return lineEnds.map { end in
        defer { starts = end + 1 }
        return JSONLine.parse(bytes[starts..<end])
      }
    }
    let parts = min(threads, lineEnds.count)
    let slots = OutcomeSlots(count: lineEnds.count)
    defer { slots.release() }
    DispatchQueue.concurrentPerform(iterations: parts) { t in
      let first = t * lineEnds.count / parts
      let end = (t + 1) * lineEnds.count / parts
      var lineStart = first == 0 ? 0 : lineEnds[first - 1] + 1
      for i in first..<end {
        slots.values[i] = JSONLine.parse(bytes[lineStart..<lineEnds[i]])
        lineStart = lineEnds[i] + 1
      }
    }
    return slots.values.map { $0! }
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

/// One outcome a line of a block, each written by the one thread that parses the line.
private struct OutcomeSlots: @unchecked Sendable {
  let values: UnsafeMutableBufferPointer<JSONLine.Outcome?>

  init(count: Int) {
    values = .allocate(capacity: count)
    values.initialize(repeating: nil)
  }

  func release() {
    values.deinitialize()
    values.deallocate()
  }
}
