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

  /// `search index PATH... [-o FILE] [--update] [--threads N] [--memory MB]`, and
  /// `search sync PATH... [-o FILE] ...`, which also removes documents whose files are gone.
  static func runIndex<O: TextOutputStream, E: TextOutputStream>(
    _ args: inout Arguments, output: inout O, errors: inout E, environment: Environment,
    sync: Bool = false
  ) throws -> Int32 {
    let outputPath = try args.value("-o", "--output", "-i", "--index") ?? defaultIndexPath
    let update = args.flag("--update") || sync
    let threads =
      try args.number("--threads", in: 1...256)
      ?? min(2, ProcessInfo.processInfo.activeProcessorCount)
    let memory =
      try args.number("--memory", in: 16...1_048_576) ?? (IndexWriter.defaultMemoryBudget >> 20)
    var options = try sourceOptions(&args)
    options.threads = threads
    let verbose = args.flag("--verbose", "-v")
    let noFold = args.flag("--no-fold")
    let paths = try args.positionals()
    guard !paths.isEmpty else {
      throw UsageError("\(sync ? "sync" : "index") needs at least one file or folder")
    }

    try refuseToReplaceOtherFiles(outputPath)
    let started = ContinuousClock.now
    var source = DocumentSource(options: options, standardInput: environment.readStandardInput)
    do { try source.add(paths) } catch { throw ToolError(error.description) }
    let writer = try IndexWriter(
      path: outputPath, replacing: !update, threads: threads, memoryBudget: memory << 20,
      waiting: { errors.write("search: waiting for another writer of \(outputPath) to finish…\n") },
      foldsToSimplified: !noFold)
    if update && writer.foldsToSimplified == noFold {
      // An index keeps the folding it was built with: its terms are already one way.
      let kept = writer.foldsToSimplified ? "folds" : "does not fold"
      errors.write(
        "search: warning: \(outputPath) \(kept) Traditional to Simplified characters, as it was built; "
          + "--no-fold applies to a new index\n")
    }
    let progress = Progress(enabled: environment.errorIsTerminal, totalBytes: source.totalBytes)
    var counts = SyncCounts()
    source.read(
      skipping: { file in
        // A file whose size and modification time are those it was indexed with.
        guard update, file.kind == .text, file.stamp != nil,
          writer.stamp(ofID: file.id) == file.tableStamp
        else { return false }
        counts.unchanged += 1
        counts.seen.insert(file.id)
        return true
      },
      { document, file, bytesRead in
        counts.record(document, stamp: file.tableStamp, writer: writer, update: update)
        progress.report(&errors, documents: counts.documents, bytes: bytesRead)
      })
    progress.finish(&errors)
    for warning in source.warnings { errors.write("search: warning: \(warning)\n") }
    InputReport.write(source, verbose: verbose, &errors)
    if sync {
      for (id, _) in try writer.committedDocuments() where !counts.seen.contains(id) {
        if writer.delete(id: id) { counts.removed += 1 }
      }
    }
    counts.reportDuplicates(&errors)
    guard writer.documentCount > 0 else {
      throw ToolError(
        "nothing to index: no readable .txt, .md, .jsonl or .jsonl.gz documents in \(paths.joined(separator: " "))"
      )
    }
    let summary = try writer.commit()
    let seconds = Format.seconds(ContinuousClock.now - started)
    defer { reportMergeFailure(summary, &errors) }
    output.write(
      "indexed \(Format.count(summary.documentCount, "document")) (\(counts.description(update: update, sync: sync)); \(Format.bytes(source.bytesRead)) read) into \(outputPath): "
        + "\(Format.count(summary.segmentCount, "segment")), \(Format.bytes(summary.fileSize)), \(String(format: "%.2f", seconds)) s\n"
    )
    return summary.mergeFailure == nil ? 0 : 1
  }

  /// `--hidden` and `--encoding NAME`: how the document source finds and reads files.
  static func sourceOptions(_ args: inout Arguments) throws -> DocumentSource.Options {
    let hidden = args.flag("--hidden")
    guard let name = try args.value("--encoding") else {
      return DocumentSource.Options(includeHidden: hidden)
    }
    guard let encoding = TextEncoding(name: name) else {
      let names = TextEncoding.allCases.map(\.rawValue).joined(separator: ", ")
      throw UsageError("option --encoding needs one of: \(names)")
    }
    return DocumentSource.Options(includeHidden: hidden, encoding: encoding)
  }

  /// After a commit whose merge failed: the change is in, the damage the merge found is said.
  static func reportMergeFailure<E: TextOutputStream>(
    _ summary: IndexWriter.CommitSummary, _ errors: inout E
  ) {
    guard let failure = summary.mergeFailure else { return }
    errors.write(
      "search: the change is committed, but merging segments failed: \(failure)\n"
        + "search: run 'search check' on the index\n")
  }

  /// `search delete [-i FILE] ID...`
  static func runDelete<O: TextOutputStream, E: TextOutputStream>(
    _ args: inout Arguments, output: inout O, errors: inout E
  ) throws -> Int32 {
    let path = try args.value("-i", "--index") ?? defaultIndexPath
    let ids = try args.positionals()
    guard !ids.isEmpty else { throw UsageError("delete needs at least one document id") }
    _ = try openIndex(path)
    let writer = try IndexWriter(
      path: path,
      waiting: { errors.write("search: waiting for another writer of \(path) to finish…\n") })
    var missing: [String] = []
    for id in ids where !writer.delete(id: id) { missing.append(id) }
    for id in missing { errors.write("search: warning: no document with id '\(id)'\n") }
    let summary = try writer.commit()
    reportMergeFailure(summary, &errors)
    let remain = summary.documentCount == 1 ? "remains" : "remain"
    output.write(
      "deleted \(Format.count(ids.count - missing.count, "document")); "
        + "\(summary.documentCount) \(remain)\n")
    return missing.isEmpty && summary.mergeFailure == nil ? 0 : 1
  }

  /// `search optimize [-i FILE | FILE]`: rewrites the index into a new file of its live
  /// documents (dropping deleted ones and dead bytes).
  static func runOptimize<O: TextOutputStream, E: TextOutputStream>(
    _ args: inout Arguments, output: inout O, errors: inout E
  ) throws -> Int32 {
    let path = try indexPath(&args, command: "optimize")
    let before = try openIndex(path)
    let sizeBefore = before.fileSize
    let writer = try IndexWriter(
      path: path,
      waiting: { errors.write("search: waiting for another writer of \(path) to finish…\n") })
    let summary = try writer.optimize()
    output.write(
      "optimized \(path): \(Format.count(summary.documentCount, "document")) in "
        + "\(Format.count(summary.segmentCount, "segment")), \(Format.bytes(sizeBefore)) → "
        + "\(Format.bytes(summary.fileSize))\n")
    return 0
  }
}

/// What an index or sync run did to each document, for its report.
struct SyncCounts {
  var added = 0
  var replaced = 0
  var unchanged = 0
  var removed = 0
  /// Ids given twice in the input (the last one wins).
  var duplicates: [String] = []
  /// Every id found in the input.
  var seen: Set<String> = []

  var documents: Int { added + replaced + unchanged }

  /// Counts `document` (read with `stamp`) and hands it to `writer`, unless an update finds
  /// it indexed with the same stamp (its file unchanged).
  mutating func record(
    _ document: Document, stamp: DocumentTable.Stamp, writer: IndexWriter, update: Bool
  ) {
    let id = document.id
    guard seen.insert(id).inserted else {
      duplicates.append(id)
      // Unchanged since it was indexed (same file, same stamp): the last one is in already.
      if update, stamp != .unknown, writer.stamp(ofID: id) == stamp { return }
      writer.add(document, stamp: stamp)
      return
    }
    if update, stamp != .unknown, writer.stamp(ofID: id) == stamp {
      unchanged += 1
    } else if writer.add(document, stamp: stamp) {
      replaced += 1
    } else {
      added += 1
    }
  }

  func description(update: Bool, sync: Bool) -> String {
    var parts = ["\(added) added", "\(replaced) replaced"]
    if update { parts.append("\(unchanged) unchanged") }
    if sync { parts.append("\(removed) removed") }
    return parts.joined(separator: ", ")
  }

  func reportDuplicates<E: TextOutputStream>(_ errors: inout E) {
    guard !duplicates.isEmpty else { return }
    let shown = duplicates.prefix(5).joined(separator: ", ")
    let more = duplicates.count > 5 ? ", …" : ""
    errors.write(
      "search: note: \(Format.count(duplicates.count, "duplicate id")) (the last one wins): \(shown)\(more)\n"
    )
  }
}
