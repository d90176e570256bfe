import Index

/// Random Chinese-like documents drawn from a small alphabet, so that terms repeat.
package func randomCorpus(seed: UInt64, documents: Int, maxLength: Int = 80) -> [Document] {
  var rng = SeededGenerator(seed: seed)
  let han = Array("教育质量学校发展工作中国人民政府建设教师学生")
  let other = ["，", "。", " ", "2020", "年", "AI", "5G", "k12", "、", "！", "STEAM"]
  var docs: [Document] = []
  for d in 0..<documents {
    var text = ""
    let length = Int.random(in: 0...maxLength, using: &rng)
    for _ in 0..<length {
      if Int.random(in: 0..<5, using: &rng) == 0 {
        text += other.randomElement(using: &rng)!
      } else {
        text.append(han.randomElement(using: &rng)!)
      }
    }
    let title: String? = Int.random(in: 0..<4, using: &rng) == 0 ? "标题\(d % 7)" : nil
    docs.append(Document(id: "doc-\(d)", title: title, text: text))
  }
  return docs
}
