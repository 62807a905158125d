/// The first `capacity` elements, in order, of a stable sort by `precedes` of the elements
/// offered one by one: each is inserted after those it does not precede, and the list keeps
/// no more than `capacity`. For the few best of many (the centroid's key terms, a
/// glossary's top terms), where sorting them all cost more than the rest of the ranking.
///
/// ```swift
/// var top = TopList<Int>(capacity: 2) { $0 > $1 }
/// for x in [3, 9, 4, 9] { top.offer(x) }
/// top.elements   // [9, 9]
/// ```
public struct TopList<Element> {
  /// The elements kept, first first.
  @inlinable public var elements: [Element] { kept }
  @usableFromInline var kept: [Element] = []
  /// Most elements kept.
  public let capacity: Int
  @usableFromInline let precedes: (Element, Element) -> Bool

  /// An empty list of at most `capacity` elements ordered by `precedes` (a strict order).
  /// (Inlinable, as are its methods, so that callers get code specialised for their
  /// element: the generic code goes through witness tables for every comparison.)
  @inlinable public init(capacity: Int, by precedes: @escaping (Element, Element) -> Bool) {
    self.capacity = max(0, capacity)
    self.precedes = precedes
    kept.reserveCapacity(self.capacity + 1)
  }

  /// Whether the list holds `capacity` elements (a new one must precede the last to enter).
  @inlinable public var isFull: Bool { kept.count == capacity }

  /// Keeps `element` if it is among the first `capacity` so far.
  @inlinable public mutating func offer(_ element: Element) {
    if isFull {
      guard let last = kept.last, precedes(element, last) else { return }
    }
    var k = kept.count
    while k > 0 && precedes(element, kept[k - 1]) { k -= 1 }
    kept.insert(element, at: k)
    if kept.count > capacity { kept.removeLast() }
  }
}
