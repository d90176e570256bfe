/// Documents from files, folders, JSON lines (plain or gzip-compressed) and standard input,
/// with every check the `search` tool makes, so that an app indexes what the tool would.
///
/// Two steps, so that memory does not grow with the input: `add(_:)` lists the roots' files
/// (sizes and stamps from `stat` alone), then `read(skipping:_:)` reads them one at a time and
/// hands each document over; JSON lines are read in blocks, a line at a time, and a `.gz` file
/// is decompressed as it is read (`GzipReader`).
///
/// ```swift
/// var source = DocumentSource()
/// try source.add(["docs", "more.jsonl.gz"])
/// try source.read(skipping: { _ in false }) { document, file, _ in writer.add(document) }
/// for warning in source.warnings { print(warning) }
/// ```
///
/// The rules (README, "Input rules"):
/// - `.txt`, `.md`: one document each, decoded as `TextEncoding` says; `.jsonl`, `.jsonl.gz`:
///   one `{"id", "text", "title"?}` object a line; `-`: JSON lines (gzip or not) from standard
///   input. Other extensions are skipped and listed in `skippedForExtension`.
/// - Ids: with one root, a file's id is its path below the folder given (its name, for a file
///   given); with several, the root as given (without a trailing `/` or a leading `./`) joined
///   with that path, so that two folders never collide. JSON lines keep their own ids.
/// - Walks skip names starting with "." unless `Options.includeHidden`; a symbolic link to a
///   folder is followed once (folders are known by device and inode, so no loop); a file
///   already listed through another path (a link) is listed once, by its real path.
/// - Skipped with a warning naming the file (and the offset): unreadable, empty, binary (a NUL
///   byte) and undecodable files, malformed JSON lines (with their line number), damaged gzip.
public struct DocumentSource {
  /// How files are found and read.
  public struct Options: Sendable {
    /// Whether walks include names starting with "." (`.git/`, `.notes.md`).
    public var includeHidden: Bool
    /// The encoding of every `.txt`/`.md` file, instead of detecting it.
    public var encoding: TextEncoding?
    /// The threads that parse the lines of a block of JSON lines together (the documents
    /// are handed over in order all the same); 1 parses on the reading thread alone.
    public var threads: Int

    /// The tool's defaults: hidden names skipped, encodings detected, one thread.
    public init(includeHidden: Bool = false, encoding: TextEncoding? = nil, threads: Int = 1) {
      self.includeHidden = includeHidden
      self.encoding = encoding
      self.threads = max(1, threads)
    }
  }

  /// A file's size, modification time and inode when it was listed: an update skips a file
  /// whose stamp is the one it was indexed with.
  public struct FileStamp: Hashable, Sendable {
    public var size: UInt64
    /// Nanoseconds since 1970.
    public var modified: Int64
    /// The inode: a file replaced by another of the same size and time still differs.
    public var file: UInt64

    /// A stamp as `stat` gives it.
    public init(size: UInt64, modified: Int64, file: UInt64) {
      self.size = size
      self.modified = modified
      self.file = file
    }
  }

  /// One input to read.
  public struct File: Sendable {
    /// A `.txt`/`.md` document, a `.jsonl` file, a `.jsonl.gz` file, or standard input.
    public enum Kind: Sendable { case text, lines, gzipLines, standardInput }
    /// The path as listed (below the root as given), or "-".
    public let path: String
    /// The document id of a `.txt`/`.md` file; the path, for the others.
    public let id: String
    public let kind: Kind
    /// Nil when unknown: standard input, or a file changed less than 2 s before it was
    /// listed (it may change again within the file system's time granularity).
    public let stamp: FileStamp?
    /// The file's size in bytes when listed (compressed, for `.gz`; 0 for standard input).
    public let size: Int
  }

  /// How files are found and read.
  public let options: Options
  /// The files listed, in the order they are read.
  public internal(set) var files: [File] = []
  /// What was skipped, and why, one message each ("PATH: skipped (empty file)").
  public internal(set) var warnings: [String] = []
  /// Files found in folders but skipped for their extension.
  public internal(set) var skippedForExtension: [String] = []
  /// Paths not listed because the file they lead to was listed already (links).
  public internal(set) var listedTwice: [String] = []
  /// The files read in an encoding other than UTF-8, with it.
  public internal(set) var decodedAs: [(path: String, encoding: TextEncoding)] = []
  /// The bytes of the files listed (compressed, for `.gz`).
  public internal(set) var totalBytes = 0
  /// The bytes read so far (a file left unread by `read(skipping:_:)` counts as read).
  public internal(set) var bytesRead = 0
  /// The files opened and read so far (not those skipped).
  public internal(set) var filesRead = 0

  /// Reads standard input (`-`): bytes into the buffer, 0 at the end.
  let standardInput: (UnsafeMutableRawBufferPointer) -> Int
  /// Every folder walked, by device and inode.
  var visitedFolders: Set<FileID> = []

  /// A file or folder across links.
  struct FileID: Hashable {
    var device: UInt64
    var file: UInt64
  }

  /// A source reading `-` from `standardInput` (by default, file descriptor 0).
  public init(
    options: Options = Options(),
    standardInput: ((UnsafeMutableRawBufferPointer) -> Int)? = nil
  ) {
    self.options = options
    self.standardInput =
      standardInput ?? { buffer in
        SystemCalls.readBytes(0, into: buffer.baseAddress!, count: buffer.count)
      }
  }

  /// The extensions read: `.txt`, `.md`, `.jsonl`, `.jsonl.gz` (in any case).
  public static func kind(of path: String) -> File.Kind? {
    let lower = path.lowercased()
    if lower.hasSuffix(".txt") || lower.hasSuffix(".md") { return .text }
    if lower.hasSuffix(".jsonl") { return .lines }
    if lower.hasSuffix(".jsonl.gz") { return .gzipLines }
    return nil
  }

  /// Lists the files of `roots` (files, folders, or `-` for standard input); throws when a
  /// root does not exist or a folder cannot be read. Call once with every root: the id rule
  /// depends on how many there are.
  public mutating func add(_ roots: [String]) throws(SourceError) {
    let several = roots.filter { $0 != "-" }.count > 1
    var found: [[Found]] = []
    var walks: [Walk] = []
    for root in roots {
      if root == "-" {
        guard !found.contains(where: { $0.first?.isStandardInput == true }) else {
          throw SourceError("standard input (-) is given twice")
        }
        let none = SystemCalls.FileStatus(kind: .other, device: 0, file: 0, size: 0, modified: 0)
        found.append([Found(path: "-", id: "-", status: none, isLink: false, isStandardInput: true)]
        )
        continue
      }
      guard let status = SystemCalls.fileStatus(root, followingLinks: true) else {
        throw SourceError("\(root): no such file or folder")
      }
      let prefix = several ? DocumentSource.idPrefix(root) : nil
      if status.kind == .folder {
        var walk = Walk(root: root, prefix: prefix, slot: found.count)
        try walkFolders(&walk, status: status)
        walks.append(walk)
        found.append([])
      } else if DocumentSource.kind(of: root) == nil {
        warnings.append(
          "\(root): skipped (only .txt, .md, .jsonl and .jsonl.gz files are indexed)")
      } else {
        let id = prefix ?? root.split(separator: "/").last.map(String.init) ?? root
        found.append([Found(path: root, id: id, status: status, isLink: false)])
      }
    }
    // Links to folders last, so that a folder reached both ways (or given) is listed under
    // its real path.
    for var walk in walks {
      followLinks(&walk)
      found[walk.slot] = walk.sortedFiles()
    }
    for item in deduplicated(found.flatMap { $0 }) { list(item) }
  }

  /// The id prefix of a root among several: the path as given, without a trailing `/` or a
  /// leading `./`.
  static func idPrefix(_ root: String) -> String {
    var path = Substring(root)
    while path.count > 1 && path.hasSuffix("/") { path = path.dropLast() }
    return String(path)
  }

  /// `prefix` joined with `relative`, without a leading `./` (`.` and `docs` give `a.txt`
  /// and `docs/a.txt`).
  static func joinedID(_ prefix: String, _ relative: String) -> String {
    var id = prefix == "/" ? "/" + relative : prefix + "/" + relative
    while id.hasPrefix("./") { id.removeFirst(2) }
    return id
  }

  /// A file found, before duplicates (the same device and inode) are dropped.
  struct Found {
    var path: String
    var id: String
    var status: SystemCalls.FileStatus
    var isLink: Bool
    var isStandardInput = false
  }

  /// `found` without the files already listed: of the paths to one file, a real one (not a
  /// link) is kept, else the first.
  private mutating func deduplicated(_ found: [Found]) -> [Found] {
    var keep: [FileID: Int] = [:]
    for (i, item) in found.enumerated() where !item.isStandardInput {
      let key = FileID(device: item.status.device, file: item.status.file)
      if let kept = keep[key] {
        if found[kept].isLink && !item.isLink { keep[key] = i }
      } else {
        keep[key] = i
      }
    }
    let kept = Set(keep.values)
    var result: [Found] = []
    for (i, item) in found.enumerated() {
      if kept.contains(i) || item.isStandardInput {
        result.append(item)
      } else {
        listedTwice.append(item.path)
      }
    }
    return result
  }

  private mutating func list(_ item: Found) {
    if item.isStandardInput {
      files.append(File(path: "-", id: "-", kind: .standardInput, stamp: nil, size: 0))
      return
    }
    let status = item.status
    // A file modified in the last 2 seconds may change again within the file system's time
    // granularity without its time changing (git's "racy" files): its stamp is not trusted.
    let racy = SystemCalls.now - status.modified < 2_000_000_000
    files.append(
      File(
        path: item.path, id: item.id, kind: DocumentSource.kind(of: item.path) ?? .text,
        stamp: racy
          ? nil : FileStamp(size: status.size, modified: status.modified, file: status.file),
        size: Int(status.size)))
    totalBytes += Int(status.size)
  }

  /// Notes the file at `path` as read in `encoding` (when it is not UTF-8).
  mutating func noteEncoding(_ path: String, _ encoding: TextEncoding) {
    if encoding != .utf8 { decodedAs.append((path, encoding)) }
  }

  mutating func noteRead() { filesRead += 1 }
}

/// Why a document source cannot list its roots: the exact message.
public struct SourceError: Error, Equatable, CustomStringConvertible {
  public let description: String
  init(_ description: String) { self.description = description }
}

extension DocumentSource.File {
  /// The stamp as the index's document table keeps it (`.unknown` for nil).
  package var tableStamp: DocumentTable.Stamp {
    guard let stamp else { return .unknown }
    return DocumentTable.Stamp(size: stamp.size, modified: stamp.modified, file: stamp.file)
  }
}
