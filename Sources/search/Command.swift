import Index
import Tokenize

/// Parses the command line and runs one subcommand; returns the exit status.
///
/// Exit statuses: 0 success (a query with no results included), 1 a runtime failure (missing
/// or corrupt index, unreadable input), 64 a usage error (unknown command or option).
enum Command {
  static let defaultIndexPath = "search.idx"

  static let usage = """
    search: full-text search for Chinese (and mixed Chinese/Latin) documents

    usage:
      search index PATH... [-o FILE] [--update] [--threads N]
          index .txt/.md files (recursively through folders) and .jsonl files
          (one {"id", "text", "title"?} object per line) into FILE
          (default: search.idx); --update adds to and replaces in an existing index
      search query [-i FILE] [-k N] [--all | --any] [--json] [--k1 X] [--b X] QUERY
          ranked search: documents holding more of the query (its terms, then
          its characters) first; "a phrase" is required as written, -exclude
          removes; --all requires every word (a Chinese word as a whole, a OR b
          for either); --any ranks by Lucene terms alone
      search query [-i FILE] [-k N] [--all | --any] --batch QUERIES.tsv [--tag TAG]
          run qid<TAB>query lines and write a TREC run (qid Q0 docid rank score tag)
      search delete [-i FILE] ID...
          remove documents by id
      search info [FILE]
          format version, counts and section sizes
      search check [FILE]
          verify every checksum and structural invariant
      search analyze [--json] [--characters] [TEXT]
          show the tokens of TEXT (or standard input): term, position, byte range
      search help | --help

    """

  static func run<O: TextOutputStream, E: TextOutputStream>(
    _ arguments: [String], output: inout O, errors: inout E, environment: Environment
  ) -> Int32 {
    guard let name = arguments.first else {
      errors.write(usage)
      return 64
    }
    var args = Arguments(Array(arguments.dropFirst()))
    do {
      switch name {
      case "help", "--help", "-h":
        output.write(usage)
        return 0
      case "index":
        return try runIndex(&args, output: &output, errors: &errors, environment: environment)
      case "query":
        return try runQuery(&args, output: &output, errors: &errors, environment: environment)
      case "delete":
        return try runDelete(&args, output: &output, errors: &errors)
      case "info":
        return try runInfo(&args, output: &output)
      case "check":
        return try runCheck(&args, output: &output, errors: &errors)
      case "analyze":
        return try runAnalyze(&args, output: &output, environment: environment)
      default:
        throw UsageError("unknown command '\(name)'")
      }
    } catch let error as UsageError {
      errors.write("search: \(error.message)\nrun 'search --help' for usage\n")
      return 64
    } catch let error as IndexError {
      errors.write("search: \(error)\n")
      return 1
    } catch let error as SearchError {
      errors.write("search: \(error)\n")
      return 1
    } catch let error as ToolError {
      errors.write("search: \(error.message)\n")
      return 1
    } catch {
      errors.write("search: \(error)\n")
      return 1
    }
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
