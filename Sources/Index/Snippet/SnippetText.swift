/// A hit's text as the snippet builder counts it: Unicode scalars (each lead byte with its
/// continuation bytes, as far as its lead byte says) and sentences, found in one pass without
/// storing every scalar; other scalar boundaries are found by walking from the nearest
/// checkpoint (every `checkpointSpacing` scalars), so that no lookup costs more than that walk
/// however long a sentence is (a 9 MB text without a sentence end is one sentence).
struct SnippetText {
  /// Scalars between two checkpoints.
  static let checkpointSpacing = 64
  let bytes: UnsafeBufferPointer<UInt8>
  /// The number of scalars.
  private(set) var count = 0
  /// The first scalar of each sentence (the first is 0).
  private(set) var sentenceScalars: [Int] = [0]
  /// The first byte of each sentence.
  private(set) var sentenceBytes: [Int] = [0]
  /// The byte offset of scalar `j · checkpointSpacing`, for every j.
  private var checkpoints: [Int] = []

  /// Byte offsets (sorted) whose scalar indices the pass noted, and those indices.
  private let targets: [Int]
  private var targetScalars: [Int]

  /// Sentences run up to and including a run of terminators and the closing marks after it.
  /// The scalar indices of `targets` (sorted byte offsets) are noted on the way.
  init(_ bytes: UnsafeBufferPointer<UInt8>, targets: [Int] = []) {
    self.bytes = bytes
    self.targets = targets
    self.targetScalars = [Int](repeating: 0, count: targets.count)
    let n = bytes.count
    var i = 0
    var k = 0
    var inRun = false
    var t = 0
    var nextTarget = targets.first ?? Int.max
    var nextCheckpoint = 0
    checkpoints.reserveCapacity(n / (3 * Self.checkpointSpacing) + 1)
    while i < n {
      if k == nextCheckpoint {
        checkpoints.append(i)
        nextCheckpoint += Self.checkpointSpacing
      }
      while i >= nextTarget {
        targetScalars[t] = k
        t += 1
        nextTarget = t < targets.count ? targets[t] : Int.max
      }
      let b = bytes[i]
      // The common case: a CJK ideograph (U+4000–U+9FFF), neither a terminator nor closing.
      if b >= 0xE4 && b <= 0xE9 && i + 3 <= n {
        if inRun {
          sentenceScalars.append(k)
          sentenceBytes.append(i)
          inRun = false
        }
        i += 3
        k += 1
        continue
      }
      var terminator = false
      var closing = false
      var length = 1
      if b < 0x80 {
        terminator = b == 0x0A || b == 0x0D
        closing = b == 0x29 || b == 0x22
      } else {
        length = min(UTF8Scalars.length(lead: b), n - i)
        // Three-byte scalars other than U+0xxx, U+2xxx, U+3xxx and U+Fxxx are neither.
        let nibble = b & 0x0F
        if length != 3 || b & 0xF0 != 0xE0 || nibble == 0 || nibble == 2 || nibble == 3
          || nibble == 0x0F
        {
          let v = Self.decode(bytes, at: i, length: length)
          terminator = SnippetBuilder.isTerminator(v)
          closing = SnippetBuilder.isClosing(v)
        }
      }
      if inRun {
        if !terminator && !closing {
          sentenceScalars.append(k)
          sentenceBytes.append(i)
          inRun = false
        }
      } else if terminator {
        inRun = true
      }
      i += length
      k += 1
    }
    count = k
    while t < targets.count {
      targetScalars[t] = k
      t += 1
    }
  }

  /// The length of the scalar at byte `i` (< `bytes.count`).
  @inline(__always)
  func length(at i: Int) -> Int {
    min(UTF8Scalars.length(lead: bytes[i]), bytes.count - i)
  }

  /// The value of the scalar at byte `i` (< `bytes.count`).
  @inline(__always)
  func value(at i: Int) -> UInt32 {
    Self.decode(bytes, at: i, length: length(at: i))
  }

  /// The index of the last element of `starts` (sorted) that is at most `key`; −1 for none.
  private static func last(atMost key: Int, in starts: [Int]) -> Int {
    var low = 0
    var high = starts.count
    while low < high {
      let mid = (low + high) / 2
      if starts[mid] <= key { low = mid + 1 } else { high = mid }
    }
    return low - 1
  }

  /// The sentence holding scalar `k`.
  func sentence(ofScalar k: Int) -> Int {
    max(0, Self.last(atMost: k, in: sentenceScalars))
  }

  /// The index of the first scalar starting at or after byte `byte` (`count` if none).
  func scalarIndex(_ byte: Int) -> Int {
    var low = 0
    var high = targets.count
    while low < high {
      let mid = (low + high) / 2
      if targets[mid] < byte { low = mid + 1 } else { high = mid }
    }
    if low < targets.count && targets[low] == byte { return targetScalars[low] }
    let c = Self.last(atMost: byte, in: checkpoints)
    guard c >= 0 else { return 0 }
    var i = checkpoints[c]
    var k = c * Self.checkpointSpacing
    while i < byte && i < bytes.count {
      i += length(at: i)
      k += 1
    }
    return k
  }

  /// The byte offset of scalar `k` (`bytes.count` for `count`).
  func byteOffset(_ k: Int) -> Int {
    guard k < count else { return bytes.count }
    let c = min(k / Self.checkpointSpacing, checkpoints.count - 1)
    var i = checkpoints[c]
    var j = c * Self.checkpointSpacing
    while j < k && i < bytes.count {
      i += length(at: i)
      j += 1
    }
    return i
  }

  /// The scalar value of the UTF-8 sequence at `i` (U+FFFD when malformed).
  @inline(__always)
  static func decode(_ bytes: UnsafeBufferPointer<UInt8>, at i: Int, length: Int) -> UInt32 {
    let lead = UInt32(bytes[i])
    switch length {
    case 1: return lead < 0x80 ? lead : 0xFFFD
    case 2: return (lead & 0x1F) << 6 | UInt32(bytes[i + 1] & 0x3F)
    case 3:
      return (lead & 0x0F) << 12 | UInt32(bytes[i + 1] & 0x3F) << 6 | UInt32(bytes[i + 2] & 0x3F)
    default:
      return (lead & 0x07) << 18 | UInt32(bytes[i + 1] & 0x3F) << 12
        | UInt32(bytes[i + 2] & 0x3F) << 6 | UInt32(bytes[i + 3] & 0x3F)
    }
  }
}
