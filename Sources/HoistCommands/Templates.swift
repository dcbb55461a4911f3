/// The files `hoist init` writes, kept byte-identical to `templates/` by a test.
enum Templates {
    /// templates/hoist.yml: the commented starter config.
    static let hoistYML = #"""
        # hoist.yml — what `hoist deploy` builds and creates. Paths are relative to this file.
        # Every key but `project` and `backend.product` is optional; the values shown are the defaults
        # (or examples, where a key has no default). Resource names are <project>-<stage>[-<table>].

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
          environment:
            LOG_LEVEL: info

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
        # code_extra:
        #   - path: static/
        #     prefix: static/

        # DynamoDB tables, named <project>-<stage>-<name>.
        #   partition_key / sort_key: an attribute name (type S) or {name: x, type: S|N|B}; sort_key optional.
        #   billing: on_demand (default) | provisioned.  point_in_time_recovery: true (default) | false.
        #   env: the variable carrying the table's name (default <NAME>_TABLE).
        tables:
          users:
            partition_key: username
            billing: on_demand
            point_in_time_recovery: true
            env: USERS_TABLE
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
}
