/// The walk through a folder given: hidden names, extensions, symbolic links.
extension DocumentSource {
  /// One folder given, walked in two steps: its own tree, then the links to folders.
  struct Walk {
    var root: String
    /// The id prefix, for one of several roots.
    var prefix: String?
    /// Where its files go among the roots'.
    var slot: Int
    var files: [Found] = []
    var links: [(path: String, relative: String, id: FileID)] = []

    /// The files in id order (bytes), with the prefix.
    func sortedFiles() -> [Found] {
      var sorted = files.sorted { $0.id.utf8.lexicographicallyPrecedes($1.id.utf8) }
      if let prefix {
        for i in sorted.indices { sorted[i].id = DocumentSource.joinedID(prefix, sorted[i].id) }
      }
      return sorted
    }
  }

  /// Walks the folder of `walk` without following links (they are kept for `followLinks`).
  mutating func walkFolders(_ walk: inout Walk, status: SystemCalls.FileStatus)
    throws(SourceError)
  {
    let root = walk.root
    let base = root.count > 1 && root.hasSuffix("/") ? String(root.dropLast()) : root
    guard SystemCalls.directoryEntries(base) != nil else {
      throw SourceError("\(root): cannot read the folder")
    }
    guard visitedFolders.insert(FileID(device: status.device, file: status.file)).inserted
    else { return }
    self.walk(base, relative: "", files: &walk.files, links: &walk.links)
  }

  /// Walks the folders that `walk`'s links lead to and were not walked yet (each once).
  mutating func followLinks(_ walk: inout Walk) {
    var next = 0
    while next < walk.links.count {
      let link = walk.links[next]
      next += 1
      guard visitedFolders.insert(link.id).inserted else { continue }
      self.walk(link.path, relative: link.relative, files: &walk.files, links: &walk.links)
    }
  }

  /// Collects the files below `folder` (ids relative to the walk's root) and the links to
  /// folders, with a warning for every folder that cannot be read.
  private mutating func walk(
    _ folder: String, relative: String, files: inout [Found],
    links: inout [(path: String, relative: String, id: FileID)]
  ) {
    guard let entries = SystemCalls.directoryEntries(folder) else {
      warnings.append("\(folder): skipped (cannot read the folder)")
      return
    }
    let separator = folder.hasSuffix("/") ? "" : "/"
    for name in entries.sorted(by: { $0.utf8.lexicographicallyPrecedes($1.utf8) }) {
      if name == "." || name == ".." { continue }
      if name.hasPrefix(".") && !options.includeHidden { continue }
      let path = folder + separator + name
      let item = relative.isEmpty ? name : relative + "/" + name
      guard var status = SystemCalls.fileStatus(path, followingLinks: false) else {
        warnings.append("\(path): skipped (cannot read the file)")
        continue
      }
      let isLink = status.kind == .symbolicLink
      if isLink {
        guard let target = SystemCalls.fileStatus(path, followingLinks: true) else {
          warnings.append("\(path): skipped (a symbolic link to nothing)")
          continue
        }
        status = target
      }
      switch status.kind {
      case .folder:
        let id = FileID(device: status.device, file: status.file)
        if isLink {
          links.append((path, item, id))
        } else if visitedFolders.insert(id).inserted {
          walk(path, relative: item, files: &files, links: &links)
        }
      case .regular:
        if DocumentSource.kind(of: name) != nil {
          files.append(Found(path: path, id: item, status: status, isLink: isLink))
        } else {
          skippedForExtension.append(path)
        }
      case .symbolicLink, .other:
        continue
      }
    }
  }
}
