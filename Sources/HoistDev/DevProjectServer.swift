import Foundation

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// A whole project on one machine: each function its own processes behind its own Runtime APIs
/// (``FunctionPool``), and one HTTP front that hands each request to the function whose route matches
/// (``APIRouteTable``), 404 `{"message":"Not Found"}` when none does.
public final class DevProjectServer: @unchecked Sendable {
    /// Durations and statuses of the requests served.
    public let latency = LatencyRecorder()
    /// Each function's processes, in the order configured.
    public let pools: [FunctionPool]
    private let front: HTTPFront
    private let lock = NSLock()
    private var stopped = false

    /// Opens the sockets (nothing runs until ``start()``) for `functions` (at least one, distinct names, positive
    /// timeouts), the HTTP front on `port` (0: a free one); `accountId` goes into the events' request context.
    public init(
        port: UInt16, functions: [DevFunctionConfiguration], accountId: String = "000000000000",
        log: @escaping @Sendable (String) -> Void
    ) throws(DevServerError) {
        guard !functions.isEmpty, Set(functions.map(\.name)).count == functions.count else {
            throw DevServerError(.invalidConfiguration, "functions must be one or more, each named once")
        }
        var pools: [FunctionPool] = []
        var routed: [APIRouting.Function] = []
        for function in functions {
            guard function.timeout > 0 else {
                throw DevServerError(.invalidConfiguration, "the timeout of \(function.name) must be positive")
            }
            let pool = try FunctionPool(
                name: function.name, processes: function.processes, launch: function.launch,
                functionArn: function.functionArn, log: log)
            pools.append(pool)
            routed.append(
                .init(name: function.name, routeKeys: function.routeKeys, invoker: pool, timeout: function.timeout))
        }
        let routing: APIRouting
        do {
            routing = try APIRouting(routed)
        } catch {
            throw DevServerError(.invalidConfiguration, error.description)
        }
        self.pools = pools
        let handler = HTTPFrontHandler(builder: APIGatewayEventBuilder(accountId: accountId), routing: routing)
        front = try HTTPFront(port: port, handler: handler, recorder: latency, log: log)
    }

    /// The HTTP front's port.
    public var port: UInt16 { front.port }

    /// The processes of the function `name`.
    public func pool(_ name: String) -> FunctionPool? { pools.first { $0.name == name } }

    /// Starts every function's Runtime APIs and processes, then the HTTP front.
    public func start() {
        signal(SIGPIPE, SIG_IGN)
        for pool in pools { pool.start() }
        front.start()
    }

    /// Stops accepting requests, answers what is waiting, stops every function's processes (all at once, so
    /// their grace periods overlap); idempotent.
    public func stop() {
        let already = lock.withLock {
            defer { stopped = true }
            return stopped
        }
        guard !already else { return }
        front.stop()
        let group = DispatchGroup()
        for pool in pools {
            group.enter()
            DevThreads.start("hoist-stop-\(pool.name)") {
                pool.stop()
                group.leave()
            }
        }
        group.wait()
    }
}
