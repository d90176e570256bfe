import Foundation
import Index

/// Reads documents from files and folders: `.txt`/`.md` files are one document each, `.jsonl`
/// files one document per line. Problems are reported as warnings and the rest goes on.
///
/// Two steps, so that memory does not grow with the input: `add(path:)` lists the files
/// (their sizes and stamps, from `stat` alone), then `read` reads them one at a time and hands
/// each document over; a `.jsonl` file is read in blocks, a line at a time.
///
/// Decisions: a file with invalid UTF-8 is skipped with a warning that names the byte offset
/// (decoding with replacement would index garbage silently); a file containing a NUL byte is
/// taken as binary and skipped; empty files are skipped; a malformed JSON line is reported
/// with its file and line number.
struct DocumentSource {
  /// One file to read.
  struct File {
    var path: String
    /// The document id of a `.txt`/`.md` file (its path below the folder given).
    var id: String
    var stamp: DocumentTable.Stamp
    var size: Int
    var isLines: Bool
  }

  var warnings: [String] = []
  private(set) var files: [File] = []
  /// The bytes of the files listed, and of those read so far.
  private(set) var totalBytes = 0
  private(set) var bytesRead = 0
  private(set) var filesRead = 0

  mutating func add(path: String) throws {
    var isDirectory: ObjCBool = false
    guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else {
      throw ToolError("\(path): no such file or folder")
    }
    if isDirectory.boolValue {
      let base = path.hasSuffix("/") ? String(path.dropLast()) : path
      guard (try? FileManager.default.contentsOfDirectory(atPath: base)) != nil else {
        throw ToolError("\(path): cannot read the folder")
      }
      var found: [String] = []
      walk(base, relative: "", into: &found)
      for relative in found.sorted() {
        list(base + "/" + relative, id: relative)
      }
    } else {
      guard DocumentSource.isIndexable(path) else {
        warnings.append("\(path): skipped (only .txt, .md and .jsonl files are indexed)")
        return
      }
      list(path, id: (path as NSString).lastPathComponent)
    }
  }

  private mutating func list(_ path: String, id: String) {
    guard let stamp = SystemCalls.fileStamp(path) else {
      warnings.append("\(path): skipped (cannot read the file)")
      return
    }
    // A file modified in the last 2 seconds may change again within the file system's time
    // granularity without its time changing (git's "racy" files): its stamp is not trusted.
    let racy = SystemCalls.now - stamp.modified < 2_000_000_000
    files.append(
      File(
        path: path, id: id,
        stamp: racy
          ? .unknown
          : DocumentTable.Stamp(size: stamp.size, modified: stamp.modified, file: stamp.file),
        size: Int(stamp.size), isLines: path.lowercased().hasSuffix(".jsonl")))
    totalBytes += Int(stamp.size)
  }

  /// Reads every listed file in order but those `skip` says to leave unread (counted as
  /// read), handing each document, its file's stamp and the bytes read so far to `body`.
  mutating func read(
    skipping skip: (File) -> Bool, _ body: (Document, DocumentTable.Stamp, Int) throws -> Void
  ) throws {
    for file in files {
      if skip(file) {
        bytesRead += file.size
        continue
      }
      if file.isLines {
        try readLines(file, body)
      } else if let document = readWhole(file) {
        try body(document, file.stamp, bytesRead)
      }
    }
  }

  /// Collects the indexable files below `folder` (paths relative to the walk's root), with a
  /// warning for every folder that cannot be read; symbolic links to folders are not followed.
  private mutating func walk(_ folder: String, relative: String, into files: inout [String]) {
    let entries: [String]
    do {
      entries = try FileManager.default.contentsOfDirectory(atPath: folder)
    } catch {
      warnings.append("\(folder): skipped (cannot read the folder)")
      return
    }
    for name in entries.sorted() {
      let path = folder + "/" + name
      let item = relative.isEmpty ? name : relative + "/" + name
      let type =
        (try? FileManager.default.attributesOfItem(atPath: path))?[.type] as? FileAttributeType
      if type == .typeDirectory {
        walk(path, relative: item, into: &files)
      } else if DocumentSource.isIndexable(item) {
        files.append(item)
      }
    }
  }

  static func isIndexable(_ path: String) -> Bool {
    let lower = path.lowercased()
    return lower.hasSuffix(".txt") || lower.hasSuffix(".md") || lower.hasSuffix(".jsonl")
  }

  /// A `.txt`/`.md` file as one document, or nil (with a warning) when it cannot be.
  private mutating func readWhole(_ file: File) -> Document? {
    let path = file.path
    guard let data = FileManager.default.contents(atPath: path) else {
      warnings.append("\(path): skipped (cannot read the file)")
      return nil
    }
    filesRead += 1
    bytesRead += data.count
    if data.isEmpty {
      warnings.append("\(path): skipped (empty file)")
      return nil
    }
    let bytes = [UInt8](data)
    if let nul = bytes.firstIndex(of: 0) {
      warnings.append("\(path): skipped (binary file: NUL byte at offset \(nul))")
      return nil
    }
    guard let text = DocumentSource.decode(bytes) else {
      let offset = DocumentSource.firstInvalidUTF8(bytes) ?? 0
      warnings.append("\(path): skipped (invalid UTF-8 at byte \(offset))")
      return nil
    }
    return Document(id: file.id, text: text)
  }

  /// A `.jsonl` file, read in blocks of 4 MiB and split into lines (a line may span blocks).
  private mutating func readLines(
    _ file: File, _ body: (Document, DocumentTable.Stamp, Int) throws -> Void
  ) throws {
    guard let handle = FileHandle(forReadingAtPath: file.path) else {
      warnings.append("\(file.path): skipped (cannot read the file)")
      return
    }
    defer { try? handle.close() }
    filesRead += 1
    var carry: [UInt8] = []
    var lineNumber = 0
    var sawBytes = false
    while true {
      let block = (try? handle.read(upToCount: 4 << 20)) ?? Data()
      let atEnd = block.isEmpty
      bytesRead += block.count
      sawBytes = sawBytes || !block.isEmpty
      // Only the new bytes are searched for line ends: a long line costs one pass.
      var scanned = carry.count
      carry.append(contentsOf: block)
      var start = 0
      while let newline = carry[scanned...].firstIndex(of: 0x0A) {
        lineNumber += 1
        if let document = parseLine(carry[start..<newline], path: file.path, line: lineNumber) {
          try body(document, file.stamp, bytesRead)
        }
        start = newline + 1
        scanned = start
      }
      carry.removeSubrange(0..<start)
      if atEnd { break }
    }
    if !carry.isEmpty {
      lineNumber += 1
      if let document = parseLine(carry[...], path: file.path, line: lineNumber) {
        try body(document, file.stamp, bytesRead)
      }
    }
    if !sawBytes { warnings.append("\(file.path): skipped (empty file)") }
  }

  /// One JSON line as a document, or nil (with a warning; nothing for a blank line).
  private mutating func parseLine(_ line: ArraySlice<UInt8>, path: String, line lineNumber: Int)
    -> Document?
  {
    if line.allSatisfy({ $0 == 0x20 || $0 == 0x09 || $0 == 0x0D }) { return nil }
    guard let object = try? JSONSerialization.jsonObject(with: Data(line)) as? [String: Any]
    else {
      warnings.append("\(path):\(lineNumber): skipped (not a JSON object)")
      return nil
    }
    guard let text = object["text"] as? String else {
      warnings.append("\(path):\(lineNumber): skipped (no \"text\" string)")
      return nil
    }
    let id: String
    if let s = object["id"] as? String {
      id = s
    } else if let n = object["id"] as? NSNumber {
      id = n.stringValue
    } else {
      warnings.append("\(path):\(lineNumber): skipped (no \"id\")")
      return nil
    }
    return Document(id: id, title: object["title"] as? String, text: text)
  }

  /// The text of `bytes` if they are valid UTF-8 (a leading byte-order mark is dropped).
  static func decode(_ bytes: [UInt8]) -> String? {
    var slice = bytes[...]
    if slice.starts(with: [0xEF, 0xBB, 0xBF]) { slice = slice.dropFirst(3) }
    return String(validating: slice, as: UTF8.self)
  }

  /// The offset of the first byte that is not part of a valid UTF-8 sequence.
  static func firstInvalidUTF8(_ bytes: [UInt8]) -> Int? {
    var decoder = UTF8()
    var iterator = bytes.makeIterator()
    var offset = 0
    while true {
      switch decoder.decode(&iterator) {
      case .scalarValue(let scalar):
        offset += UTF8.width(scalar)
      case .emptyInput:
        return nil
      case .error:
        return offset
      }
    }
  }
}
