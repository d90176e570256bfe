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
    .testTarget(
      name: "TokenizeTests", dependencies: ["Tokenize"], resources: [.copy("Fixtures")]),
    .testTarget(
      name: "IndexTests", dependencies: ["Index", "Tokenize"], resources: [.copy("Golden")]),
    .testTarget(name: "searchTests", dependencies: ["search", "Index"]),
  ]
)
