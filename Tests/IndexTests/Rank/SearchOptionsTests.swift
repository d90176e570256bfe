import TestSupport
import Testing

@testable import Index

/// Options out of range are refused with a message that names the option; in range, they run.
@Suite struct SearchOptionsTests {
  let searcher: Searcher

  init() throws {
    searcher = try makeSearcher(documents(["教育质量很重要", "我们要提高教育质量", "质量教育"]))
  }

  func error(_ options: SearchOptions) -> SearchError? {
    do {
      _ = try searcher.search("教育质量", options: options)
      return nil
    } catch {
      return error
    }
  }

  @Test func outOfRangeOptionsAreRefusedWithTheirName() {
    #expect(
      error(SearchOptions(k1: -1)) == .invalidOption("k1 must be a finite number ≥ 0 (got -1.0)"))
    #expect(
      error(SearchOptions(k1: .infinity))
        == .invalidOption("k1 must be a finite number ≥ 0 (got inf)"))
    #expect(error(SearchOptions(b: 1.5)) == .invalidOption("b must be between 0 and 1 (got 1.5)"))
    #expect(error(SearchOptions(b: .nan)) == .invalidOption("b must be between 0 and 1 (got nan)"))
    #expect(
      error(SearchOptions(characterWeight: -0.5))
        == .invalidOption("characterWeight must be a finite number ≥ 0 (got -0.5)"))
    #expect(
      SearchError.invalidOption("b must be between 0 and 1 (got 1.5)").description
        == "invalid search option: b must be between 0 and 1 (got 1.5)")
  }

  @Test func theEdgesOfEachRangeRun() throws {
    for options in [
      SearchOptions(k1: 0), SearchOptions(b: 0), SearchOptions(b: 1),
      SearchOptions(characterWeight: 0), SearchOptions(mode: .all, k1: 100, b: 1),
    ] {
      #expect(error(options) == nil)
      // `.all` wants the word as written (not in 质量教育); the other modes rank all three.
      #expect(try searcher.search("教育质量", options: options).total == (options.mode == .all ? 2 : 3))
    }
  }
}
