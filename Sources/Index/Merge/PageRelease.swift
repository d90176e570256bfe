/// Drops the input mappings' pages from the process as the merge moves on, so that resident
/// memory does not grow with the inputs (mapped pages count in RSS though the kernel can drop
/// them).
///
/// The merge reads every input section front to back, so pages behind it are not needed
/// again; every `interval` output bytes the whole mappings are released (pages still ahead
/// fault back in from the page cache). Only for readers that map a file: see
/// `SystemCalls.releaseMappedPages`.
struct PageRelease {
  private let mappings: [UnsafeRawBufferPointer]
  private let interval: Int
  private var next: Int

  /// Releases `readers`' mappings every `interval` bytes when `enabled`, else never.
  init(readers: [SegmentReader], enabled: Bool, interval: Int = 16 << 20) {
    mappings = enabled ? readers.map { $0.bytes } : []
    self.interval = interval
    next = interval
  }

  /// Releases the pages of `bytes`, a part of one of the mappings, now (when enabled).
  func release(_ bytes: UnsafeRawBufferPointer) {
    if !mappings.isEmpty { SystemCalls.releaseMappedPages(bytes) }
  }

  /// Releases everything now.
  func releaseAll() {
    for mapping in mappings { SystemCalls.releaseMappedPages(mapping) }
  }

  /// Notes that `written` bytes are out; releases when another interval has passed.
  @inline(__always)
  mutating func progress(_ written: Int) {
    guard written >= next, !mappings.isEmpty else { return }
    releaseAll()
    next = written + interval
  }
}
