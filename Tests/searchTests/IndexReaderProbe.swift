import Index

/// Reads back every stored document of an index file, for CLI tests.
enum IndexReaderProbe {
  static func open(_ path: String) throws -> [Document] {
    let reader = try IndexReader(path: path)
    return try (0..<reader.documentCount).map { try reader.storedDocument($0) }
  }
}
