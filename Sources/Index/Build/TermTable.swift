/// Interns term bytes to dense 32-bit ids and holds each term's inversion state.
///
/// Terms of up to 7 bytes (every CJK bigram and character of the Basic Multilingual Plane, most
/// words) are identified by one packed 64-bit key, so the common lookup is a hash, a probe and an
/// integer compare. Longer terms fall back to comparing bytes in the arena.
///
/// Memory is laid out for the inverter's inner loop: a slot holds a term id next to a 32-bit
/// fingerprint of its key (probing rarely leaves the slot's cache line), and a term's state,
/// key included, is one 32-byte `TermState` (one cache line touched per token). Storage is
/// manually managed and grows with `realloc`; pointers from `state(_:)` are valid until the next
/// `insert`.
struct TermTable: ~Copyable {
  /// Slot → `fingerprint << 32 | (id + 1)`; 0 = empty.
  private var slots: UnsafeMutablePointer<UInt64>
  private var slotShift: UInt64
  private var slotMask: Int
  /// Per term: hot state (`TermState`).
  private(set) var states: UnsafeMutablePointer<TermState>
  /// Per term: where its streams start (cold: written once, read when serializing).
  private(set) var heads: UnsafeMutablePointer<TermHeads>
  private var termCapacity: Int
  private(set) var count = 0
  /// Per term: start of its bytes in `arena`; one extra entry closes the last term.
  private var starts: [UInt32] = [0]
  /// All term bytes, back to back.
  private var arena = OutputBuffer(capacity: 1 << 16)

  init(capacity: Int = 1 << 15) {
    var n = 1
    while n < capacity * 2 { n <<= 1 }
    slots = TermTable.allocateZeroed(UInt64.self, n)
    slotMask = n - 1
    slotShift = UInt64(64 - n.trailingZeroBitCount)
    termCapacity = capacity
    states = TermTable.reallocate(nil, capacity)
    heads = TermTable.reallocate(nil, capacity)
  }

  deinit {
    SystemCalls.deallocate(slots)
    SystemCalls.deallocate(states)
    SystemCalls.deallocate(heads)
  }

  /// The state of term `id`; valid until the next `insert`.
  @inline(__always)
  func state(_ id: Int) -> UnsafeMutablePointer<TermState> {
    assert(id >= 0 && id < count, "TermTable.state: no such term")
    return states + id
  }

  /// The bytes of term `id`; valid until the next `insert`.
  @inline(__always)
  func bytes(of id: Int) -> UnsafeBufferPointer<UInt8> {
    let s = Int(starts[id])
    return UnsafeBufferPointer(start: arena.base + s, count: Int(starts[id + 1]) - s)
  }

  /// A key that identifies terms of up to 7 bytes exactly (length in the top byte), and is a
  /// hash with the top bit set for longer ones.
  @inline(__always)
  static func packedKey(_ bytes: UnsafeBufferPointer<UInt8>) -> UInt64 {
    let n = bytes.count
    if n <= 7 { return UInt64(n) &<< 56 | packedBytes(bytes) }
    var h: UInt64 = 0xCBF2_9CE4_8422_2325
    for b in bytes { h = (h ^ UInt64(b)) &* 0x100_0000_01B3 }
    return h | (1 &<< 63)
  }

  /// Bytes 0..<n (n ≤ 7) as a little-endian integer, with two overlapping loads.
  @inline(__always)
  static func packedBytes(_ bytes: UnsafeBufferPointer<UInt8>) -> UInt64 {
    let n = bytes.count
    guard n > 0, let start = bytes.baseAddress else { return 0 }
    let p = UnsafeRawPointer(start)
    if n >= 4 {
      let lo = UInt64(UInt32(littleEndian: p.loadUnaligned(as: UInt32.self)))
      let hi = UInt64(UInt32(littleEndian: p.loadUnaligned(fromByteOffset: n - 4, as: UInt32.self)))
      return lo | hi &<< UInt64((n - 4) * 8)
    }
    if n >= 2 {
      let lo = UInt64(UInt16(littleEndian: p.loadUnaligned(as: UInt16.self)))
      let hi = UInt64(UInt16(littleEndian: p.loadUnaligned(fromByteOffset: n - 2, as: UInt16.self)))
      return lo | hi &<< UInt64((n - 2) * 8)
    }
    return UInt64(start.pointee)
  }

  /// Whether `key` can only be told apart from other keys by comparing bytes.
  @inline(__always)
  static func isHashed(_ key: UInt64) -> Bool { key >> 63 != 0 }

  @inline(__always)
  private static func mix(_ key: UInt64) -> UInt64 { key &* 0x9E37_79B9_7F4A_7C15 }

  /// The id of the term with `key` (and `bytes`, for hashed keys), or `nil` with the slot where
  /// it goes.
  @inline(__always)
  func find(_ key: UInt64, bytes: UnsafeBufferPointer<UInt8>?) -> (id: Int, slot: Int) {
    let h = TermTable.mix(key)
    let fingerprint = (h >> 24) << 32
    var slot = Int(truncatingIfNeeded: h >> slotShift)
    while true {
      assert(slot >= 0 && slot <= slotMask, "TermTable.find: slot out of the table")
      let entry = slots[slot]
      if entry == 0 { return (-1, slot) }
      if entry & 0xFFFF_FFFF_0000_0000 == fingerprint {
        let id = Int(truncatingIfNeeded: entry & 0xFFFF_FFFF) &- 1
        assert(id >= 0 && id < count, "TermTable.find: slot names no term")
        if states[id].key == key && (!TermTable.isHashed(key) || sameBytes(id, bytes!)) {
          return (id, slot)
        }
      }
      slot = (slot &+ 1) & slotMask
    }
  }

  /// Adds a term found missing at `slot` and returns its id; its state is left for the caller
  /// to fill in (`key` is set).
  mutating func insert(_ key: UInt64, bytes: UnsafeBufferPointer<UInt8>, slot: Int)
    throws(IndexError) -> Int
  {
    guard count < Int(UInt32.max - 1), arena.count + bytes.count < Int(UInt32.max) else {
      throw .tooLarge(detail: "more than 4 billion distinct terms or 4 GiB of term bytes")
    }
    if count == termCapacity {
      termCapacity *= 2
      states = TermTable.reallocate(states, termCapacity)
      heads = TermTable.reallocate(heads, termCapacity)
    }
    let id = count
    count += 1
    (states + id).initialize(
      to: TermState(
        key: key, documentCursor: 0, positionCursor: 0, pendingDocument: 0, pendingBase: 0,
        frequency: 0, lastPosition: 0))
    (heads + id).initialize(to: TermHeads(document: 0, position: 0))
    arena.append(bytes)
    starts.append(UInt32(arena.count))
    let h = TermTable.mix(key)
    assert(slot >= 0 && slot <= slotMask && slots[slot] == 0, "TermTable.insert: slot not free")
    slots[slot] = (h >> 24) << 32 | UInt64(id + 1)
    if count * 2 > slotMask + 1 { grow() }
    return id
  }

  private func sameBytes(_ id: Int, _ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
    let mine = self.bytes(of: id)
    return mine.count == bytes.count
      && SystemCalls.compareBytes(mine.baseAddress!, bytes.baseAddress!, count: bytes.count) == 0
  }

  private mutating func grow() {
    let n = (slotMask + 1) * 2
    SystemCalls.deallocate(slots)
    slots = TermTable.allocateZeroed(UInt64.self, n)
    slotMask = n - 1
    slotShift = UInt64(64 - n.trailingZeroBitCount)
    for id in 0..<count {
      let h = TermTable.mix(states[id].key)
      var slot = Int(truncatingIfNeeded: h >> slotShift)
      while slots[slot] != 0 { slot = (slot &+ 1) & slotMask }
      slots[slot] = (h >> 24) << 32 | UInt64(id + 1)
    }
  }

  private static func allocateZeroed<T>(_: T.Type, _ n: Int) -> UnsafeMutablePointer<T> {
    guard let raw = SystemCalls.allocateZeroed(n, size: MemoryLayout<T>.stride) else {
      fatalError("out of memory")
    }
    return raw.assumingMemoryBound(to: T.self)
  }

  private static func reallocate<T>(_ p: UnsafeMutablePointer<T>?, _ n: Int)
    -> UnsafeMutablePointer<T>
  {
    guard let raw = SystemCalls.reallocate(p, bytes: n * MemoryLayout<T>.stride) else {
      fatalError("out of memory")
    }
    return raw.assumingMemoryBound(to: T.self)
  }
}

/// One term's inversion state, 32 bytes: everything the inverter touches for a token.
///
/// A term's postings are written lazily: the entry for a document is appended to the doc
/// stream when the term shows up in a later document (or when serializing), because only then
/// is its frequency known. The doc stream already holds the file's encoding (see
/// `PostingsEncoder` and `PostingsEntry`), with document numbers local to the segment.
struct TermState {
  /// The packed key (see `TermTable.packedKey`).
  var key: UInt64
  /// Write cursor of the doc stream; 0 until the term's second document.
  var documentCursor: UInt32
  /// Write cursor of the position stream; 0 for character terms (they have none).
  var positionCursor: UInt32
  /// The last document the term occurs in (its entry is not yet in the doc stream).
  var pendingDocument: UInt32
  /// 1 + the document before it (the delta base of the pending entry; 0 at first).
  var pendingBase: UInt32
  /// Occurrences in `pendingDocument` so far.
  var frequency: UInt32
  /// The last position in `pendingDocument` (the delta base of the next position).
  var lastPosition: UInt32
}

/// Where a term's streams start in the pool (0 = no stream).
struct TermHeads {
  var document: UInt32
  var position: UInt32
}
