import Index

extension Command {
  /// `search list [-i FILE] [--json]`: the live documents in index order, an id (and title) a
  /// line, or a JSON array.
  static func runList<O: TextOutputStream>(_ args: inout Arguments, output: inout O) throws
    -> Int32
  {
    let json = args.flag("--json")
    let path = try indexPath(&args, command: "list")
    let reader = try openIndex(path)
    var first = true
    if json { output.write("[") }
    try reader.forEachLiveDocument { (number, document) in
      if json {
        output.write(
          (first ? "" : ",") + "{\"id\":\(Format.json(document.id)),\"document\":\(number),"
            + "\"title\":\(document.title.map(Format.json) ?? "null")}")
      } else {
        output.write(document.id + (document.title.map { "\t" + $0 } ?? "") + "\n")
      }
      first = false
    }
    if json { output.write("]\n") }
    return 0
  }

  /// `search get [-i FILE] [--json] ID...`: each document's stored title and text (exit 1
  /// when an id is not in the index).
  static func runGet<O: TextOutputStream, E: TextOutputStream>(
    _ args: inout Arguments, output: inout O, errors: inout E
  ) throws -> Int32 {
    let path = try args.value("-i", "--index") ?? defaultIndexPath
    let json = args.flag("--json")
    let ids = try args.positionals()
    guard !ids.isEmpty else { throw UsageError("get needs at least one document id") }
    let reader = try openIndex(path)
    var status: Int32 = 0
    var found: [String] = []
    for id in ids {
      guard let (number, document) = try reader.document(id: id) else {
        errors.write("search: no document with id '\(id)'\n")
        status = 1
        continue
      }
      if json {
        found.append(
          "{\"id\":\(Format.json(document.id)),\"document\":\(number),"
            + "\"title\":\(document.title.map(Format.json) ?? "null"),"
            + "\"text\":\(Format.json(document.text))}")
      } else {
        if ids.count > 1 { output.write("== \(document.id)\n") }
        if let title = document.title { output.write(title + "\n\n") }
        output.write(document.text + (document.text.hasSuffix("\n") ? "" : "\n"))
      }
    }
    if json { output.write("[" + found.joined(separator: ",") + "]\n") }
    return status
  }
}
