import Foundation

/// Artist, Copyright and DateTimeOriginal from an EXIF block ("Exif\0\0" and a TIFF
/// structure in either byte order). DateTimeOriginal has no zone: it is the camera's
/// clock, taken as Seoul time unless OffsetTimeOriginal says otherwise.
struct EXIFFields {
    var artist: String?
    var copyright: String?
    var dateTimeOriginal: Date?

    init?(_ block: [UInt8]) {
        let tiff = block.starts(with: Array("Exif\0\0".utf8)) ? Array(block.dropFirst(6)) : block
        guard tiff.count >= 8 else { return nil }
        let little: Bool
        switch (tiff[0], tiff[1]) {
        case (0x49, 0x49): little = true
        case (0x4D, 0x4D): little = false
        default: return nil
        }
        func u16(_ i: Int) -> Int? {
            guard i >= 0, i + 2 <= tiff.count else { return nil }
            return little ? Int(tiff[i]) | Int(tiff[i + 1]) << 8 : Int(tiff[i]) << 8 | Int(tiff[i + 1])
        }
        func u32(_ i: Int) -> Int? {
            guard let low = u16(little ? i : i + 2), let high = u16(little ? i + 2 : i) else { return nil }
            return high << 16 | low
        }
        /// The entries of the IFD at `offset`: type, count and where the value (or its offset) is.
        func entries(at offset: Int) -> [Int: (type: Int, count: Int, value: Int)] {
            guard let count = u16(offset), count < 1000 else { return [:] }
            var found: [Int: (type: Int, count: Int, value: Int)] = [:]
            for entry in 0..<count {
                let at = offset + 2 + entry * 12
                guard let tag = u16(at), let type = u16(at + 2), let items = u32(at + 4) else { break }
                found[tag] = (type, items, at + 8)
            }
            return found
        }
        func text(_ entry: (type: Int, count: Int, value: Int)?) -> String? {
            guard let entry, entry.type == 2 || entry.type == 7 else { return nil }
            let start = entry.count <= 4 ? entry.value : (u32(entry.value) ?? -1)
            guard start >= 0, start + entry.count <= tiff.count else { return nil }
            let bytes = tiff[start..<start + entry.count].prefix { $0 != 0 }
            return (String(validating: Array(bytes), as: UTF8.self) ?? LegacyKorean.decode(Array(bytes)))?.meaningful
        }
        guard let first = u32(4) else { return nil }
        let ifd0 = entries(at: first)
        artist = text(ifd0[0x013B])
        copyright = text(ifd0[0x8298])
        if let exifPointer = ifd0[0x8769], let exifOffset = u32(exifPointer.value) {
            let exif = entries(at: exifOffset)
            if let original = text(exif[0x9003]) {
                dateTimeOriginal = Self.date(original, offset: text(exif[0x9011]))
            }
        }
    }

    /// "YYYY:MM:DD HH:MM:SS" with an optional "+09:00".
    static func date(_ text: String, offset: String?) -> Date? {
        let digits = text.split(whereSeparator: { !$0.isNumber }).compactMap { Int($0) }
        guard digits.count == 6, digits[0] > 1900 else { return nil }
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "Asia/Seoul") ?? .gmt
        if let offset, let sign = offset.first, sign == "+" || sign == "-" {
            let parts = offset.dropFirst().split(separator: ":").compactMap { Int($0) }
            if parts.count == 2 {
                calendar.timeZone = TimeZone(secondsFromGMT: (parts[0] * 3600 + parts[1] * 60) * (sign == "-" ? -1 : 1)) ?? calendar.timeZone
            }
        }
        return calendar.date(from: DateComponents(
            year: digits[0], month: digits[1], day: digits[2], hour: digits[3], minute: digits[4], second: digits[5]))
    }
}
