import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// EUC-KR text (read as CP949, its superset) turned into a String with the C library's
/// iconv; nil when the bytes are not that either.
enum LegacyKorean {
    static func decode(_ bytes: [UInt8]) -> String? {
        let converter = iconv_open("UTF-8", "CP949")
        guard converter != iconv_t(bitPattern: -1) else { return nil }
        defer { iconv_close(converter) }
        var input = bytes.map { CChar(bitPattern: $0) }
        var output = [CChar](repeating: 0, count: bytes.count * 3 + 4)
        let converted: Int? = input.withUnsafeMutableBufferPointer { source in
            output.withUnsafeMutableBufferPointer { target in
                var inPointer = source.baseAddress
                var inLeft = source.count
                var outPointer = target.baseAddress
                var outLeft = target.count
                guard iconv(converter, &inPointer, &inLeft, &outPointer, &outLeft) != -1, inLeft == 0 else { return nil }
                return target.count - outLeft
            }
        }
        guard let converted else { return nil }
        return String(validating: output.prefix(converted).map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }
}
