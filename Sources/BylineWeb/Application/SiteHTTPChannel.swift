import Hummingbird
import HummingbirdCore
import Logging
import NIOCore
import NIOHTTP1
import NIOHTTPTypes
import NIOHTTPTypesHTTP1

/// Hummingbird's HTTP/1 child channel with one place more for a handler: `CacheHitHandler`
/// goes before the codec that converts each request to `HTTPTypes`, so that a hit is
/// answered from the decoder's own request head. The rest is `HTTP1Channel`'s pipeline with
/// its default limits: the decoder, the codec, the handlers after it, the connection state
/// handler with the idle timeout, and the async channel Hummingbird's responder reads.
struct SiteHTTPChannel: ServerChildChannel, HTTPChannelHandler {
    typealias Value = NIOAsyncChannel<HTTPRequestPart, HTTPResponsePart>

    let responder: HTTPChannelHandler.Responder
    /// Before the codec, on HTTP/1 parts.
    let beforeConversion: @Sendable () -> [any RemovableChannelHandler]
    /// After it, on `HTTPTypes` parts.
    let afterConversion: @Sendable () -> [any RemovableChannelHandler]
    let idleTimeout: TimeAmount?

    static func builder(
        beforeConversion: @escaping @Sendable () -> [any RemovableChannelHandler],
        afterConversion: @escaping @Sendable () -> [any RemovableChannelHandler],
        idleTimeout: TimeAmount?
    ) -> HTTPServerBuilder {
        HTTPServerBuilder { responder in
            SiteHTTPChannel(
                responder: responder, beforeConversion: beforeConversion, afterConversion: afterConversion, idleTimeout: idleTimeout)
        }
    }

    func setup(channel: any Channel, logger: Logger) -> EventLoopFuture<Value> {
        channel.eventLoop.makeCompletedFuture {
            let defaults = HTTP1Channel.Configuration.DecoderConfiguration()
            var limits = NIOHTTPDecoderLimitConfiguration()
            limits.maxHeaderFieldSize = defaults.maxHeaderFieldSize
            limits.maxHeaderListSize = defaults.maxHeaderListSize
            limits.maxHeaderFieldCount = defaults.maxHeaderFieldCount
            let pipeline = channel.pipeline.syncOperations
            // As `HTTP1Channel` sets it up: errors are answered by the application, and
            // `HTTPTypes` has validated the outbound headers already.
            try pipeline.configureHTTPServerPipeline(
                withPipeliningAssistance: false, withErrorHandling: false, withOutboundHeaderValidation: false,
                withEncoderConfiguration: .init(), withDecoderLimitConfiguration: limits)
            try pipeline.addHandlers(beforeConversion())
            try pipeline.addHandler(HTTP1ToHTTPServerCodec(secure: false))
            try pipeline.addHandlers(afterConversion())
            try pipeline.addHandler(HTTPConnectionStateHandler(idleTimeout: idleTimeout.map { Duration($0) }, logger: logger))
            return try NIOAsyncChannel(wrappingChannelSynchronously: channel, configuration: .init(isOutboundHalfClosureEnabled: true))
        }
    }

    func handle(value asyncChannel: Value, logger: Logger) async {
        await handleHTTP(asyncChannel: asyncChannel, logger: logger)
    }
}
