/// The city an article was filed from, as in `[서울=Byline]`.
public struct Dateline: Hashable, Sendable {
    public var city: String

    public init(city: String) {
        self.city = city
    }

    /// The bracketed dateline, `[서울=뉴스통신]`, for a given agency name.
    public func bracketed(agency: String) -> String {
        "[\(city)=\(agency)]"
    }
}
