/// One value a thread, each in cache lines of its own.
///
/// Threads that update their own state in a hot loop (a token batch's count on every token)
/// must not share a cache line: values side by side in one array made a two-thread build's
/// tokenizing and inverting take about a third more CPU time than on one thread (the line
/// bouncing between the cores on every write).
struct ThreadSlots<Value: ~Copyable>: @unchecked Sendable {
  /// Bytes between slots: whole cache lines (128, for CPUs that fetch lines in pairs).
  private static var stride: Int {
    (MemoryLayout<Value>.stride + 127) & ~127
  }

  let count: Int
  private let base: UnsafeMutableRawPointer

  /// `count` slots, slot i initialized to `make(i)`.
  init(count: Int, _ make: (Int) -> Value) {
    self.count = count
    base = .allocate(byteCount: max(1, count) * Self.stride, alignment: 128)
    for i in 0..<count {
      (base + i * Self.stride).bindMemory(to: Value.self, capacity: 1).initialize(to: make(i))
    }
  }

  /// Slot `i`'s value.
  subscript(i: Int) -> UnsafeMutablePointer<Value> {
    precondition(i >= 0 && i < count, "ThreadSlots: no such slot")
    return (base + i * Self.stride).assumingMemoryBound(to: Value.self)
  }

  /// Deinitializes the values and frees the slots.
  func release() {
    for i in 0..<count { self[i].deinitialize(count: 1) }
    base.deallocate()
  }
}
