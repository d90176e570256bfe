import Foundation
import Index

extension Command {
  /// Throws when `path` holds something other than an index (`-o notes.txt`): writing would
  /// replace it. A missing or empty file, or an index of any version, may be replaced.
  static func refuseToReplaceOtherFiles(_ path: String) throws {
    var isDirectory: ObjCBool = false
    guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else { return }
    if isDirectory.boolValue {
      throw ToolError("\(path) is a folder; give -o the path of the index file to write")
    }
    guard let handle = FileHandle(forReadingAtPath: path) else {
      throw ToolError("\(path): cannot read the existing file, so it is left alone")
    }
    defer { try? handle.close() }
    let head = (try? handle.read(upToCount: 4)) ?? Data()
    let magic = head.count == 4 ? head.withUnsafeBytes { $0.loadUnaligned(as: UInt32.self) } : 0
    guard head.isEmpty || UInt32(littleEndian: magic) == IndexFormat.magic else {
      throw ToolError(
        "\(path) exists and is not an index; writing the index would replace it "
          + "(remove it or choose another -o)")
    }
  }

  /// `search index PATH... [-o FILE] [--update] [--threads N]`
  static func runIndex<O: TextOutputStream, E: TextOutputStream>(
    _ args: inout Arguments, output: inout O, errors: inout E, environment: Environment
  ) throws -> Int32 {
    let outputPath = try args.value("-o", "--output") ?? defaultIndexPath
    let update = args.flag("--update")
    let threads =
      try args.number("--threads", in: 1...256)
      ?? min(2, ProcessInfo.processInfo.activeProcessorCount)
    let paths = try args.positionals()
    guard !paths.isEmpty else { throw UsageError("index needs at least one file or folder") }

    try refuseToReplaceOtherFiles(outputPath)
    let started = ContinuousClock.now
    let progress = Progress(enabled: environment.errorIsTerminal)
    var source = DocumentSource()
    for path in paths {
      try source.add(path: path)
      progress.report(&errors, "read \(Format.count(source.documents.count, "document"))")
    }
    for warning in source.warnings { errors.write("search: warning: \(warning)\n") }

    let writer: IndexWriter
    if update, FileManager.default.fileExists(atPath: outputPath) {
      writer = try IndexWriter(updating: try openIndex(outputPath), threads: threads)
    } else {
      writer = IndexWriter(threads: threads)
    }
    var replaced: [String] = []
    for doc in source.documents where writer.add(doc) { replaced.append(doc.id) }
    if !replaced.isEmpty {
      let shown = replaced.prefix(5).joined(separator: ", ")
      let more = replaced.count > 5 ? ", …" : ""
      let what =
        update
        ? Format.count(replaced.count, "existing or duplicate id") + " replaced"
        : Format.count(replaced.count, "duplicate id") + " (the last one wins)"
      errors.write("search: note: \(what): \(shown)\(more)\n")
    }
    guard writer.documentCount > 0 else {
      throw ToolError(
        "nothing to index: no readable .txt, .md or .jsonl documents in \(paths.joined(separator: " "))"
      )
    }
    progress.report(&errors, "indexing \(Format.count(writer.documentCount, "document"))")
    let size = try writer.write(to: outputPath)
    progress.finish(&errors)
    let reader = try IndexReader(path: outputPath)
    let seconds = Format.seconds(ContinuousClock.now - started)
    output.write(
      "indexed \(Format.count(reader.documentCount, "document")) (\(Format.bytes(source.bytesRead)) read) into \(outputPath): "
        + "\(Format.count(reader.termCount, "term")), \(Format.bytes(size)), \(String(format: "%.2f", seconds)) s\n"
    )
    return 0
  }

  /// `search delete [-i FILE] ID...`
  static func runDelete<O: TextOutputStream, E: TextOutputStream>(
    _ args: inout Arguments, output: inout O, errors: inout E
  ) throws -> Int32 {
    let path = try args.value("-i", "--index") ?? defaultIndexPath
    let ids = try args.positionals()
    guard !ids.isEmpty else { throw UsageError("delete needs at least one document id") }
    let writer = try IndexWriter(updating: try openIndex(path))
    var missing: [String] = []
    for id in ids where !writer.delete(id: id) { missing.append(id) }
    for id in missing { errors.write("search: warning: no document with id '\(id)'\n") }
    try writer.write(to: path)
    let remain = writer.documentCount == 1 ? "remains" : "remain"
    output.write(
      "deleted \(Format.count(ids.count - missing.count, "document")); "
        + "\(writer.documentCount) \(remain)\n")
    return missing.isEmpty ? 0 : 1
  }
}

/// A one-line progress report on standard error, only when it is a terminal and only after
/// the work has taken more than a moment.
final class Progress {
  let enabled: Bool
  let started = ContinuousClock.now
  private var shown = false

  init(enabled: Bool) { self.enabled = enabled }

  func report<E: TextOutputStream>(_ errors: inout E, _ message: String) {
    guard enabled, ContinuousClock.now - started > .milliseconds(500) else { return }
    errors.write("\r\u{1B}[K\(message)…")
    shown = true
  }

  func finish<E: TextOutputStream>(_ errors: inout E) {
    if shown { errors.write("\r\u{1B}[K") }
  }
}
