import Foundation
import Index

/// Reads documents from files and folders: `.txt`/`.md` files are one document each, `.jsonl`
/// files one document per line. Problems are reported as warnings and the rest goes on.
///
/// Decisions: a file with invalid UTF-8 is skipped with a warning that names the byte offset
/// (decoding with replacement would index garbage silently); a file containing a NUL byte is
/// taken as binary and skipped; empty files are skipped; a malformed JSON line is reported
/// with its file and line number.
struct DocumentSource {
  var warnings: [String] = []
  var documents: [Document] = []
  var bytesRead = 0
  var filesRead = 0

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
      var files: [String] = []
      walk(base, relative: "", into: &files)
      for relative in files.sorted() {
        addFile(base + "/" + relative, id: relative)
      }
    } else {
      guard DocumentSource.isIndexable(path) else {
        warnings.append("\(path): skipped (only .txt, .md and .jsonl files are indexed)")
        return
      }
      addFile(path, id: (path as NSString).lastPathComponent)
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

  private mutating func addFile(_ path: String, id: String) {
    guard let data = FileManager.default.contents(atPath: path) else {
      warnings.append("\(path): skipped (cannot read the file)")
      return
    }
    filesRead += 1
    bytesRead += data.count
    if data.isEmpty {
      warnings.append("\(path): skipped (empty file)")
      return
    }
    let bytes = [UInt8](data)
    if path.lowercased().hasSuffix(".jsonl") {
      addLines(bytes, path: path)
      return
    }
    if let nul = bytes.firstIndex(of: 0) {
      warnings.append("\(path): skipped (binary file: NUL byte at offset \(nul))")
      return
    }
    guard let text = DocumentSource.decode(bytes) else {
      let offset = DocumentSource.firstInvalidUTF8(bytes) ?? 0
      warnings.append("\(path): skipped (invalid UTF-8 at byte \(offset))")
      return
    }
    documents.append(Document(id: id, text: text))
  }

  private mutating func addLines(_ bytes: [UInt8], path: String) {
    var lineNumber = 0
    var start = 0
    while start < bytes.count {
      let end = bytes[start...].firstIndex(of: 0x0A) ?? bytes.count
      lineNumber += 1
      defer { start = end + 1 }
      let line = bytes[start..<end]
      if line.allSatisfy({ $0 == 0x20 || $0 == 0x09 || $0 == 0x0D }) { continue }
      guard let object = try? JSONSerialization.jsonObject(with: Data(line)) as? [String: Any]
      else {
        warnings.append("\(path):\(lineNumber): skipped (not a JSON object)")
        continue
      }
      guard let text = object["text"] as? String else {
        warnings.append("\(path):\(lineNumber): skipped (no \"text\" string)")
        continue
      }
      let id: String
      if let s = object["id"] as? String {
        id = s
      } else if let n = object["id"] as? NSNumber {
        id = n.stringValue
      } else {
        warnings.append("\(path):\(lineNumber): skipped (no \"id\")")
        continue
      }
      documents.append(Document(id: id, title: object["title"] as? String, text: text))
    }
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
