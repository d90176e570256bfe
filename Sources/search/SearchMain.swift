import Index

/// The `search` command-line tool: build an index, query it, inspect it.
@main
enum SearchMain {
  static func main() {
    var output = StandardStream.output
    var errors = StandardStream.error
    let status = Command.run(
      Array(CommandLine.arguments.dropFirst()), output: &output, errors: &errors,
      environment: Environment.current)
    output.flush()
    SystemCalls.exitProcess(status)
  }
}
