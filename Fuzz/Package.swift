// swift-tools-version:5.10
// The fuzzing suite: libFuzzer targets over the root package's libraries (Index, Tokenize).
// A separate package so that the root package's build and tests are untouched. Build it with
// scripts/fuzz.sh (which passes --sanitize fuzzer --sanitize address, so that the Index and
// Tokenize modules are instrumented too); see README.md.
import Foundation
import PackageDescription

// A path dependency's identity is its folder's name, which is whatever the clone is called
// ("main", "fresh", …): take it from where this manifest lies.
let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
  .deletingLastPathComponent().lastPathComponent

// libFuzzer provides `main`; the targets define LLVMFuzzerTestOneInput and have no top-level code.
let fuzzTarget: [SwiftSetting] = [.unsafeFlags(["-parse-as-library"])]

let package = Package(
  name: "ChineseSearchFuzz",
  dependencies: [.package(path: "..")],
  targets: [
    .target(
      name: "FuzzSupport",
      dependencies: [.product(name: "Index", package: root)]),
    .executableTarget(
      name: "FuzzIndexReader",
      dependencies: ["FuzzSupport", .product(name: "Index", package: root)],
      swiftSettings: fuzzTarget),
    .executableTarget(
      name: "FuzzQuery",
      dependencies: ["FuzzSupport", .product(name: "Index", package: root)],
      swiftSettings: fuzzTarget),
    .executableTarget(
      name: "FuzzTokenizer",
      dependencies: [.product(name: "Tokenize", package: root)],
      swiftSettings: fuzzTarget),
    // Not a fuzz target: writes the seed corpora (index files made by IndexWriter, queries,
    // texts) when run with FUZZ_SEEDS_OUT set; linked like the others so that one build makes all.
    .executableTarget(
      name: "FuzzSeeds",
      dependencies: ["FuzzSupport", .product(name: "Index", package: root)],
      swiftSettings: fuzzTarget),
  ]
)
