import Foundation
import Hummingbird
import SafetyNetKernel
import SafetyNetStorage

/// The one place routes find the record named by `{id}` and check the caller's permission in
/// the grid it lives in: 404 when there is none, 403 when it is outside the caller's scope.
struct ScopeCheck {
    let registry: RegistryStore

    /// The caller and the household `{id}`, once `permission` holds in its grid.
    func household(_ context: SafetyNetRequestContext, _ permission: Permission) async throws -> (Principal, UUID) {
        let principal = try context.requirePrincipal()
        let id = try context.pathID()
        guard let grid = try await registry.grid(ofHousehold: id) else { throw APIError.notFound("household") }
        try principal.require(permission, in: grid)
        return (principal, id)
    }

    /// The caller and the person `{id}`, once `permission` holds in their household's grid.
    func person(_ context: SafetyNetRequestContext, _ permission: Permission) async throws -> (Principal, UUID) {
        let principal = try context.requirePrincipal()
        let id = try context.pathID()
        guard let grid = try await registry.grid(ofPerson: id) else { throw APIError.notFound("person") }
        try principal.require(permission, in: grid)
        return (principal, id)
    }
}
