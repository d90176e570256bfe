// libFuzzer target: the document source's decoders (Index/Load) on arbitrary bytes.
//
// The first byte chooses what reads the rest: 0 the gzip decoder (`GzipReader`, fed in reads
// of 1 to 64 bytes as the second byte says, so that every refill path is taken), 1 the text
// decoder detecting the encoding, 2–6 the text decoder forcing UTF-8, UTF-16, GB18030, GBK or
// Big5, 7 a JSON line. Checked: nothing traps, gzip output stays within 1032 times the
// input (DEFLATE's bound) and a decoded text is valid UTF-8 (it is a String).
import Foundation
import Index

private func fail(_ message: String) -> Never {
  FileHandle.standardError.write(Data("fuzz invariant violated: \(message)\n".utf8))
  abort()
}

private func gunzip(_ input: UnsafeBufferPointer<UInt8>, step: Int) {
  var at = 0
  let reader = GzipReader { buffer in
    let n = min(step, buffer.count, input.count - at)
    for i in 0..<n { buffer[i] = input[at + i] }
    at += n
    return n
  }
  var total = 0
  do {
    while let chunk = try reader.next() {
      total += chunk.count
      if total > 1032 * input.count + 1024 { fail("\(total) bytes out of \(input.count)") }
    }
  } catch {}
}

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
  guard size >= 2 else { return 0 }
  let rest = UnsafeBufferPointer(start: data + 2, count: size - 2)
  let forced: [TextEncoding?] = [nil, .utf8, .utf16, .gb18030, .gbk, .big5]
  switch data[0] % 8 {
  case 0:
    gunzip(rest, step: Int(data[1] % 64) + 1)
  case 7:
    _ = JSONLine.parse(Array(rest)[...])
  case let mode:
    if case .text(let text, _) = TextDecoder.decode(Array(rest), forced: forced[Int(mode) - 1]) {
      _ = text.utf8.count
    }
  }
  return 0
}
