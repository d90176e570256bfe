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
      var scanned = carry.count
      carry.append(contentsOf: block)
      var lineStart = 0
      while let newline = carry[scanned...].firstIndex(of: 0x0A) {
        lineNumber += 1
        if let document = parseLine(carry[lineStart..<newline], file.path, lineNumber) {
          try body(document, file, bytesRead)
        }
        lineStart = newline + 1
        scanned = lineStart
      }
      carry.removeSubrange(0..<lineStart)
    }
    if let failure {
      warnings.append(
        lineNumber == 0 && carry.isEmpty
          ? "\(file.path): skipped (\(failure))"
          : "\(file.path): stopped after line \(lineNumber) (\(failure))")
    } else if !carry.isEmpty {
      lineNumber += 1
      if let document = parseLine(carry[...], file.path, lineNumber) {
        try body(document, file, bytesRead)
      }
    }
    if !sawBytes && failure == nil { warnings.append("\(file.path): skipped (empty file)") }
  }

  /// One JSON line as a document, or nil (with a warning; nothing for a blank line).
  private mutating func parseLine(_ line: ArraySlice<UInt8>, _ path: String, _ number: Int)
    -> Document?
  {
    switch JSONLine.parse(line) {
    case .blank: return nil
    case .document(let document): return document
    case .problem(let problem):
      warnings.append("\(path):\(number): skipped (\(problem))")
      return nil
    }
  }
}
