/// A member of the newsroom who writes articles or takes photos.
public struct Reporter: Hashable, Sendable {
    public var id: ReporterID
    public var name: String
    public var email: String
    /// A line about the reporter's beat, shown on the reporter page.
    public var beat: String

    public init(id: ReporterID, name: String, email: String, beat: String = "") {
        self.id = id
        self.name = name
        self.email = email
        self.beat = beat
    }
}
