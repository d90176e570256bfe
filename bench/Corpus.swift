import Foundation
import Index

/// The documents under test, plus their title and text bytes laid out in one buffer for the
/// tokenizer phase and the linear-scan baseline.
struct Corpus {
  /// What the corpus is, for the report ("seeds ×100", a file name).
  var name: String
  var documents: [Document]
  /// Every document's title bytes, then its text bytes, back to back.
  var bytes: [UInt8]
  /// Where each document's title lies in `bytes` (empty when it has none).
  var titles: [Range<Int>]
  /// Where each document's text lies in `bytes`.
  var texts: [Range<Int>]

  /// UTF-8 bytes of all titles and texts: the input size every MB/s figure is measured over.
  var inputBytes: Int { bytes.count }
  /// UTF-8 bytes of the texts alone.
  var textBytes: Int { texts.reduce(0) { $0 + $1.count } }
  var count: Int { documents.count }

  init(name: String, documents: [Document]) {
    self.name = name
    self.documents = documents
    var bytes: [UInt8] = []
    bytes.reserveCapacity(
      documents.reduce(0) { $0 + $1.text.utf8.count + ($1.title?.utf8.count ?? 0) })
    var titles: [Range<Int>] = []
    var texts: [Range<Int>] = []
    titles.reserveCapacity(documents.count)
    texts.reserveCapacity(documents.count)
    for doc in documents {
      let titleStart = bytes.count
      if let title = doc.title { bytes.append(contentsOf: title.utf8) }
      titles.append(titleStart..<bytes.count)
      let textStart = bytes.count
      bytes.append(contentsOf: doc.text.utf8)
      texts.append(textStart..<bytes.count)
    }
    self.bytes = bytes
    self.titles = titles
    self.texts = texts
  }

  /// The seed documents (`*.txt` in `folder`, sorted by name), repeated `times` times; copies
  /// get ids `r<k>/<file name>` so that they do not replace each other.
  static func seeds(folder: String, repeating times: Int) throws -> Corpus {
    let names = try FileManager.default.contentsOfDirectory(atPath: folder)
      .filter { $0.hasSuffix(".txt") }.sorted()
    guard !names.isEmpty else { throw BenchError.input("no *.txt files in \(folder)") }
    var originals: [(String, String)] = []
    for name in names {
      let text = try String(contentsOfFile: folder + "/" + name, encoding: .utf8)
      originals.append((name, text))
    }
    var docs: [Document] = []
    docs.reserveCapacity(originals.count * times)
    for copy in 0..<times {
      for (name, text) in originals {
        docs.append(Document(id: times == 1 ? name : "r\(copy)/\(name)", text: text))
      }
    }
    return Corpus(name: "seeds (\(names.count) files × \(times))", documents: docs)
  }

  /// A JSON-lines corpus (`{"id", "text", "title"?}` per line), optionally gzip-compressed
  /// (decompressed by piping through `gzip -dc`), repeated `times` times.
  static func jsonLines(path: String, repeating times: Int) throws -> Corpus {
    let data = try readMaybeGzip(path)
    struct Line: Decodable {
      var id: String
      var title: String?
      var text: String
    }
    let decoder = JSONDecoder()
    var originals: [Document] = []
    var lineNumber = 0
    try data.withUnsafeBytes { (raw: UnsafeRawBufferPointer) in
      let bytes = raw.bindMemory(to: UInt8.self)
      var start = 0
      while start < bytes.count {
        var end = start
        while end < bytes.count && bytes[end] != 0x0A { end += 1 }
        lineNumber += 1
        if end > start {
          let slice = Data(bytes: raw.baseAddress! + start, count: end - start)
          do {
            let line = try decoder.decode(Line.self, from: slice)
            originals.append(Document(id: line.id, title: line.title, text: line.text))
          } catch {
            throw BenchError.input("\(path):\(lineNumber): not a {\"id\",\"text\"} JSON line")
          }
        }
        start = end + 1
      }
    }
    guard !originals.isEmpty else { throw BenchError.input("\(path) holds no documents") }
    var docs = originals
    if times > 1 {
      docs.reserveCapacity(originals.count * times)
      for copy in 1..<times {
        for doc in originals {
          docs.append(Document(id: "r\(copy)/\(doc.id)", title: doc.title, text: doc.text))
        }
      }
    }
    let url = URL(fileURLWithPath: path)
    let file = url.deletingLastPathComponent().lastPathComponent + "/" + url.lastPathComponent
    return Corpus(name: times == 1 ? file : "\(file) × \(times)", documents: docs)
  }
}

/// Reads a file whole; a `.gz` file is decompressed by `gzip -dc` in a child process.
func readMaybeGzip(_ path: String) throws -> Data {
  guard FileManager.default.fileExists(atPath: path) else {
    throw BenchError.input("\(path) does not exist")
  }
  guard path.hasSuffix(".gz") else {
    return try Data(contentsOf: URL(fileURLWithPath: path), options: .alwaysMapped)
  }
  let process = Process()
  process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
  process.arguments = ["gzip", "-dc", path]
  let pipe = Pipe()
  process.standardOutput = pipe
  try process.run()
  let data = pipe.fileHandleForReading.readDataToEndOfFile()
  process.waitUntilExit()
  guard process.terminationStatus == 0 else {
    throw BenchError.input("gzip -dc \(path) failed with status \(process.terminationStatus)")
  }
  return data
}

/// Finds a file or folder of the package: relative to the current directory first, then
/// relative to the package root worked out from this source file's path.
func packagePath(_ relative: String) -> String? {
  let fm = FileManager.default
  let here = fm.currentDirectoryPath + "/" + relative
  if fm.fileExists(atPath: here) { return here }
  let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
    .deletingLastPathComponent()
  let there = root.appendingPathComponent(relative).path
  return fm.fileExists(atPath: there) ? there : nil
}

/// Errors that end the run with a message (bad input files, bad options).
enum BenchError: Error, CustomStringConvertible {
  case input(String)
  case usage(String)

  var description: String {
    switch self {
    case .input(let message): return message
    case .usage(let message): return message
    }
  }
}
