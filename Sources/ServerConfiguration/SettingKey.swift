/// Every setting the `safetynet` commands read. Each comes from its command-line flag, else its
/// environment variable, else the configuration file, else its default.
public enum SettingKey: String, CaseIterable, Sendable {
    /// The runtime role's database URL.
    case databaseURL = "SAFETYNET_DATABASE_URL"
    /// A file holding the runtime role's database URL.
    case databaseURLFile = "SAFETYNET_DATABASE_URL_FILE"
    /// The schema owner's database URL, for migrations.
    case ownerDatabaseURL = "SAFETYNET_OWNER_DATABASE_URL"
    /// A file holding the owner's database URL.
    case ownerDatabaseURLFile = "SAFETYNET_OWNER_DATABASE_URL_FILE"
    /// Database connections at most.
    case poolSize = "SAFETYNET_POOL_SIZE"
    /// The address the HTTPS server binds.
    case host = "SAFETYNET_HOST"
    /// The HTTPS port.
    case port = "SAFETYNET_PORT"
    /// The TLS certificate chain, PEM.
    case certificate = "SAFETYNET_TLS_CERTIFICATE"
    /// The TLS private key, PEM.
    case privateKey = "SAFETYNET_TLS_PRIVATE_KEY"
    /// The CA of department systems' client certificates, PEM.
    case clientCA = "SAFETYNET_TLS_CLIENT_CA"
    /// Client connections open at once.
    case maxConnections = "SAFETYNET_MAX_CONNECTIONS"
    /// The file of signed audit checkpoints.
    case auditCheckpoints = "SAFETYNET_AUDIT_CHECKPOINTS"
    /// The folder for local state.
    case dataDirectory = "SAFETYNET_DATA_DIR"
    /// The lowest level logged.
    case logLevel = "LOG_LEVEL"
    /// `text` or `json` log lines.
    case logFormat = "SAFETYNET_LOG_FORMAT"
    /// Days between visits per risk level.
    case visitIntervals = "SAFETYNET_VISIT_INTERVALS"
    /// The district settings file.
    case assistanceSettings = "SAFETYNET_ASSISTANCE_SETTINGS"
    /// The personal-data keyring file.
    case personalDataKeysFile = "SAFETYNET_PERSONAL_DATA_KEYS_FILE"
    /// The address the metrics port binds.
    case metricsHost = "SAFETYNET_METRICS_HOST"
    /// The metrics port; metrics are off without it.
    case metricsPort = "SAFETYNET_METRICS_PORT"

    /// The environment variable.
    public var variable: String { rawValue }

    /// The key in a configuration file: the variable's name without `SAFETYNET_`, in lower case,
    /// with dashes (`SAFETYNET_TLS_CERTIFICATE` is `tls-certificate`, `LOG_LEVEL` is `log-level`).
    public var fileKey: String {
        let name = rawValue.hasPrefix("SAFETYNET_") ? rawValue.dropFirst("SAFETYNET_".count) : Substring(rawValue)
        return name.lowercased().replacingOccurrences(of: "_", with: "-")
    }

    /// The variant naming a file that holds the value, for secrets handed over as files.
    public var fileVariant: SettingKey? {
        switch self {
        case .databaseURL: .databaseURLFile
        case .ownerDatabaseURL: .ownerDatabaseURLFile
        default: nil
        }
    }
}
