/// Constants of the index file format; `Sources/Index/FORMAT.md` is the specification.
package enum IndexFormat {
  /// "ZHSX" read as bytes: the first four bytes of every index file, and its last four.
  package static let magic: UInt32 = 0x5853_485A
  /// The version this build writes: a file of segments whose images code their stored text
  /// (FORMAT.md, version 8), say whether their terms fold Traditional characters (9) and code
  /// their postings and positions with patched runs and Rice codes (10).
  package static let version: Int = 10
  /// The versions this build reads.
  package static let readableVersions: ClosedRange<Int> = 1...10
  /// The versions of a file of segments (7: version-6 images; 8: version-6 or -8 images; 9
  /// and 10: version-6, -8, -9 or -10 images).
  package static let segmentedVersions: ClosedRange<Int> = 7...10
  /// The version of the segment images this build writes (the grammar of a whole version-6
  /// file, its stored section coded, its flags naming its folding, its postings and positions
  /// Rice coded: FORMAT.md, version 10).
  package static let imageVersion: Int = 10
  /// The image versions this build reads (a whole file of version 1–6, or a segment of a
  /// version 7–10 file); 7 is a file of segments, never an image.
  package static let readableImageVersions: Set<Int> = [1, 2, 3, 4, 5, 6, 8, 9, 10]
  /// The first version whose stored records end with their own CRC32, verified whenever a
  /// record is read (FORMAT.md, version 6).
  static let recordChecksumsVersion = 6
  /// The first version whose stored titles and texts are coded with the segment's
  /// `StoredTextCode` (FORMAT.md, version 8).
  static let codedStoredTextVersion = 8
  /// The first image version whose header and footer flags may say that its terms fold
  /// Traditional Chinese characters to Simplified ones (FORMAT.md, version 9).
  static let termFoldingVersion = 9
  /// The first image version whose small postings blocks and position tails are Rice coded and
  /// whose full blocks are patched runs (FORMAT.md, version 10).
  static let riceCodedVersion = 10
  /// The image flag (header and footer) of terms folded Traditional → Simplified.
  static let foldedTermsFlag: UInt16 = 1
  /// Header: magic u32, version u16, flags u16, reserved u64.
  static let headerSize = 16
  /// Number of sections listed in the footer, in file order.
  static let sectionCount = 7
  /// Footer: 7 × (offset u64, length u64, crc u32), docCount u32, termCount u64,
  /// totalTokens u64, footerCRC u32, version u16, flags u16, magic u32.
  static let footerSize = sectionCount * 20 + 4 + 8 + 8 + 4 + 2 + 2 + 4
  /// Documents per postings block (the unit of skipping).
  static let postingsBlockSize = 128
  /// Terms per dictionary block (the unit of front coding and binary search).
  static let termBlockSize = 64
  /// The first byte of a character term (every CJK character, for one-character queries); it
  /// keeps these terms apart from Lucene's terms and sorts them before every other term.
  package static let characterTermMarker: UInt8 = 0x01
  /// The first byte of an attached-after-word term (version 2): a CJK character that starts a
  /// run right where a word or number ends (年 in `2020年度`), with positions. A query word
  /// such as `2020年` needs exactly this: 年 glued to 2020, whatever follows it.
  package static let attachedAfterWordMarker: UInt8 = 0x02
  /// The first byte of an attached-before-word term (version 2): a CJK character that ends a
  /// run right where a word or number starts (第 in `次第1名`), with positions.
  package static let attachedBeforeWordMarker: UInt8 = 0x03

  /// Whether a term (by its first byte) is one of ours rather than a Lucene term: it does not
  /// count towards document lengths.
  @inlinable
  package static func isAuxiliaryTerm(firstByte: UInt8?) -> Bool {
    guard let b = firstByte else { return false }
    return b == characterTermMarker || b == attachedAfterWordMarker
      || b == attachedBeforeWordMarker
  }

  /// The sections, in file order.
  package enum Section: Int, CaseIterable, Sendable {
    case documentLengths = 0
    case storedOffsets
    case stored
    case postings
    case positions
    case terms
    case termIndex

    /// The section's name in reports and errors.
    package var name: String { "\(label)" }

    /// The section's name, static, as a `ByteReader` keeps it for its errors.
    var label: StaticString {
      switch self {
      case .documentLengths: return "document lengths"
      case .storedOffsets: return "stored offsets"
      case .stored: return "stored documents"
      case .postings: return "postings"
      case .positions: return "positions"
      case .terms: return "term dictionary"
      case .termIndex: return "term index"
      }
    }
  }
}
