/// The copy and checksum of one section into the file, shareable with the copying threads
/// (each writes its own part of `out` and its own entry of `crcs`).
struct SectionCopyJob: @unchecked Sendable {
  let sections: [[UnsafeBufferPointer<UInt8>]]
  let out: UnsafeMutablePointer<UInt8>
  let starts: [Int]
  let crcs: UnsafeMutableBufferPointer<UInt32>

  /// Copies section `i` to its start and records its CRC-32, in pieces that stay in cache
  /// between the copy and the checksum.
  func run(_ i: Int) {
    var crc = CRC32()
    var at = out + starts[i]
    for part in sections[i] where part.count > 0 {
      var from = 0
      while from < part.count {
        let n = min(1 << 16, part.count - from)
        at.update(from: part.baseAddress! + from, count: n)
        crc.update(UnsafeRawBufferPointer(start: at, count: n))
        at += n
        from += n
      }
    }
    crcs[i] = crc.value
  }
}
