/// A writer's hold on one index file: its lock, the commit it builds on, the segments the
/// next commit will list, and the file being appended to (or the temporary file that will
/// replace the index).
///
/// Changes cost in proportion to what changes: an added document is flushed into a new
/// segment appended at the end; a deleted one is found by id through its segment's document
/// table (a binary search) and recorded in a deletion record for that segment alone. Nothing
/// committed is rewritten, except by a merge (`WriteSession+Merge`).
final class WriteSession {
  /// The index's path.
  let path: String
  private let lock: IndexLock
  /// The commit the session builds on, re-read after every commit (nil: a new index).
  private(set) var base: IndexReader?
  /// Whether the next commit writes a new file renamed over the index (a new index, one
  /// that replaces the old, or an old-version file upgraded) rather than appending.
  private(set) var replacing: Bool
  /// The file written; opened at the first write.
  private var file: IndexFileWriter?
  /// The segments the next commit lists, in document order: the base's, then new ones.
  var entries: [Manifest.Segment] = []
  /// The base segments' document tables, read when first needed.
  private var tables: [Int: DocumentTable] = [:]
  /// Documents deleted since the last commit, by entry.
  var deletedNow: [Int: [UInt32]] = [:]
  /// The ids of documents flushed into new segments since the last commit.
  var newIDs: [String: (entry: Int, local: Int)] = [:]
  /// Whether anything changed since the last commit.
  var changed = false

  /// Takes the lock of the index at `path` and reads its last commit; with `replacing`, or
  /// when there is no file, starts from an empty index.
  init(path: String, replacing: Bool, wait: Bool, waiting: () -> Void) throws(IndexError) {
    self.path = path
    lock = try IndexLock.acquire(for: path, wait: wait, waiting: waiting)
    AtomicFile.removeStaleTemporaries(of: path, in: AtomicFile.parentDirectory(of: path))
    if replacing || !SystemCalls.fileExists(path) {
      base = nil
      self.replacing = true
      changed = true
    } else {
      // Read under the lock: a commit made while waiting for it is the one to build on.
      let reader = try IndexReader(path: path)
      base = reader
      self.replacing = reader.commit == nil
      entries = Self.entries(of: reader)
      if reader.commit == nil { changed = true }
    }
  }

  /// The entries that came with the base commit (the rest are new).
  var baseCount: Int { base?.segments.count ?? 0 }

  /// The file to append to, opened (and for a new file created, with the base's
  /// old-version image copied in) on first use.
  func output() throws(IndexError) -> IndexFileWriter {
    if let file { return file }
    let opened: IndexFileWriter
    if replacing {
      opened = try IndexFileWriter.create(AtomicFile.temporaryPath(for: path))
      if let base, base.commit == nil { try copyOldImage(base, into: opened) }
    } else {
      opened = try IndexFileWriter.append(path, after: base!.commit!)
    }
    file = opened
    return opened
  }

  /// A version 1–6 file's image, verified, copied in as segment 0 with a document table.
  private func copyOldImage(_ base: IndexReader, into file: IndexFileWriter) throws(IndexError) {
    let segment = base.segments[0]
    try segment.reader.verifySectionChecksums()
    let image = try file.append(segment.reader.bytes)
    var ids: [[UInt8]] = []
    for doc in 0..<segment.documentCount { ids.append(Array(try segment.reader.storedID(doc))) }
    let table = try file.append(
      DocumentTable.encode(
        ids: ids, stamps: [DocumentTable.Stamp](repeating: .unknown, count: ids.count)))
    entries[0].image = image
    entries[0].table = table
  }

  /// The number of live documents the next commit will hold, pending ones aside.
  var liveCount: Int {
    var total = 0
    for entry in entries { total += entry.liveCount }
    for (_, docs) in deletedNow { total -= docs.count }
    return total
  }

  /// Where the live document with this id is (entry, local number), if anywhere.
  func locate(id: String) throws(IndexError) -> (entry: Int, local: Int)? {
    if let found = newIDs[id] {
      return deletedNow[found.entry]?.contains(UInt32(found.local)) == true ? nil : found
    }
    guard let base else { return nil }
    let bytes = Array(id.utf8)
    for (e, segment) in base.segments.enumerated() where e < entries.count {
      guard let local = try find(bytes, in: segment, entry: e) else { continue }
      if segment.isDeleted(local) || deletedNow[e]?.contains(UInt32(local)) == true { continue }
      return (e, local)
    }
    return nil
  }

  /// The source stamp of the live document with this id, if there is one.
  func stamp(ofID id: String) throws(IndexError) -> DocumentTable.Stamp? {
    guard let (entry, local) = try locate(id: id), entry < baseCount else { return nil }
    return try table(entry)?.stamp(of: local)
  }

  /// Records the deletion of document `local` of entry `entry`.
  func delete(entry: Int, local: Int) {
    deletedNow[entry, default: []].append(UInt32(local))
    changed = true
  }

  /// The document table of base entry `e` (nil for an old-version file before its upgrade).
  func table(_ e: Int) throws(IndexError) -> DocumentTable? {
    if let cached = tables[e] { return cached }
    guard let base, e < base.segments.count else { return nil }
    let segment = base.segments[e]
    var found = try segment.documentTable()
    if found == nil {
      // An old-version file: its table, built once in memory by reading every id.
      found = try Self.memoryTable(segment.reader)
    }
    tables[e] = found
    return found
  }

  /// The binary search of `id` in base segment `segment` through its document table.
  private func find(_ id: [UInt8], in segment: IndexSegment, entry: Int) throws(IndexError) -> Int?
  {
    guard let table = try table(entry) else { return nil }
    return try IndexSegment.find(id, in: table, reader: segment.reader)
  }

  /// A document table for an image that has none (a version 1–6 file), in memory.
  private static func memoryTable(_ reader: SegmentReader) throws(IndexError) -> DocumentTable {
    var ids: [[UInt8]] = []
    for doc in 0..<reader.documentCount { ids.append(Array(try reader.storedID(doc))) }
    let bytes = DocumentTable.encode(
      ids: ids, stamps: [DocumentTable.Stamp](repeating: .unknown, count: ids.count))
    let owner = MappedFile(copying: bytes)
    return try DocumentTable(owner.bytes, count: ids.count, owner: owner)
  }

  /// Makes the entries the index's content (`IndexFileWriter.commit`); a new file is then
  /// renamed over the index. The session then reads the new commit back as its base.
  func commit() throws(IndexError) {
    let file = try output()
    try file.commit(entries)
    if replacing {
      try AtomicFile.replace(path, with: file.path)
      replacing = false
    }
    self.file = nil
    base = try IndexReader(path: path)
    entries = base.map(Self.entries(of:)) ?? []
    tables = [:]
    deletedNow = [:]
    newIDs = [:]
    changed = false
  }

  /// Makes the next commit write a new file (compaction), from the same base.
  func startReplacing() {
    abandon()
    replacing = true
    entries = []
    newIDs = [:]
    deletedNow = [:]
  }

  /// Back to appending to the commit `base` (after a compaction that failed).
  func restore(_ base: IndexReader) {
    abandon()
    replacing = base.commit == nil
    entries = Self.entries(of: base)
    newIDs = [:]
    deletedNow = [:]
    changed = base.commit == nil
  }

  /// The segments a commit lists; for a version 1–6 file, its one image, whose extents are
  /// set when it is copied into the new file (`copyOldImage`).
  static func entries(of reader: IndexReader) -> [Manifest.Segment] {
    if let commit = reader.commit { return commit.manifest.segments }
    let segment = reader.segments[0]
    let none = Manifest.Extent(offset: 0, length: 0, checksum: 0)
    return [
      Manifest.Segment(
        image: none, table: none, documentCount: segment.documentCount,
        liveCount: segment.liveCount, liveTokens: segment.liveTokens, deletions: [])
    ]
  }

  /// Gives up what the session wrote since its last commit: a temporary file is removed;
  /// bytes appended to the index stay as an uncommitted tail, cut off by the next writer.
  func abandon() {
    if replacing, let file { SystemCalls.removeFile(file.path) }
    file = nil
  }
}
