// swift-tools-version:6.0
import PackageDescription

let package = Package(
  name: "ChineseSearch",
  products: [
    .library(name: "Tokenize", targets: ["Tokenize"]),
    .library(name: "Index", targets: ["Index"]),
    .executable(name: "search", targets: ["search"]),
  ],
  targets: [
    .target(name: "Tokenize"),
    .target(name: "Index", dependencies: ["Tokenize"], exclude: ["FORMAT.md"]),
    .executableTarget(name: "search", dependencies: ["Index", "Tokenize"]),
    .executableTarget(
      name: "bench", dependencies: ["Index", "Tokenize"], path: "bench",
      exclude: ["README.md", "queries-seeds.tsv"]),
    // What the test targets share: the seeded generator, random corpora, the reference index
    // and the brute-force searcher. Public (and `package`) API only, so release builds too.
    .target(name: "TestSupport", dependencies: ["Index", "Tokenize"], path: "Tests/TestSupport"),
    .testTarget(
      name: "TokenizeTests", dependencies: ["Tokenize", "TestSupport"],
      resources: [.copy("Fixtures")]),
    .testTarget(
      name: "IndexTests", dependencies: ["Index", "Tokenize", "TestSupport"],
      resources: [.copy("Golden")]),
    .testTarget(name: "searchTests", dependencies: ["search", "Index"]),
  ]
)
