/// One leg of a conjunction that mixes term sources and `OR` unions.
///
/// The legs of a `.all` query with `OR` clauses are of two kinds; a switch over them keeps
/// the leapfrog free of existentials (a protocol existential cannot be a generic argument
/// here, since `any DocIterator` is not itself a class type).
final class ConjunctionLeg: DocIterator {
  private enum Kind {
    case term(TermIterator)
    case union(Disjunction<TermConjunction>)
  }

  private let kind: Kind
  let cost: Int

  /// A required term.
  init(_ source: TermIterator) {
    kind = .term(source)
    cost = source.cost
  }

  /// The alternatives of an `OR` clause.
  init(_ union: Disjunction<TermConjunction>) {
    kind = .union(union)
    cost = union.cost
  }

  var document: UInt32 {
    @inline(__always) get {
      switch kind {
      case .term(let source): return source.document
      case .union(let union): return union.document
      }
    }
  }

  @inline(__always)
  func advance(to target: UInt32) throws(IndexError) {
    switch kind {
    case .term(let source): try source.advance(to: target)
    case .union(let union): try union.advance(to: target)
    }
  }
}
