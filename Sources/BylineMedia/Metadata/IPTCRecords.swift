import Foundation

/// IPTC-IIM datasets, from a JPEG's Photoshop block (APP13, resource 0x0404) or bare.
///
/// Text is UTF-8 when dataset 1:90 says so (ESC % G) or when the bytes are valid UTF-8;
/// otherwise it is read as EUC-KR (CP949), which older Korean cameras and desks write
/// without naming it.
struct IPTCRecords {
    private var values: [UInt16: [UInt8]] = [:]
    private var declaredUTF8 = false

    init(_ bytes: [UInt8]) {
        let iim = Self.iimBlock(in: bytes) ?? bytes[...]
        var index = iim.startIndex
        while index + 5 <= iim.endIndex, iim[index] == 0x1C {
            let record = iim[index + 1], dataset = iim[index + 2]
            var length = Int(iim[index + 3]) << 8 | Int(iim[index + 4])
            index += 5
            if length & 0x8000 != 0 {
                // Extended dataset: the next (length & 0x7FFF) bytes hold the length.
                let count = length & 0x7FFF
                guard count <= 4, index + count <= iim.endIndex else { return }
                length = iim[index..<index + count].reduce(0) { $0 << 8 | Int($1) }
                index += count
            }
            guard index + length <= iim.endIndex else { return }
            let value = Array(iim[index..<index + length])
            let key = UInt16(record) << 8 | UInt16(dataset)
            if key == 0x015A {
                declaredUTF8 = value == [0x1B, 0x25, 0x47]
            } else if values[key] == nil {
                values[key] = value
            }
            index += length
        }
    }

    var caption: String? { text(2, 120) }
    var byline: String? { text(2, 80) }
    var credit: String? { text(2, 110) }
    var copyright: String? { text(2, 116) }

    /// 2:55 (CCYYMMDD) with 2:60 (HHMMSS±HHMM) when present; a date alone is taken at noon
    /// in Seoul so that it shows as that day.
    var createdAt: Date? {
        guard let date = text(2, 55), date.count == 8, let year = Int(date.prefix(4)),
              let month = Int(date.dropFirst(4).prefix(2)), let day = Int(date.suffix(2)) else { return nil }
        var components = DateComponents(year: year, month: month, day: day, hour: 12)
        var zone = TimeZone(identifier: "Asia/Seoul")
        if let time = text(2, 60), time.count >= 6, let hour = Int(time.prefix(2)),
           let minute = Int(time.dropFirst(2).prefix(2)), let second = Int(time.dropFirst(4).prefix(2)) {
            components.hour = hour
            components.minute = minute
            components.second = second
            if time.count == 11, let sign = time.dropFirst(6).first, let offsetHours = Int(time.dropFirst(7).prefix(2)),
               let offsetMinutes = Int(time.suffix(2)) {
                let offset = (offsetHours * 3600 + offsetMinutes * 60) * (sign == "-" ? -1 : 1)
                zone = TimeZone(secondsFromGMT: offset)
            }
        }
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = zone ?? .gmt
        return calendar.date(from: components)
    }

    private func text(_ record: UInt8, _ dataset: UInt8) -> String? {
        guard let bytes = values[UInt16(record) << 8 | UInt16(dataset)] else { return nil }
        if declaredUTF8, let text = String(validating: bytes, as: UTF8.self) { return text.meaningful }
        if let text = String(validating: bytes, as: UTF8.self) { return text.meaningful }
        return LegacyKorean.decode(bytes)?.meaningful
    }

    /// The IIM inside "Photoshop 3.0\0" image resource blocks: "8BIM", id, padded Pascal
    /// name, length, data (padded to even).
    private static func iimBlock(in bytes: [UInt8]) -> ArraySlice<UInt8>? {
        let signature = Array("Photoshop 3.0\0".utf8)
        guard bytes.starts(with: signature) else { return nil }
        var index = signature.count
        while index + 12 <= bytes.count, bytes[index..<index + 4].elementsEqual("8BIM".utf8) {
            let id = Int(bytes[index + 4]) << 8 | Int(bytes[index + 5])
            index += 6
            let nameLength = Int(bytes[index])
            index += (nameLength + 2) & ~1
            guard index + 4 <= bytes.count else { return nil }
            let length = bytes[index..<index + 4].reduce(0) { $0 << 8 | Int($1) }
            index += 4
            guard index + length <= bytes.count else { return nil }
            if id == 0x0404 { return bytes[index..<index + length] }
            index += (length + 1) & ~1
        }
        return nil
    }
}
