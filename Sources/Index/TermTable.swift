/// Interns term bytes to dense 32-bit ids with an open-addressing hash table.
///
/// Terms of up to 7 bytes (every CJK bigram and character of the Basic Multilingual Plane, most
/// words) are compared as one packed 64-bit key, so the common lookup is a hash, a probe and an
/// integer compare. Longer terms fall back to comparing bytes in the arena.
struct TermTable {
  /// Slot → term id + 1 (0 = empty).
  private var slots: [UInt32]
  private var mask: Int
  /// Per term: the packed key (see `packedKey`).
  private(set) var keys: [UInt64] = []
  /// Per term: start of its bytes in `arena`; one extra entry closes the last term.
  private(set) var starts: [UInt32] = [0]
  /// All term bytes, back to back.
  private(set) var arena: [UInt8] = []

  init(capacity: Int = 1 << 16) {
    var n = 1
    while n < capacity * 2 { n <<= 1 }
    slots = [UInt32](repeating: 0, count: n)
    mask = n - 1
  }

  var count: Int { keys.count }

  /// The bytes of term `id`.
  func withBytes<R>(of id: Int, _ body: (UnsafeBufferPointer<UInt8>) throws -> R) rethrows -> R {
    let s = Int(starts[id])
    let e = Int(starts[id + 1])
    return try arena.withUnsafeBufferPointer { try body(UnsafeBufferPointer(rebasing: $0[s..<e])) }
  }

  /// A key that identifies terms of up to 7 bytes exactly (length in the top byte), and is a
  /// hash with the top bit set for longer ones.
  @inline(__always)
  static func packedKey(_ bytes: UnsafeBufferPointer<UInt8>) -> UInt64 {
    let n = bytes.count
    if n <= 7 {
      var key = UInt64(n) &<< 56
      var i = 0
      while i < n {
        key |= UInt64(bytes[i]) &<< UInt64(i &* 8)
        i &+= 1
      }
      return key
    }
    var h: UInt64 = 0xCBF2_9CE4_8422_2325
    for b in bytes { h = (h ^ UInt64(b)) &* 0x100_0000_01B3 }
    return h | (1 &<< 63)
  }

  /// Returns the id of `bytes`, adding the term if it is new.
  @inline(__always)
  mutating func intern(_ bytes: UnsafeBufferPointer<UInt8>) throws(IndexError) -> UInt32 {
    let key = TermTable.packedKey(bytes)
    var slot = Int(truncatingIfNeeded: (key &* 0x9E37_79B9_7F4A_7C15) >> 32) & mask
    while true {
      let entry = slots[slot]
      if entry == 0 { break }
      let id = Int(entry &- 1)
      if keys[id] == key && (key >> 63 == 0 || sameBytes(id, bytes)) { return UInt32(id) }
      slot = (slot &+ 1) & mask
    }
    guard keys.count < Int(UInt32.max - 1), arena.count + bytes.count < Int(UInt32.max) else {
      throw .tooLarge(detail: "more than 4 billion distinct terms or 4 GiB of term bytes")
    }
    let id = keys.count
    keys.append(key)
    arena.append(contentsOf: bytes)
    starts.append(UInt32(arena.count))
    slots[slot] = UInt32(id + 1)
    if keys.count * 2 > slots.count { grow() }
    return UInt32(id)
  }

  private func sameBytes(_ id: Int, _ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
    let s = Int(starts[id])
    let e = Int(starts[id + 1])
    guard e - s == bytes.count else { return false }
    return arena.withUnsafeBufferPointer { a in
      memcmp(a.baseAddress! + s, bytes.baseAddress!, bytes.count) == 0
    }
  }

  private mutating func grow() {
    let n = slots.count * 2
    slots = [UInt32](repeating: 0, count: n)
    mask = n - 1
    for id in 0..<keys.count {
      var slot = Int(truncatingIfNeeded: (keys[id] &* 0x9E37_79B9_7F4A_7C15) >> 32) & mask
      while slots[slot] != 0 { slot = (slot &+ 1) & mask }
      slots[slot] = UInt32(id + 1)
    }
  }

  /// Term ids ordered by their UTF-8 bytes (the dictionary order of the file).
  func sortedIDs() -> [UInt32] {
    // Sort by the first 8 bytes as a big-endian integer, then by full bytes on ties.
    var prefixes = [UInt64](repeating: 0, count: count)
    arena.withUnsafeBufferPointer { a in
      for id in 0..<count {
        let s = Int(starts[id])
        let e = Int(starts[id + 1])
        var p: UInt64 = 0
        for i in 0..<8 { p = (p << 8) | UInt64(s + i < e ? a[s + i] : 0) }
        prefixes[id] = p
      }
    }
    var ids = (0..<UInt32(count)).map { $0 }
    arena.withUnsafeBufferPointer { a in
      ids.sort { x, y in
        let px = prefixes[Int(x)]
        let py = prefixes[Int(y)]
        if px != py { return px < py }
        let xs = Int(starts[Int(x)])
        let xe = Int(starts[Int(x) + 1])
        let ys = Int(starts[Int(y)])
        let ye = Int(starts[Int(y) + 1])
        return UnsafeBufferPointer(rebasing: a[xs..<xe]).lexicographicallyPrecedes(
          UnsafeBufferPointer(rebasing: a[ys..<ye]))
      }
    }
    return ids
  }
}

#if canImport(Glibc)
  import Glibc
#elseif canImport(Musl)
  import Musl
#elseif canImport(Darwin)
  import Darwin
#endif
