// swift-tools-version:6.0
// The fuzzing suite: libFuzzer targets over the root package's libraries (Index, Tokenize).
// A separate package so that the root package's build and tests are untouched. Build it with
// scripts/fuzz.sh (which passes --sanitize fuzzer --sanitize address, so that the Index and
// Tokenize modules are instrumented too); see README.md.
//
// Sources/Index and Sources/Tokenize are symbolic links to the root package's folders: the
// libraries are compiled as targets of this package, so that the targets can reach their
// `package` declarations (the reader's term enumeration and postings cursors, the CRC), which
// a dependency on the root package would hide.
import PackageDescription

// libFuzzer provides `main`; the targets define LLVMFuzzerTestOneInput and have no top-level code.
let fuzzTarget: [SwiftSetting] = [.unsafeFlags(["-parse-as-library"])]

let package = Package(
  name: "ChineseSearchFuzz",
  targets: [
    .target(name: "Tokenize"),
    .target(name: "Index", dependencies: ["Tokenize"], exclude: ["FORMAT.md"]),
    .target(
      name: "FuzzSupport",
      dependencies: ["Index"]),
    .executableTarget(
      name: "FuzzIndexReader",
      dependencies: ["FuzzSupport", "Index"],
      swiftSettings: fuzzTarget),
    .executableTarget(
      name: "FuzzCommits",
      dependencies: ["FuzzSupport", "Index"],
      swiftSettings: fuzzTarget),
    .executableTarget(
      name: "FuzzQuery",
      dependencies: ["FuzzSupport", "Index"],
      swiftSettings: fuzzTarget),
    .executableTarget(
      name: "FuzzLoad",
      dependencies: ["Index"],
      swiftSettings: fuzzTarget),
    .executableTarget(
      name: "FuzzTokenizer",
      dependencies: ["Tokenize"],
      swiftSettings: fuzzTarget),
    // Not a fuzz target: writes the seed corpora (index files made by IndexWriter, queries,
    // texts) when run with FUZZ_SEEDS_OUT set; linked like the others so that one build makes all.
    .executableTarget(
      name: "FuzzSeeds",
      dependencies: ["FuzzSupport", "Index"],
      swiftSettings: fuzzTarget),
  ]
)
