import CBylineVips
import Logging

/// One libvips image, released when the last Swift reference goes.
final class VipsImage {
    let pointer: OpaquePointer

    private init(_ pointer: OpaquePointer) { self.pointer = pointer }

    /// Wraps what a bv_ call returned; nil (and the library's reason, logged) on failure.
    static func wrap(_ pointer: OpaquePointer?, _ what: @autoclosure () -> String) -> VipsImage? {
        guard let pointer else {
            Vips.logFailure(what())
            return nil
        }
        return VipsImage(pointer)
    }

    deinit { bv_release(pointer) }

    var width: Int { Int(bv_width(pointer)) }
    var height: Int { Int(bv_height(pointer)) }

    func blob(_ name: String) -> [UInt8]? {
        var data: UnsafeRawPointer?
        var length = 0
        guard bv_blob(pointer, name, &data, &length) == 0, let data, length > 0 else { return nil }
        return Array(UnsafeRawBufferPointer(start: data, count: length))
    }
}

enum Vips {
    static let started: Bool = bv_start() == 0
    static let logger = Logger(label: "byline.photos")

    static func has(_ operation: String) -> Bool { started && bv_has_operation(operation) != 0 }

    /// libvips keeps its reasons in one buffer; they go to the log, never to a person.
    static func logFailure(_ what: String) {
        var buffer = [CChar](repeating: 0, count: 2048)
        bv_take_error(&buffer, buffer.count)
        let reason = String(decoding: buffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
        logger.warning("image processing failed", metadata: ["step": "\(what)", "reason": "\(reason)"])
    }
}
