/// What a Korean internet newspaper must show on every page (신문법 §21 and the youth
/// protection rule): its title, registration, publisher, editor, address, phone and
/// youth protection officer. Every item is configuration; the defaults are the demo
/// site's and are marked as such, so that a real site cannot ship them unnoticed.
public struct Masthead: Hashable, Sendable {
    public var registrationNumber: String
    public var registrationDate: String
    public var publisher: String
    public var editor: String
    public var address: String
    public var phone: String
    public var youthOfficer: String
    public var youthOfficerContact: String

    public init(
        registrationNumber: String = Masthead.demo.registrationNumber, registrationDate: String = Masthead.demo.registrationDate,
        publisher: String = Masthead.demo.publisher, editor: String = Masthead.demo.editor, address: String = Masthead.demo.address,
        phone: String = Masthead.demo.phone, youthOfficer: String = Masthead.demo.youthOfficer,
        youthOfficerContact: String = Masthead.demo.youthOfficerContact
    ) {
        self.registrationNumber = registrationNumber
        self.registrationDate = registrationDate
        self.publisher = publisher
        self.editor = editor
        self.address = address
        self.phone = phone
        self.youthOfficer = youthOfficer
        self.youthOfficerContact = youthOfficerContact
    }

    private init(demo: Void) {
        registrationNumber = "서울 아00000 (예시)"
        registrationDate = "2024.01.01"
        publisher = "홍발행 (예시)"
        editor = "김편집 (예시)"
        address = "서울특별시 중구 예시로 1 (예시)"
        phone = "02-000-0000 (예시)"
        youthOfficer = "이보호 (예시)"
        youthOfficerContact = "youth@byline.example"
    }

    /// The demo site's values: plainly examples.
    public static let demo = Masthead(demo: ())

    /// The environment variable each item is read from, with its Korean label.
    public static var settings: [(key: String, label: String, path: WritableKeyPath<Masthead, String>)] {
        [
        ("registrationNumber", "등록번호", \.registrationNumber), ("registrationDate", "등록일", \.registrationDate),
        ("publisher", "발행인", \.publisher), ("editor", "편집인", \.editor), ("address", "주소", \.address),
        ("phone", "전화", \.phone), ("youthOfficer", "청소년보호책임자", \.youthOfficer),
        ("youthOfficerContact", "청소년보호책임자 연락처", \.youthOfficerContact),
        ]
    }

    /// Items still empty or left at the demo value: what a real site must set.
    public var unset: [String] {
        Self.settings.filter { self[keyPath: $0.path].isEmpty || self[keyPath: $0.path] == Self.demo[keyPath: $0.path] }.map(\.key)
    }
}
