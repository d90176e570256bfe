import Index

/// What the tool says about its inputs after a run: files skipped for their extension, files
/// reached twice, files read in another encoding than UTF-8. A count by default, one line a
/// file with `--verbose`.
enum InputReport {
  static func write<E: TextOutputStream>(_ source: DocumentSource, verbose: Bool, _ errors: inout E)
  {
    let skipped = source.skippedForExtension
    if verbose {
      for path in skipped {
        errors.write("search: note: \(path): skipped (not .txt, .md, .jsonl or .jsonl.gz)\n")
      }
    } else if !skipped.isEmpty {
      errors.write(
        "search: note: skipped \(Format.count(skipped.count, "file")) with other extensions "
          + "(\(extensions(skipped))); --verbose names them\n")
    }
    let twice = source.listedTwice
    if verbose {
      for path in twice {
        errors.write("search: note: \(path): skipped (the same file as one listed already)\n")
      }
    } else if !twice.isEmpty {
      errors.write(
        "search: note: skipped \(Format.count(twice.count, "path")) to files listed already "
          + "(links); --verbose names them\n")
    }
    if verbose {
      for (path, encoding) in source.decodedAs {
        errors.write("search: note: \(path): read as \(encoding.displayName)\n")
      }
    } else {
      for encoding in TextEncoding.allCases {
        let n = source.decodedAs.filter { $0.encoding == encoding }.count
        if n > 0 {
          errors.write("search: note: \(Format.count(n, "file")) read as \(encoding.displayName)\n")
        }
      }
    }
  }

  /// "`.html, .rst`": the distinct extensions of `paths` (lowercased; "no extension" for a
  /// name without a dot), sorted, at most six.
  static func extensions(_ paths: [String]) -> String {
    var found = Set<String>()
    for path in paths {
      let name = path.split(separator: "/").last.map(String.init) ?? path
      if let dot = name.lastIndex(of: "."), dot != name.startIndex {
        found.insert(name[dot...].lowercased())
      } else {
        found.insert("no extension")
      }
    }
    let sorted = found.sorted()
    return sorted.prefix(6).joined(separator: ", ") + (sorted.count > 6 ? ", …" : "")
  }
}
