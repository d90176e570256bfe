/// Everything that can go wrong when opening, reading, checking or writing an index file.
///
/// Every message says what happened and, where there is one, what to do about it. Corrupt bytes
/// always surface as one of these errors: the reader never traps on what it reads from disk.
public enum IndexError: Error, Equatable, Sendable, CustomStringConvertible {
  /// The file does not start or end with the index magic number: it is not an index at all.
  case notAnIndex(path: String)
  /// The file is an index of a format version this build cannot read.
  case unsupportedFormatVersion(found: Int, supported: ClosedRange<Int>)
  /// A structural check or checksum failed; `section` names the part of the file.
  case corrupt(section: String, detail: String)
  /// The operating system refused a file operation; `code` is `errno`.
  case io(path: String, operation: String, code: Int32)
  /// The input is too large for the format's 32-bit fields.
  case tooLarge(detail: String)
  /// The newest commit slot could not be used, or bytes follow the last commit: an update was
  /// interrupted (or is running). Readers use commit `generation`, which is intact.
  case interruptedCommit(detail: String, generation: Int)
  /// Another writer holds the index's lock.
  case locked(path: String)

  public var description: String {
    switch self {
    case .notAnIndex(let path):
      return "\(path): not a search index (bad magic number); build one with `search index`"
    case .unsupportedFormatVersion(let found, let supported):
      return
        "unsupported index format version \(found) (this build reads versions \(supported.lowerBound)...\(supported.upperBound)); rebuild the index with `search index`"
    case .corrupt(let section, let detail):
      return "index is corrupt (\(section)): \(detail); rebuild it with `search index`"
    case .io(let path, let operation, let code):
      return "\(path): \(operation) failed: \(SystemCalls.errorMessage(code))"
    case .tooLarge(let detail):
      return "input too large: \(detail)"
    case .interruptedCommit(let detail, let generation):
      return
        "index has an unfinished commit: \(detail); readers use commit \(generation), which is intact, and the next update (or `search optimize`) drops the unfinished bytes"
    case .locked(let path):
      return
        "\(path) is being written by another process; try again when it has finished"
    }
  }
}
