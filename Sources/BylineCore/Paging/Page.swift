/// Which slice of a list to read: the first page, or the page after a cursor.
public struct PageRequest: Hashable, Sendable {
    public var after: PageCursor?
    public var limit: Int

    public init(after: PageCursor? = nil, limit: Int) {
        self.after = after
        self.limit = max(1, min(limit, 100))
    }
}

/// One page of a list and the cursor for 더보기, `nil` on the last page.
public struct Page<Item: Sendable>: Sendable {
    public var items: [Item]
    public var next: PageCursor?

    public init(items: [Item], next: PageCursor?) {
        self.items = items
        self.next = next
    }
}

extension Page: Equatable where Item: Equatable {}

extension PageRequest {
    /// The rows of this page out of `rows`, which were read one past the limit to learn
    /// whether another page follows, and the cursor for it (made from the page's last row).
    public func cut<Row>(_ rows: [Row], cursor: (Row) -> PageCursor) -> (shown: [Row], next: PageCursor?) {
        let shown = Array(rows.prefix(limit))
        return (shown, rows.count > limit ? shown.last.map(cursor) : nil)
    }
}
