/// The full verification behind `search check`, over every segment of the commit opened,
/// then over what lies beside the commit.
extension IndexReader {
  /// What `check()` verified.
  public struct CheckReport: Sendable, Equatable {
    public var sectionsVerified: Int
    public var documentsVerified: Int
    public var termsVerified: Int
    public var postingsVerified: Int
    /// The segments of the commit checked (1 for a version 1–6 file).
    public var segments: Int
    /// The deleted documents the commit still holds (dropped when the file is compacted).
    public var deletedDocuments: Int
  }

  /// Verifies every section checksum and decodes every document, term, posting and position
  /// of every segment, its document table and deletion records; then fails if the newest
  /// commit slot was unusable or bytes follow the commit (an interrupted append), naming the
  /// commit a reader uses. Throws the first problem found.
  ///
  /// Cost grows with the file size; opening does none of this.
  public func check() throws(IndexError) -> CheckReport {
    var report = CheckReport(
      sectionsVerified: 0, documentsVerified: 0, termsVerified: 0, postingsVerified: 0,
      segments: segments.count, deletedDocuments: 0)
    for (number, segment) in segments.enumerated() {
      let part: SegmentReader.CheckReport
      do {
        part = try segment.reader.check()
        try checkTable(of: segment)
        try checkLiveCounts(of: segment)
      } catch {
        throw segments.count > 1 || commit != nil ? Self.inSegment(number, error) : error
      }
      report.sectionsVerified += part.sectionsVerified
      report.documentsVerified += part.documentsVerified
      report.termsVerified += part.termsVerified
      report.postingsVerified += part.postingsVerified
      report.deletedDocuments += segment.documentCount - segment.liveCount
    }
    if let commit, commit.fellBack != nil || commit.uncommittedBytes > 0 {
      var what: [String] = []
      if let fellBack = commit.fellBack { what.append(fellBack) }
      if commit.uncommittedBytes > 0 {
        what.append(
          "\(commit.uncommittedBytes) bytes after the last commit were never committed "
            + "(an update that was interrupted, or one still running)")
      }
      throw .interruptedCommit(
        detail: what.joined(separator: "; "), generation: Int(commit.slot.generation))
    }
    return report
  }

  /// The document table lists every document once, by strictly increasing id bytes.
  private func checkTable(of segment: IndexSegment) throws(IndexError) {
    guard let table = try segment.documentTable() else { return }
    var seen = [Bool](repeating: false, count: table.count)
    var previous: [UInt8]? = nil
    for rank in 0..<table.count {
      let doc = try table.document(atRank: rank)
      guard !seen[doc] else {
        throw .corrupt(section: "document table", detail: "document \(doc) is listed twice")
      }
      seen[doc] = true
      let id = try segment.reader.storedID(doc)
      if let previous {
        guard previous.withUnsafeBytes({ TermOrder.compare($0, id) }) < 0 else {
          throw .corrupt(section: "document table", detail: "ids out of order at rank \(rank)")
        }
      }
      previous = Array(id)
    }
  }

  /// The manifest's live token count is the sum of the live documents' lengths, and each
  /// deletion record's term counts are those of its documents' terms.
  private func checkLiveCounts(of segment: IndexSegment) throws(IndexError) {
    guard commit != nil else { return }
    var tokens: UInt64 = 0
    for doc in 0..<segment.documentCount where !segment.isDeleted(doc) {
      tokens += UInt64(segment.reader.documentLength(doc))
    }
    guard tokens == segment.liveTokens else {
      throw .corrupt(
        section: "manifest",
        detail: "live lengths add up to \(tokens), the manifest says \(segment.liveTokens)")
    }
    for record in segment.deletions {
      let expected = try DeletedTermCounter.count(
        record.documents.map { Int($0) }, of: segment.reader)
      guard expected.count == record.termCount else {
        throw .corrupt(section: "deletions", detail: "term counts disagree with the documents")
      }
      for (t, (term, documents)) in expected.enumerated() {
        let entry = try record.entry(t)
        guard entry.documents == documents,
          term.withUnsafeBytes({ TermOrder.compare($0, entry.term) }) == 0
        else {
          throw .corrupt(section: "deletions", detail: "term counts disagree with the documents")
        }
      }
    }
  }
}
