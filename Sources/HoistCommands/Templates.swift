/// The files `hoist init` writes, kept byte-identical to `templates/` by a test.
enum Templates {
    /// templates/hoist.yml: the commented starter config.
    static let hoistYML = #"""
        # hoist.yml — what `hoist deploy` builds and creates. Paths are relative to this file.
        # Every key but `project` and `backend.product` is optional; the values shown are the defaults
        # (or examples, where a key has no default). Resource names are <project>-<stage>[-<table>].
        # One function by default; a project of several declares `functions:` (below).

        # Project name: a-z, 0-9 and '-', 1–40 characters, starting with a letter.
        project: movies-api

        # Region. When absent: --region, then AWS_REGION / AWS_DEFAULT_REGION, then the profile.
        # region: us-east-1

        # Runtime: provided.al2023 (default) | provided.al2 | python3.9 … python3.13.
        runtime: provided.al2023

        # Handler: bootstrap for provided.* (default); required for python3.x, e.g. app.handler.
        handler: bootstrap

        # Architecture: x86_64 (default) | arm64.
        architecture: x86_64

        backend:
          # Folder of the backend's Swift package, relative to this file (default ".").
          # For python3.x: the folder whose files make the code zip.
          path: .
          # Executable product that becomes the function's bootstrap (required for provided.*).
          product: Backend

        function:
          # Memory in MB: 128–10240 (default 512).
          memory: 512
          # Timeout in seconds: 1–900 (default 10).
          timeout: 10
          # Reserved concurrency: 0–1000 (default: none, the account's unreserved pool).
          # reserved_concurrency: 10
          # Environment variables: names [A-Za-z][A-Za-z0-9_]*, not Lambda's reserved ones (AWS_REGION, …).
          # All variables, including the ones hoist adds for tables, secrets and admins, total ≤ 4 KB.
          # Plans show each value as a digest (sha256:…) unless the variable is marked public.
          environment:
            LOG_LEVEL: {value: info, public: true}

        # Layer content (default: none): files or folders, relative to this file.
        #   prefix: where it goes inside the zip (default: the file's name for a file, "" for a folder).
        #   exclude: glob patterns to leave out.
        # layer:
        #   - path: lib/
        #     prefix: lib/
        #     exclude: ["*.pyc"]

        # Python only (python3.x): what pip installs into the layer's python/ folder (default: none).
        # A requirements file, relative to this file, or a list of specifiers. pip takes only wheels built for
        # Lambda (manylinux2014, the runtime's CPython); its own settings apply (PIP_INDEX_URL, PIP_FIND_LINKS,
        # PIP_NO_INDEX, pip.conf). For Python the code zip is backend.path minus python/, __pycache__, .git, .hoist.
        # requirements: requirements.txt
        # requirements: [pyjwt==2.9.0, "passlib[bcrypt]"]

        # Extra files for the code zip next to bootstrap (default: none), same shape as layer.
        # The code zip's folders leave out .env, .env.*, .venv/, venv/, *.pem, *.key, .aws/, .git* and node_modules/
        # (hoist package --verbose lists what was left out); a file named here ships anyway, at prefix (its path in
        # the zip; default: its name).
        # code_extra:
        #   - path: static/
        #     prefix: static/
        #   - path: certs/ca.pem
        #     prefix: certs/ca.pem

        # DynamoDB tables, named <project>-<stage>-<name>.
        #   partition_key / sort_key: an attribute name (type S) or {name: x, type: S|N|B}; sort_key optional.
        #   billing: on_demand (default) | provisioned.  point_in_time_recovery: true (default) | false.
        #   env: the variable carrying the table's name (default <NAME>_TABLE).
        #   actions: the DynamoDB actions the function may take on it (default GetItem, PutItem, DeleteItem, Scan).
        tables:
          users:
            partition_key: username
            billing: on_demand
            point_in_time_recovery: true
            env: USERS_TABLE
            actions: [GetItem, PutItem, DeleteItem]
          movies:
            partition_key: {name: movieId, type: S}
            # sort_key: {name: createdAt, type: S}

        # Secrets in Secrets Manager, named <project>/<stage>/<NAME>; generated, never printed.
        #   length: random bytes, 32–4096 (default 64).
        #   env: the variable carrying the secret's ARN (default <NAME>_ARN).
        #   rotate_every: Nd with N in 1–365 (default: no scheduled rotation; `hoist secrets rotate` any time).
        #     deploy sets up Secrets Manager's rotation: function <project>-<stage>-rotate (the same bootstrap,
        #     HOIST_ROTATION_HANDLER=1) with its own role; one secret at most, provided.* runtimes only.
        secrets:
          JWT_SECRET_KEY:
            length: 64
            env: JWT_SECRET_ARN
            # rotate_every: 30d

        # Usernames that hold the admin role; passed to the function as ADMIN_USERNAMES (default: none).
        admins: []

        # Extra statements for the execution role (default: none). Actions are service:Action;
        # a bare "*" action or resource is refused: name the ARNs.
        # permissions:
        #   - actions: ["s3:GetObject"]
        #     resources: ["arn:aws:s3:::my-bucket/*"]

        api:
          # "$default" (default: every request) or a list of route keys such as "GET /movies".
          routes: $default
          # CORS (default: none). max_age in seconds, 0–86400.
          # cors:
          #   allow_origins: ["*"]
          #   allow_methods: [GET, POST]
          #   allow_headers: [authorization, content-type]
          #   max_age: 300

        # Several functions (default: none, the one function above, named <project>-<stage>). With `functions:`, each
        # function says its own product, routes and permissions: top-level `backend.product`, `api.routes` and
        # `permissions` are refused; `backend.path` is still the package every product is built from, `function:` gives
        # every function its defaults and a stage's `function:` applies to every function.
        # A function's name: a lowercase letter, then lowercase letters and digits, at most 24 (no '-'); not rotate, deps,
        # execution, dlq or schedule. It becomes <project>-<stage>-<name> (a function named after the project keeps
        # <project>-<stage>); a stage may not end in -<name>.
        # functions:
        #   api:
        #     # The executable product that becomes its bootstrap (required for provided.*).
        #     product: Backend
        #     # For python3.x instead: its handler (default: the top-level handler).
        #     # handler: app.handler
        #     # x86_64 | arm64 (default: the top-level architecture). Products are built once per architecture some
        #     # function runs on (another than the top-level one: .hoist/build/<product>@<architecture>; on a machine of
        #     # the other architecture that takes the static Linux SDK). Functions sharing a dependency layer
        #     # (requirements, layer) share one architecture. A change is made in place, with the code.
        #     # architecture: arm64
        #     # Memory, timeout, reserved_concurrency: default those of `function:`; environment merges onto its.
        #     memory: 512
        #     timeout: 10
        #     # reserved_concurrency: 10
        #     environment:
        #       LOG_LEVEL: info
        #     # The tables and secrets it uses (default: none): its role allows exactly these and its environment names
        #     # them (<NAME>_TABLE, <NAME>_ARN). A secret with rotate_every must be used by a function.
        #     uses: [users, movies, JWT_SECRET_KEY]
        #     # Functions with a queue it may send to (default: none); sends_to: [worker] sets WORKER_QUEUE_URL.
        #     sends_to: [worker]
        #     # Extra statements for its role (default: none), as the top-level permissions.
        #     # permissions:
        #     #   - actions: ["s3:GetObject"]
        #     #     resources: ["arn:aws:s3:::my-bucket/*"]
        #     # The HTTP API routes it answers: "$default" or a list of route keys (default: none). A route goes to one
        #     # function; api.cors is the API's.
        #     http: ["GET /movies", "POST /movies"]
        #     # A function URL on the alias (default: none); url: true for the defaults.
        #     url:
        #       # iam (default: callers sign with SigV4 and need lambda:InvokeFunctionUrl) | none (public: anyone).
        #       auth: iam
        #       # CORS (default: none), the keys of api.cors.
        #       # cors: {allow_origins: ["https://movies.example.com"], allow_methods: [GET, POST]}
        #   nightly:
        #     product: Nightly
        #     # An EventBridge Scheduler schedule that invokes it (default: none): schedule: rate(1 day), or
        #     # rate(<n> minute(s)|hour(s)|day(s)) / cron(minutes hours day-of-month month day-of-week year) with one of
        #     # the day fields '?'. Its role is <project>-<stage>-<name>-schedule.
        #     schedule:
        #       expression: "cron(0 3 * * ? *)"
        #       # The IANA time zone a cron is read in (default UTC).
        #       timezone: Europe/Paris
        #       # The event the function receives, written as YAML, sent as JSON (default {}).
        #       payload: {job: report}
        #   worker:
        #     product: Worker
        #     # An SQS queue <project>-<stage>-<name> it drains, with dead-letter queue <project>-<stage>-<name>-dlq
        #     # (default: none); queue: {} for the defaults.
        #     queue:
        #       # Messages per invocation, 1–10000 (default 10); over 10 needs batching_window of at least 1.
        #       batch_size: 10
        #       # Seconds Lambda waits to fill a batch, 0–300 (default 0).
        #       batching_window: 0
        #       # Receives before a message moves to the dead-letter queue, 1–1000 (default 5).
        #       max_receives: 5
        #       # Seconds, at least 6 × the function's timeout and at most 43200 (default 6 × timeout).
        #       # visibility_timeout: 60
        #       # Days a message is kept, 1–14 (default 4; the dead-letter queue keeps 14).
        #       retention_days: 4
        #       # The function reports failed messages only (batchItemFailures), the rest are deleted (default true).
        #       partial_batch_responses: true

        # Log retention in days (default: never expire). One of 1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180,
        # 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653.
        log_retention_days: 14

        # Tags on every resource (default: none): at most 40; keys must not start with aws: or hoist:.
        tags:
          team: movies

        upload:
          # Artifacts up to this size go inline; larger ones through S3. 1–50 (default 10).
          direct_limit_mb: 10
          # S3 multipart part size, 5–100 (default 8).
          part_size_mb: 8
          # The artifact bucket (default hoist-<account>-<region>); name one of this account's when another account
          # holds that name. hoist refuses a bucket it cannot prove is this account's.
          # bucket: my-team-artifacts

        # How a deploy releases the function. A deploy that changes code or configuration publishes a version and
        # moves the alias to it; API Gateway invokes the alias, so `hoist rollback` switches all traffic back at once.
        deploy:
          # The alias every trigger invokes (default live).
          alias: live
          # Published versions kept, 2–100 (default 5); older ones no alias holds are deleted.
          keep_versions: 5
          # Give the new version a share of the traffic first and watch its Errors and Throttles for the window; any
          # error rolls back by itself (default: none, release at once). `hoist deploy --canary 10%:5m` does the same.
          # canary: 10%:5m
          # The errors plus throttles the new version may have in the window before it is rolled back (default 0).
          canary_threshold: 0

        # The stage used without --stage (default dev). When `stages` is present it must list this stage.
        default_stage: dev

        # Per-stage overrides (default: none). A stage may set region, function (memory, timeout,
        # reserved_concurrency, environment — merged), tables (per table billing, point_in_time_recovery),
        # admins, log_retention_days, tags (merged), api.cors and upload.
        stages:
          dev: {}
          prod:
            function:
              memory: 1024
            log_retention_days: 90

        """#

    /// templates/backend/Package.swift: the minimal backend's package (`hoist init --backend`).
    static let backendPackage = #"""
        // swift-tools-version:6.0
        // A minimal Lambda backend written by `hoist init --backend`: no dependencies, so `hoist build` links it fully
        // static (-static-executable) and it loads on provided.al2023 and provided.al2.
        import PackageDescription

        let package = Package(
            name: "backend",
            targets: [
                .executableTarget(name: "Backend")
            ]
        )

        """#

    /// templates/backend/Sources/Backend/main.swift: the minimal backend's Runtime API loop and handler.
    static let backendMain = #"""
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

        """#
}
