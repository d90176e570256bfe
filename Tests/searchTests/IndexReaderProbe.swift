import Index

/// Reads back every stored document of an index file, for CLI tests.
enum IndexReaderProbe {
  static func open(_ path: String) throws -> [Document] {
    let reader = try IndexReader(path: path)
    var documents: [Document] = []
    try reader.forEachLiveDocument { _, document in documents.append(document) }
    return documents
  }
}
