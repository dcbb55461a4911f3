// A minimal Lambda function for an HTTP API (payload 2.0), written by `hoist init --backend`.
// It talks to the Lambda Runtime API itself over a POSIX socket: no dependencies, links fully static.
// `hoist dev` runs it locally; `hoist deploy` ships it. Replace `handle` with your own code.

#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#elseif canImport(Darwin)
    import Darwin
#endif

/// Answers one API Gateway event (JSON text) with an API Gateway response (JSON text).
func handle(event: String) -> String {
    let path = jsonStringField("rawPath", in: event) ?? "/"
    let function = getenvString("AWS_LAMBDA_FUNCTION_NAME") ?? "local"
    let body = "{\"message\":\"hello from \(jsonEscaped(function))\",\"path\":\"\(jsonEscaped(path))\"}"
    return "{\"statusCode\":200,\"headers\":{\"content-type\":\"application/json\"},\"body\":\"\(jsonEscaped(body))\"}"
}

/// The Runtime API loop: next → handle → response, forever.
func main() {
    guard let api = getenvString("AWS_LAMBDA_RUNTIME_API") else {
        let message = Array("AWS_LAMBDA_RUNTIME_API is not set: run this under Lambda or `hoist dev`\n".utf8)
        _ = message.withUnsafeBytes { write(2, $0.baseAddress, $0.count) }
        exit(1)
    }
    while true {
        guard let next = exchange(api, "GET", "/2018-06-01/runtime/invocation/next", body: ""),
            let requestId = next.headers["lambda-runtime-aws-request-id"]
        else {
            sleep(1)
            continue
        }
        let answer = handle(event: next.body)
        _ = exchange(api, "POST", "/2018-06-01/runtime/invocation/\(requestId)/response", body: answer)
    }
}

/// One HTTP/1.1 exchange on a new connection (`Connection: close`): the response's headers and body.
func exchange(_ address: String, _ method: String, _ path: String, body: String) -> (
    headers: [String: String], body: String
)? {
    let parts = address.split(separator: ":")
    guard parts.count == 2 else { return nil }
    var hints = addrinfo()
    hints.ai_family = AF_UNSPEC
    #if canImport(Darwin)
        hints.ai_socktype = SOCK_STREAM
    #else
        hints.ai_socktype = Int32(SOCK_STREAM.rawValue)
    #endif
    var list: UnsafeMutablePointer<addrinfo>?
    guard getaddrinfo(String(parts[0]), String(parts[1]), &hints, &list) == 0, let info = list else { return nil }
    defer { freeaddrinfo(list) }
    let fd = socket(info.pointee.ai_family, info.pointee.ai_socktype, 0)
    guard fd >= 0 else { return nil }
    defer { close(fd) }
    guard connect(fd, info.pointee.ai_addr, info.pointee.ai_addrlen) == 0 else { return nil }
    let payload = Array(body.utf8)
    let request = Array(
        ("\(method) \(path) HTTP/1.1\r\nHost: \(address)\r\nConnection: close\r\n"
            + "Content-Type: application/json\r\nContent-Length: \(payload.count)\r\n\r\n").utf8) + payload
    var sent = 0
    while sent < request.count {
        let count = request.withUnsafeBytes { send(fd, $0.baseAddress! + sent, $0.count - sent, 0) }
        guard count > 0 else { return nil }
        sent += count
    }
    var received: [UInt8] = []
    var chunk = [UInt8](repeating: 0, count: 65_536)
    while true {
        let count = chunk.withUnsafeMutableBytes { recv(fd, $0.baseAddress, $0.count, 0) }
        if count <= 0 { break }
        received += chunk[0..<count]
    }
    guard let split = headEnd(received) else { return nil }
    var headers: [String: String] = [:]
    for line in String(decoding: received[..<split], as: UTF8.self).split(separator: "\r\n").dropFirst() {
        guard let colon = line.firstIndex(of: ":") else { continue }
        let name = line[..<colon].lowercased()
        headers[name] = String(line[line.index(after: colon)...].drop { $0 == " " })
    }
    var bodyBytes = Array(received[(split + 4)...])
    if let length = headers["content-length"].flatMap({ Int($0) }), length <= bodyBytes.count {
        bodyBytes = Array(bodyBytes[..<length])
    }
    return (headers, String(decoding: bodyBytes, as: UTF8.self))
}

/// The index of the blank line ending an HTTP head.
func headEnd(_ bytes: [UInt8]) -> Int? {
    guard bytes.count >= 4 else { return nil }
    for index in 0...(bytes.count - 4)
    where bytes[index] == 13 && bytes[index + 1] == 10 && bytes[index + 2] == 13 && bytes[index + 3] == 10 {
        return index
    }
    return nil
}

/// The value of the first `"name":"…"` string field (a backslash keeps the character after it).
func jsonStringField(_ name: String, in json: String) -> String? {
    let scalars = Array(json.unicodeScalars)
    let key = Array("\"\(name)\":\"".unicodeScalars)
    guard scalars.count >= key.count else { return nil }
    for start in 0...(scalars.count - key.count) where Array(scalars[start..<(start + key.count)]) == key {
        var end = start + key.count
        var value = String.UnicodeScalarView()
        while end < scalars.count, scalars[end] != "\"" {
            if scalars[end] == "\\", end + 1 < scalars.count {
                value.append(scalars[end + 1])
                end += 2
                continue
            }
            value.append(scalars[end])
            end += 1
        }
        return String(value)
    }
    return nil
}

/// Text escaped for a JSON string.
func jsonEscaped(_ text: String) -> String {
    var out = ""
    for scalar in text.unicodeScalars {
        switch scalar {
        case "\"": out += "\\\""
        case "\\": out += "\\\\"
        case "\n": out += "\\n"
        case "\r": out += "\\r"
        case "\t": out += "\\t"
        default:
            if scalar.value < 0x20 {
                let hex = String(scalar.value, radix: 16)
                out += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
            } else {
                out.unicodeScalars.append(scalar)
            }
        }
    }
    return out
}

/// An environment variable as a String.
func getenvString(_ name: String) -> String? {
    getenv(name).map { String(cString: $0) }
}

main()
