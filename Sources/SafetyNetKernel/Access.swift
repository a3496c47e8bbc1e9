import Foundation

/// What a user does in the system; it decides which permissions they hold.
public enum Role: String, Sendable, Codable, CaseIterable {
    /// 网格员 / 协理员: visits, reports and applies on behalf of residents in their grid.
    case gridWorker = "grid_worker"
    /// 村居: handles what it can in its village or community.
    case village
    /// 乡镇街道: one-window acceptance, initial investigation, emergency relief.
    case town
    /// 区民政: leads, approves, supervises the whole district.
    case districtCivilAffairs = "district_civil_affairs"
    /// A department's officer: referrals and cases of the department's own assistance types.
    case departmentOfficer = "department_officer"
    /// Runs the deployment: users, modules, regions, working calendar.
    case admin
    /// Read-only supervision: statistics, overdue lists, the audit log.
    case auditor

    /// The role's Chinese name.
    public var chineseName: String {
        switch self {
        case .gridWorker: "网格员"
        case .village: "村居"
        case .town: "乡镇街道"
        case .districtCivilAffairs: "区民政"
        case .departmentOfficer: "部门经办人"
        case .admin: "系统管理员"
        case .auditor: "监督审计"
        }
    }

    /// What holders of the role may do, within their region scope.
    public var permissions: Set<Permission> {
        switch self {
        case .gridWorker: [.readRegistry, .writeRegistry, .recordVisit, .subscribeEvents, .applyForAssistance, .readCases, .sendReferrals]
        case .village:
            [
                .readRegistry, .writeRegistry, .recordVisit, .manageMonitoring, .subscribeEvents, .applyForAssistance, .readCases,
                .sendReferrals, .answerReferrals,
            ]
        case .town:
            [
                .readRegistry, .writeRegistry, .recordVisit, .manageMonitoring, .readFullPersonalData, .subscribeEvents,
                .applyForAssistance, .readCases, .handleCases, .decideCases, .sendReferrals, .answerReferrals,
            ]
        case .districtCivilAffairs: Role.town.permissions.union([.sendFeeds, .readFeeds, .runComparison])
        case .departmentOfficer:
            [.readRegistry, .subscribeEvents, .readCases, .handleCases, .decideCases, .sendReferrals, .answerReferrals, .sendFeeds, .readFeeds]
        case .admin: Set(Permission.allCases)
        case .auditor: [.readRegistry, .readAudit, .subscribeEvents, .readCases, .readFeeds]
        }
    }
}

/// One thing a user may be allowed to do.
public enum Permission: String, Sendable, Codable, CaseIterable {
    /// See regions, households, persons (masked), the ledger and visits.
    case readRegistry = "read_registry"
    /// Create and change households and persons.
    case writeRegistry = "write_registry"
    /// Put households on and off the monitoring ledger and change their risk level.
    case manageMonitoring = "manage_monitoring"
    /// Record visits.
    case recordVisit = "record_visit"
    /// See ID and phone numbers in full (each such read is audited).
    case readFullPersonalData = "read_full_personal_data"
    /// Receive pushed events.
    case subscribeEvents = "subscribe_events"
    /// Read and verify the audit log.
    case readAudit = "read_audit"
    /// Create users, issue and revoke credentials.
    case manageUsers = "manage_users"
    /// File an application, for oneself or on a resident's behalf (帮办代办).
    case applyForAssistance = "apply_for_assistance"
    /// See cases, their payments and referrals.
    case readCases = "read_cases"
    /// Accept, investigate, record findings, forward and withdraw case items.
    case handleCases = "handle_cases"
    /// Approve and reject case items, record payments and follow-up.
    case decideCases = "decide_cases"
    /// Refer a household's need to a department or level (转介), and re-address a handed-back referral.
    case sendReferrals = "send_referrals"
    /// Accept, resolve, decline or hand back referrals addressed to the account's level or department.
    case answerReferrals = "answer_referrals"
    /// Load and correct the working calendar's holidays and weekend working days.
    case manageCalendar = "manage_calendar"
    /// Switch department modules on and off for the deployment.
    case manageModules = "manage_modules"
    /// Upload batches of a department's data (a department officer or system: its own module's feeds
    /// only; district civil affairs: the lead module's).
    case sendFeeds = "send_feeds"
    /// See the batches departments sent, their counts and problems (an officer: its own module's only).
    case readFeeds = "read_feeds"
    /// Change the district's settings (thresholds, standards, time limits), each change a new version.
    case manageSettings = "manage_settings"
    /// Start the half-yearly full comparison (全量比对) of the households in benefit.
    case runComparison = "run_comparison"
}

/// Who is calling: a signed-in user or a department's machine client, with the role and region
/// scope their account holds.
public struct Principal: Sendable, Hashable {
    /// The account's id.
    public let id: UUID
    /// The login name, for audit records.
    public let name: String
    /// The role.
    public let role: Role
    /// The region the account covers: a grid for a grid worker, a town for a town, the district above.
    public let scope: RegionCode
    /// For department officers and machine clients, the department (module) they belong to.
    public let department: ModuleID?

    /// Creates a principal.
    public init(id: UUID, name: String, role: Role, scope: RegionCode, department: ModuleID? = nil) {
        self.id = id
        self.name = name
        self.role = role
        self.scope = scope
        self.department = department
    }

    /// Whether the role grants `permission` at all.
    public func has(_ permission: Permission) -> Bool { role.permissions.contains(permission) }

    /// Whether the role grants `permission` for something located in `region`.
    public func may(_ permission: Permission, in region: RegionCode) -> Bool {
        has(permission) && scope.contains(region)
    }
}

/// Why a call is refused, telling 401 from 403 apart.
public enum AccessDenial: Error, Hashable, Sendable {
    /// The role does not grant the permission anywhere.
    case missingPermission(Permission)
    /// The permission holds, but not in this region.
    case outsideScope(RegionCode)
    /// A department officer acting on another department's assistance type.
    case otherDepartment(ModuleID)
    /// The level cannot decide this type: a town must forward it to the district department.
    case decisionLevel(AssistanceTypeID)
}

extension Principal {
    /// Throws the reason when `permission` does not hold in `region` (or at all, when `region` is nil).
    public func require(_ permission: Permission, in region: RegionCode? = nil) throws(AccessDenial) {
        guard has(permission) else { throw .missingPermission(permission) }
        if let region, !scope.contains(region) { throw .outsideScope(region) }
    }
}

extension Principal {
    /// The module a department officer is confined to; nil for everyone else (who see every department's items).
    public var departmentFilter: ModuleID? { role == .departmentOfficer ? department : nil }

    /// Throws unless the principal may use `permission` on items of `module` in `region`: in scope,
    /// and for a department officer only on the department's own module.
    public func require(_ permission: Permission, module: ModuleID, in region: RegionCode) throws(AccessDenial) {
        try require(permission, in: region)
        if role == .departmentOfficer, department != module { throw .otherDepartment(module) }
    }

    /// Throws unless the principal may use `permission` for `module` in `region` as that department
    /// (a joint-case contribution, a project, a data feed): the department's officer or system, or
    /// district civil affairs for the lead module, whose department it is.
    public func requireActing(_ permission: Permission, for module: ModuleID, leadModule: ModuleID?, in region: RegionCode) throws(AccessDenial) {
        try require(permission, module: module, in: region)
        switch role {
        case .departmentOfficer, .admin: break
        case .districtCivilAffairs: if module != leadModule { throw .otherDepartment(module) }
        default: throw .otherDepartment(module)
        }
    }

    /// Throws unless the principal may approve or reject `type` in `region`. Each type is decided by
    /// its own department: district civil affairs for the lead module's types, a department
    /// officer for the department's; a town only for types whose decision level is the town.
    public func requireDecision(on type: AssistanceTypeID, level: DecisionLevel, leadModule: ModuleID?, in region: RegionCode) throws(AccessDenial) {
        try require(.decideCases, module: type.module, in: region)
        switch role {
        case .town: if level != .town { throw .decisionLevel(type) }
        case .districtCivilAffairs: if type.module != leadModule { throw .otherDepartment(type.module) }
        default: break
        }
    }
}

extension Principal {
    /// Throws unless the principal may answer a referral to `address` for a household in `grid`:
    /// the addressed region lies in scope (so a village cannot answer for the town), and a named
    /// department answers for itself. Civil-affairs offices answer referrals naming no department
    /// or the lead module, and at the district lead level every referral that escalated there.
    public func requireAnswer(to address: ReferralAddress, grid: RegionCode, leadModule: ModuleID?) throws(AccessDenial) {
        try require(.answerReferrals, in: address.level.region(for: grid))
        guard let module = address.module else {
            if role == .departmentOfficer { throw .otherDepartment(leadModule ?? .kernel) }
            return
        }
        switch role {
        case .departmentOfficer: if department != module { throw .otherDepartment(module) }
        case .admin: break
        default: if module != leadModule, address.level != .districtLead { throw .otherDepartment(module) }
        }
    }

    /// Throws unless the principal may read a referral to `address` for a household in `grid`
    /// sent by `sender`: its sender always may; others need the region in scope, and a department
    /// officer sees only the referrals addressed to the department.
    public func requireReading(referralTo address: ReferralAddress, grid: RegionCode, sentBy sender: UUID) throws(AccessDenial) {
        if sender == id { return }
        try require(.readCases, in: grid)
        if role == .departmentOfficer, address.module != department { throw .otherDepartment(address.module ?? .kernel) }
    }

    /// Throws unless the principal may re-address a handed-back referral for a household in `grid`:
    /// its sender, or the sending side's offices in scope (not another department).
    public func requireReaddressing(grid: RegionCode, sentBy sender: UUID) throws(AccessDenial) {
        if sender == id { return }
        try require(.sendReferrals, in: grid)
        if role == .departmentOfficer { throw .otherDepartment(department ?? .kernel) }
    }

    /// The levels whose referrals the role answers, for its inbox.
    public var answeringLevels: [HandlingLevel] {
        switch role {
        case .village: [.village]
        case .town: [.town]
        case .districtCivilAffairs: [.district, .districtLead]
        case .departmentOfficer, .admin: HandlingLevel.allCases
        case .gridWorker, .auditor: []
        }
    }
}
