import Index
import Tokenize

extension Command {
  /// `search analyze [--json] [--characters] [--no-fold] [TEXT]`: the terms a default index
  /// holds (Traditional characters folded to Simplified), or Lucene's with `--no-fold`.
  static func runAnalyze<O: TextOutputStream>(
    _ args: inout Arguments, output: inout O, environment: Environment
  ) throws -> Int32 {
    let json = args.flag("--json")
    let characters = args.flag("--characters")
    let noFold = args.flag("--no-fold")
    let positionals = try args.positionals()
    let text: String
    if positionals.isEmpty {
      let bytes = environment.standardInput()
      guard let decoded = String(validating: bytes, as: UTF8.self) else {
        throw ToolError("standard input is not valid UTF-8")
      }
      text = decoded
    } else {
      text = positionals.joined(separator: " ")
    }
    let tokenizer = Tokenizer(emitsCharacters: characters, foldsToSimplified: !noFold)
    var rows: [(term: String, token: Token)] = []
    tokenizer.tokenize(text) { token, term in
      rows.append((String(decoding: term, as: UTF8.self), token))
    }
    if json {
      let items = rows.map { row in
        "{\"term\":\(Format.json(row.term)),\"position\":\(row.token.position),\"start\":\(row.token.start),\"end\":\(row.token.end),\"kind\":\"\(row.token.kind.name)\"}"
      }
      output.write("[" + items.joined(separator: ",") + "]\n")
    } else {
      for row in rows {
        output.write(
          "\(row.term)\t\(row.token.position)\t\(row.token.start)..<\(row.token.end)\t\(row.token.kind.name)\n"
        )
      }
    }
    return 0
  }
}

extension Token.Kind {
  /// The kind's name in `search analyze` output.
  var name: String {
    switch self {
    case .word: return "word"
    case .bigram: return "bigram"
    case .single: return "single"
    case .character: return "character"
    }
  }
}
