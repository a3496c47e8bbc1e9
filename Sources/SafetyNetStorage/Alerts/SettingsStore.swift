import Foundation
import PostgresClient
import SafetyNetKernel

/// One stored version of the district's settings, as the admin and the API read it.
public struct SettingsVersionView: Sendable, Codable, Hashable {
    /// The version number.
    public let version: Int
    /// The values set in it, by key; every other parameter is at its default.
    public let overrides: [String: Int]
    /// Why it was changed.
    public let note: String
    /// The login of who changed it; nil for the defaults and settings files read at start-up.
    public let changedBy: String?
    public let changedAt: Date
}

/// Settings read from a file at start-up (`--assistance-settings`), and where from.
public struct SettingsFile: Sendable, Hashable {
    /// The values the file sets.
    public let values: AssistanceSettings
    /// The file's path, recorded with the version it becomes.
    public let path: String

    /// Pairs the values with their file.
    public init(values: AssistanceSettings, path: String) {
        self.values = values
        self.path = path
    }
}

/// The district's settings, versioned in `settings_version`: every change is a new version, put in
/// force at once through the catalog's board, so the next batch, case or referral reads it.
public struct SettingsStore: Sendable {
    let pool: ConnectionPool
    let catalog: AssistanceCatalog

    /// Creates the store over the catalog whose parameters it checks and whose board it updates.
    public init(pool: ConnectionPool, catalog: AssistanceCatalog) {
        self.pool = pool
        self.catalog = catalog
    }

    /// Puts the latest stored version in force. Settings from a file at start-up that differ
    /// from it are stored first, as a new version, so they win and stay on record.
    @discardableResult
    public func load(file: SettingsFile?) async throws -> DistrictSettings {
        let latest = try await pool.withConnection { try Self.latest(on: $0, known: catalog) }
        guard let file, file.values != latest.values else {
            catalog.settingsBoard.install(latest)
            return latest
        }
        return try await store(file.values, note: "settings file \(file.path) read at start-up", by: nil, now: Date())
    }

    /// Stores `changes` over the version in force as a new version and puts it in force: a value
    /// sets a parameter, nil puts it back to its default. Unknown keys, values out of range and
    /// alert thresholds out of order are refused with the key as the field.
    public func change(_ changes: [String: Int?], note: String, by principal: Principal, now: Date) async throws -> DistrictSettings {
        var overrides = catalog.settingsBoard.current.values.overrides
        for (key, value) in changes { overrides[key] = value }
        let settings = try AssistanceSettings(overrides, known: catalog.parameters)
        if let problem = catalog.settingsProblem(settings) { throw problem }
        return try await store(settings, note: note, by: principal, now: now)
    }

    /// The stored versions, newest first.
    public func versions(limit: Int) async throws -> [SettingsVersionView] {
        try await pool.query(
            """
            SELECT s.version, s.overrides, s.note, u.login, s.changed_at FROM settings_version s LEFT JOIN app_user u ON u.id = s.changed_by
            ORDER BY s.version DESC LIMIT \(limit)
            """
        ).map { row in
            SettingsVersionView(
                version: try row.decode("version"), overrides: try row.decode("overrides", as: PostgresJSON.self).decode([String: Int].self),
                note: try row.decode("note"), changedBy: try row.decode("login", as: String?.self), changedAt: try row.decode("changed_at"))
        }
    }

    private func store(_ settings: AssistanceSettings, note: String, by principal: Principal?, now: Date) async throws -> DistrictSettings {
        let stored = try await pool.transaction { connection in
            // The lock orders concurrent changes, so each reads the version the one before it stored.
            try connection.query("LOCK TABLE settings_version IN SHARE ROW EXCLUSIVE MODE")
            let overrides = try PostgresJSON(encoding: settings.overrides)
            let version: Int = try connection.query(
                """
                INSERT INTO settings_version (version, overrides, note, changed_by, changed_at)
                SELECT max(version) + 1, \(overrides), \(note), \(principal?.id), \(now) FROM settings_version
                RETURNING version
                """)[0].decode("version")
            try AuditLog.append(
                AuditEntry(
                    actor: principal, source: nil, action: "settings.change", entity: "settings_version", entityID: String(version), after: overrides),
                on: connection)
            return DistrictSettings(version: version, values: settings)
        }
        catalog.settingsBoard.install(stored)
        return stored
    }

    /// The latest stored version; keys no linked module reads any more are left out.
    static func latest(on connection: PostgresConnection, known catalog: AssistanceCatalog) throws -> DistrictSettings {
        try stored(connection.query("SELECT version, overrides FROM settings_version ORDER BY version DESC LIMIT 1")[0], known: catalog)
    }

    /// Stored version `version`, as ``latest(on:known:)`` reads the latest.
    static func version(_ version: Int, on connection: PostgresConnection, known catalog: AssistanceCatalog) throws -> DistrictSettings {
        try stored(connection.query("SELECT version, overrides FROM settings_version WHERE version = \(version)")[0], known: catalog)
    }

    private static func stored(_ row: PostgresRow, known catalog: AssistanceCatalog) throws -> DistrictSettings {
        let known = Set(catalog.parameters.map(\.key))
        let overrides = try row.decode("overrides", as: PostgresJSON.self).decode([String: Int].self).filter { known.contains($0.key) }
        return DistrictSettings(version: try row.decode("version"), values: try AssistanceSettings(overrides, known: catalog.parameters))
    }
}
