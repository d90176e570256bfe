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
    var terms = 0
    var sectionSizes = [Int](repeating: 0, count: IndexFormat.Section.allCases.count)
    var numbers = 0
    var uncompressed: UInt64 = 0
    var coded = 0
    for segment in reader.segments {
      numbers += segment.documentCount
      let sizes = try segment.reader.storedSizes()
      uncompressed += sizes.text ?? UInt64(sizes.stored)
      if sizes.text != nil { coded += 1 }
      terms += segment.reader.termCount
      for info in segment.reader.sections { sectionSizes[info.section.rawValue] += info.length }
      try segment.reader.forEachTerm { bytes, term in
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
    }
    let summed = reader.segments.count > 1 ? ", summed over the segments" : ""
    output.write("index:              \(path)\n")
    output.write("format version:     \(reader.formatVersion)\n")
    output.write(
      "folding:            "
        + (reader.foldsToSimplified
          ? "Traditional → Simplified (台灣 = 台湾)\n" : "none (Lucene's terms)\n"))
    output.write("documents:          \(reader.documentCount)\n")
    if reader.commit != nil {
      output.write(
        "segments:           \(reader.segments.count) (\(Format.count(numbers - reader.documentCount, "deleted document")) kept until optimize)\n"
      )
    }
    output.write(
      "terms:              \(terms) (\(Format.count(lucene, "bigram/word term")), "
        + "\(Format.count(characters, "character term")), "
        + "\(Format.count(attached, "attached-character term"))\(summed))\n"
    )
    output.write("postings:           \(postings)\n")
    output.write("tokens:             \(reader.totalTokens)\n")
    output.write(
      "average doc length: \(String(format: "%.1f", reader.averageDocumentLength)) tokens\n")
    output.write("file size:          \(Format.count(reader.fileSize, "byte"))\n")
    let storedText = sectionSizes[IndexFormat.Section.stored.rawValue]
    let stored = storedText + sectionSizes[IndexFormat.Section.storedOffsets.rawValue]
    let searchable = reader.fileSize - stored
    let text = max(1, Int(uncompressed))
    let how =
      coded == reader.segments.count
      ? "coded" : coded == 0 ? "verbatim" : "coded in \(coded) of \(reader.segments.count) segments"
    output.write(
      "stored text:        \(storedText) bytes (\(how); \(uncompressed) bytes uncompressed, \(String(format: "%.3f", Double(storedText) / Double(text)))×)\n"
    )
    output.write(
      "searchable part:    \(searchable) bytes (\(String(format: "%.2f", Double(searchable) / Double(text)))× the uncompressed stored text; character-term postings \(characterPostingBytes) bytes)\n"
    )
    output.write("sections:\n")
    for section in IndexFormat.Section.allCases {
      let length = sectionSizes[section.rawValue]
      let name = section.name.padding(toLength: 18, withPad: " ", startingAt: 0)
      let share = reader.fileSize == 0 ? 0 : 100 * Double(length) / Double(reader.fileSize)
      output.write(
        "  \(name) \(String(format: "%12d", length)) bytes  \(String(format: "%5.1f", share)) %\n"
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
        + "\(Format.count(report.postingsVerified, "posting")) verified"
        + (report.segments > 1 ? " in \(report.segments) segments" : "")
        + (report.deletedDocuments > 0
          ? "; \(Format.count(report.deletedDocuments, "deleted document")) kept until optimize"
          : "")
        + ")\n")
    return 0
  }
}
