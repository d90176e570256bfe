import Index
import Tokenize

/// Parses the command line and runs one subcommand; returns the exit status.
///
/// Exit statuses: 0 success (a query with no results included), 1 a runtime failure (missing
/// or corrupt index, unreadable input), 64 a usage error (unknown command or option).
enum Command {
  static let defaultIndexPath = "search.idx"

  /// The tool's version, printed by `search --version`.
  static let version = "0.9.0"

  /// Each command's one-line description, for `search CMD --help`.
  static let descriptions: [(command: String, description: String)] = [
    ("index", "build an index of .txt, .md, .jsonl and .jsonl.gz documents"),
    ("query", "search an index"),
    ("sync", "make an index match its folders: add, replace, remove"),
    ("delete", "remove documents from an index"),
    ("list", "list the documents of an index"),
    ("get", "show stored documents by id"),
    ("optimize", "rewrite an index without its deleted documents"),
    ("info", "show what an index holds"),
    ("check", "verify an index"),
    ("analyze", "show how a text is tokenized"),
  ]

  static let usage = """
    search: full-text search for Chinese (and mixed Chinese/Latin) documents

    usage:
      search index PATH... [-o FILE] [--update] [--threads N] [--memory MB]
                   [--hidden] [--encoding NAME] [--verbose] [--no-fold]
          index .txt/.md files (recursively through folders) and .jsonl or .jsonl.gz
          files (one {"id", "text", "title"?} object per line; - reads them from
          standard input) into FILE (default: search.idx); --update adds new and
          changed files to an existing index (unchanged files, by size and
          modification time, are skipped); --memory: MB a build may hold before it
          writes a segment (default 512; its own buffers add about 200 MB a thread);
          --hidden includes names starting with "."; --encoding utf-8|utf-16|gb18030|
          gbk|big5 reads every .txt/.md file so (default: UTF-8, UTF-16 with a BOM, or
          GB18030 when not UTF-8); --verbose names the files skipped or not UTF-8;
          --no-fold keeps Traditional characters apart from Simplified ones (a new
          index folds 台灣 to 台湾, so that either finds both; queries fold alike)
      search sync PATH... [-o FILE] [--threads N] [--memory MB] [--hidden] [--encoding NAME]
                  [--verbose]
          like index --update, and also removes documents whose files are gone
      search query [-i FILE] [-k N] [--offset N] [--all | --any] [--json] [--k1 X] [--b X] QUERY
          ranked search: documents holding more of the query (its terms, then
          its characters) first; "a phrase" is required as written, -exclude
          removes (also NOT word, !word); +word and a AND b require words as written;
          comput* is a prefix; --all requires every word (a Chinese word as a whole,
          a OR b for either); --any ranks by Lucene terms alone; --color auto|always|never
          for the highlights (auto: on a terminal, unless NO_COLOR is set or TERM=dumb);
          after --, a -word is an exclusion, not an option
      search query [-i FILE] [-k N] [--all | --any] --batch QUERIES.tsv [--tag TAG]
          run qid<TAB>query lines and write a TREC run (qid Q0 docid rank score tag)
      search delete [-i FILE] ID...
          remove documents by id
      search list [-i FILE | FILE] [--json]
          the documents' ids (and titles), in index order
      search get [-i FILE] [--json] ID...
          the stored title and text of each document
      search optimize [-i FILE | FILE]
          rewrite the index without deleted documents (updates append to the file)
      search info [-i FILE | FILE]
          format version, counts and section sizes
      search check [-i FILE | FILE]
          verify every checksum and structural invariant
      search analyze [--json] [--characters] [--no-fold] [TEXT]
          show the tokens of TEXT (or standard input): term, position, byte range;
          the terms a new index holds (Traditional folded), Lucene's with --no-fold
      search help | --help          (search CMD --help: one command's usage)
      search version | --version

    """

  static func run<O: TextOutputStream, E: TextOutputStream>(
    _ arguments: [String], output: inout O, errors: inout E, environment: Environment
  ) -> Int32 {
    guard let name = arguments.first else {
      errors.write(usage)
      return 64
    }
    var args = Arguments(Array(arguments.dropFirst()))
    if descriptions.contains(where: { $0.command == name }), args.flag("--help", "-h") {
      output.write(usage(of: name))
      return 0
    }
    do {
      switch name {
      case "help", "--help", "-h":
        output.write(usage)
        return 0
      case "version", "--version":
        output.write("search \(version)\n")
        return 0
      case "index":
        return try runIndex(&args, output: &output, errors: &errors, environment: environment)
      case "query":
        return try runQuery(&args, output: &output, errors: &errors, environment: environment)
      case "sync":
        return try runIndex(
          &args, output: &output, errors: &errors, environment: environment, sync: true)
      case "delete":
        return try runDelete(&args, output: &output, errors: &errors)
      case "list":
        return try runList(&args, output: &output)
      case "get":
        return try runGet(&args, output: &output, errors: &errors)
      case "optimize":
        return try runOptimize(&args, output: &output, errors: &errors)
      case "info":
        return try runInfo(&args, output: &output)
      case "check":
        return try runCheck(&args, output: &output, errors: &errors)
      case "analyze":
        return try runAnalyze(&args, output: &output, environment: environment)
      default:
        throw UsageError("unknown command '\(name)'")
      }
    } catch {
      let (message, status): (String, Int32)
      switch error {
      case let error as UsageError: (message, status) = (error.message, 64)
      case let error as ToolError: (message, status) = (error.message, 1)
      default: (message, status) = ("\(error)", 1)
      }
      if arguments.contains("--json") {
        // Under --json the error is JSON too, on standard output, for a program to read.
        output.write("{\"error\":\(Format.json(message)),\"exit_status\":\(status)}\n")
      }
      errors.write("search: \(message)\n" + (status == 64 ? "run 'search --help' for usage\n" : ""))
      return status
    }
  }

  /// One command's usage: its description and its lines from `usage`.
  static func usage(of command: String) -> String {
    let description = descriptions.first { $0.command == command }?.description ?? ""
    var lines: [Substring] = []
    var inCommand = false
    for line in usage.split(separator: "\n") {
      if line.hasPrefix("  search ") {
        inCommand = line.hasPrefix("  search \(command) ")
      } else if !line.hasPrefix("      ") {
        inCommand = false
      }
      if inCommand { lines.append(line) }
    }
    return "search \(command): \(description)\n\nusage:\n" + lines.joined(separator: "\n") + "\n"
  }

  /// The index an `info` or `check` reads: `-i FILE`, or FILE, or the default.
  static func indexPath(_ args: inout Arguments, command: String) throws -> String {
    let option = try args.value("-i", "--index")
    let positionals = try args.positionals()
    guard positionals.count <= 1 else { throw UsageError("\(command) takes one index file") }
    if option != nil && !positionals.isEmpty {
      throw UsageError("\(command): give the index either with -i or as FILE, not both")
    }
    return option ?? positionals.first ?? defaultIndexPath
  }

  /// Opens an index, turning a missing file into a message that says what to do.
  static func openIndex(_ path: String) throws -> IndexReader {
    let result = Result { () throws(IndexError) -> IndexReader in try IndexReader(path: path) }
    if case .failure(.io(_, "open", let code)) = result, code == SystemCalls.noSuchFile {
      throw ToolError(
        "\(path): no such index; build one with 'search index PATH...' (or pass -i FILE)")
    }
    return try result.get()
  }
}

/// A mistake in the command line: reported with a hint and exit status 64.
struct UsageError: Error {
  var message: String
  init(_ message: String) { self.message = message }
}

/// A failure while running a command: reported with exit status 1.
struct ToolError: Error {
  var message: String
  init(_ message: String) { self.message = message }
}
