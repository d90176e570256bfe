import Index

extension Options {
  /// Parses `arguments` (without the program name).
  ///
  /// Each option is read by `apply(_:_:from:)`; the checks that involve several options come
  /// last, so that a usage error names the first bad option as it is met.
  static func parse(_ arguments: [String]) throws -> Options {
    var options = Options()
    var rest = Arguments(arguments)
    while let argument = rest.next() {
      try options.apply(argument.name, argument.text, from: &rest)
    }
    if (options.qualityQueries == nil) != (options.qrels == nil) {
      throw BenchError.usage("--queries and --qrels go together")
    }
    return options
  }

  /// Sets the field of one option, reading its value from `--name=value` or the next argument.
  ///
  /// `text` is the argument as given, so that an unknown option is quoted whole.
  private mutating func apply(_ name: String, _ text: String, from rest: inout Arguments)
    throws
  {
    switch name {
    case "--help", "-h": throw BenchError.usage("")
    case "--corpus": corpus = try rest.value(name)
    case "--seeds": seedsFolder = try rest.value(name)
    case "--repeat": repeatCount = try rest.int(name, min: 1)
    case "--phases": phases = try Options.phases(try rest.value(name))
    case "--runs": runs = try rest.int(name, min: 1)
    case "--warmup": warmup = try rest.int(name)
    case "--budget": budget = try rest.double(name)
    case "--threads": threads = try rest.int(name, min: 1)
    case "--open-runs": openRuns = try rest.int(name, min: 1)
    case "--workdir": workdir = try rest.value(name)
    case "--keep-index": keepIndex = true
    case "--query-set": querySet = try rest.value(name)
    case "--sample-queries": sampleQueries = true
    case "--queries-per-class": queriesPerClass = try rest.int(name, min: 1)
    case "--seed": seed = UInt64(try rest.int(name))
    case "--query-runs": queryRuns = try rest.int(name, min: 1)
    case "--query-warmup": queryWarmup = try rest.int(name, min: 1)
    case "--query-budget": queryBudget = try rest.double(name)
    case "--scan-runs": scanRuns = try rest.int(name, min: 1)
    case "--scan-budget": scanBudget = try rest.double(name)
    case "--limit": limit = try rest.int(name, min: 1)
    case "--character-weight": characterWeight = try rest.double(name)
    case "--character-share": characterShare = try rest.double(name)
    case "--any": modes = [.any]
    case "--all": modes = [.all]
    case "--modes": modes = try Options.modes(try rest.value(name))
    case "--queries": qualityQueries = try rest.value(name)
    case "--qrels": qrels = try rest.value(name)
    case "--k1": k1 = try rest.double(name)
    case "--b": b = try rest.double(name)
    case "--json": json = true
    default: throw BenchError.usage("unknown option \(text)")
    }
  }

  /// The phases of `--phases LIST`; an unknown name is a usage error, not silently skipped.
  private static func phases(_ list: String) throws -> Set<Phase> {
    var phases = Set<Phase>()
    for part in list.split(separator: ",") {
      guard let phase = Phase(rawValue: String(part)) else {
        throw BenchError.usage("unknown phase \(part)")
      }
      phases.insert(phase)
    }
    return phases
  }

  /// The modes of `--modes LIST`, in the order given (the latency tables follow it).
  private static func modes(_ list: String) throws -> [MatchMode] {
    try list.split(separator: ",").map { name -> MatchMode in
      switch name {
      case "ranked": return .ranked
      case "all": return .all
      case "any": return .any
      default: throw BenchError.usage("--modes takes ranked, all and any, comma-separated")
      }
    }
  }

  /// The arguments not read yet, and the inline value of the option being read.
  ///
  /// `--name=value` and `--name value` are the same option; keeping the inline value here lets
  /// the value readers take either without each option handling both.
  struct Arguments {
    private var rest: ArraySlice<String>
    private var inline: String?

    init(_ arguments: [String]) { rest = arguments[...] }

    /// The next option's name (without `=value`) and the argument as given, or nil at the end.
    mutating func next() -> (name: String, text: String)? {
      guard let argument = rest.popFirst() else { return nil }
      inline = nil
      if argument.hasPrefix("--"), let eq = argument.firstIndex(of: "=") {
        inline = String(argument[argument.index(after: eq)...])
        return (String(argument[..<eq]), argument)
      }
      return (argument, argument)
    }

    /// The value of option `name`: its inline value, else the next argument.
    mutating func value(_ name: String) throws -> String {
      if let inline { return inline }
      guard let next = rest.popFirst() else { throw BenchError.usage("\(name) needs a value") }
      return next
    }

    /// The value of option `name` as a whole number of at least `min`.
    mutating func int(_ name: String, min: Int = 0) throws -> Int {
      let text = try value(name)
      guard let n = Int(text), n >= min else {
        throw BenchError.usage("\(name) needs a whole number ≥ \(min), not \(text)")
      }
      return n
    }

    /// The value of option `name` as a number of at least 0.
    mutating func double(_ name: String) throws -> Double {
      let text = try value(name)
      guard let x = Double(text), x >= 0 else {
        throw BenchError.usage("\(name) needs a number ≥ 0, not \(text)")
      }
      return x
    }
  }
}
