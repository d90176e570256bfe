import Foundation
import Index

extension Command {
  /// `search info [-i FILE | FILE]`
  static func runInfo<O: TextOutputStream>(_ args: inout Arguments, output: inout O) throws -> Int32
  {
    let path = try indexPath(&args, command: "info")
    let reader = try openIndex(path)
    var lucene = 0
    var characters = 0
    var attached = 0
    var postings = 0
    var characterPostingBytes = 0
    try reader.forEachTerm { bytes, term in
      if bytes.first == IndexFormat.characterTermMarker {
        characters += 1
        characterPostingBytes += term.postings.count
      } else if IndexFormat.isAuxiliaryTerm(firstByte: bytes.first) {
        attached += 1
      } else {
        lucene += 1
      }
      postings += term.documentFrequency
    }
    output.write("index:              \(path)\n")
    output.write("format version:     \(reader.formatVersion)\n")
    output.write("documents:          \(reader.documentCount)\n")
    output.write(
      "terms:              \(reader.termCount) (\(Format.count(lucene, "bigram/word term")), "
        + "\(Format.count(characters, "character term")), "
        + "\(Format.count(attached, "attached-character term")))\n"
    )
    output.write("postings:           \(postings)\n")
    output.write("tokens:             \(reader.totalTokens)\n")
    output.write(
      "average doc length: \(String(format: "%.1f", reader.averageDocumentLength)) tokens\n")
    output.write("file size:          \(Format.count(reader.fileSize, "byte"))\n")
    let stored = reader.info(.stored).length + reader.info(.storedOffsets).length
    let searchable = reader.fileSize - stored
    let text = max(1, reader.info(.stored).length)
    output.write(
      "searchable part:    \(searchable) bytes (\(String(format: "%.2f", Double(searchable) / Double(text)))× the stored text; character-term postings \(characterPostingBytes) bytes)\n"
    )
    output.write("sections:\n")
    for info in reader.sections {
      let name = info.section.name.padding(toLength: 18, withPad: " ", startingAt: 0)
      let share = reader.fileSize == 0 ? 0 : 100 * Double(info.length) / Double(reader.fileSize)
      output.write(
        "  \(name) \(String(format: "%12d", info.length)) bytes  \(String(format: "%5.1f", share)) %\n"
      )
    }
    return 0
  }

  /// `search check [-i FILE | FILE]`
  static func runCheck<O: TextOutputStream, E: TextOutputStream>(
    _ args: inout Arguments, output: inout O, errors: inout E
  ) throws -> Int32 {
    let path = try indexPath(&args, command: "check")
    let reader = try openIndex(path)
    let report = try reader.check()
    output.write(
      "\(path): ok (\(Format.count(report.sectionsVerified, "section checksum")), "
        + "\(Format.count(report.documentsVerified, "document")), "
        + "\(Format.count(report.termsVerified, "term")), "
        + "\(Format.count(report.postingsVerified, "posting")) verified)\n")
    return 0
  }
}
