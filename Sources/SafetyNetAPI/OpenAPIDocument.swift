import Foundation
import Hummingbird

/// The OpenAPI 3.1 description of every route, served at `/openapi.json`. A test compares it
/// with the router both ways, so a route cannot be added without being described.
enum OpenAPIDocument {
    /// The document's JSON text.
    static let json: String = #"""
    {
      "openapi": "3.1.0",
      "info": {
        "title": "SafetyNet",
        "version": "0.1.0",
        "description": "District social-assistance registry: regions, households, persons, the monitoring ledger and visits. Every route but /health, /openapi.json and POST /api/v1/sessions needs `Authorization: Bearer <token or API key>`. ID and phone numbers are masked in every response except /persons/{id}/identity, whose reads are audited. POSTs accept an Idempotency-Key header. Errors are {code, message, field}."
      },
      "servers": [{"url": "https://127.0.0.1:8443"}],
      "security": [{"bearer": []}, {"clientCertificate": []}],
      "paths": {
        "/health": {"get": {"summary": "Server and database health", "security": [], "responses": {
          "200": {"description": "Up", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Health"}}}},
          "503": {"description": "The database is unreachable", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Health"}}}}}}},
        "/openapi.json": {"get": {"summary": "This document", "security": [], "responses": {"200": {"description": "OpenAPI 3.1"}}}},
        "/api/v1/sessions": {"post": {"summary": "Sign in with login and password", "security": [],
          "requestBody": {"$ref": "#/components/requestBodies/Credentials"},
          "responses": {"201": {"description": "Signed in", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Session"}}}},
                        "401": {"$ref": "#/components/responses/Error"}, "422": {"$ref": "#/components/responses/Error"}}}},
        "/api/v1/sessions/current": {"delete": {"summary": "Sign out: revoke the token used", "responses": {"204": {"description": "Revoked"}, "401": {"$ref": "#/components/responses/Error"}}}},
        "/api/v1/me": {"get": {"summary": "The caller's account, role, scope and permissions", "responses": {
          "200": {"description": "The caller", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Me"}}}}, "401": {"$ref": "#/components/responses/Error"}}}},
        "/api/v1/regions": {"get": {"summary": "The region tree under the caller's scope", "responses": {
          "200": {"description": "The tree", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/RegionNode"}}}}, "401": {"$ref": "#/components/responses/Error"}, "403": {"$ref": "#/components/responses/Error"}}}},
        "/api/v1/households": {
          "get": {"summary": "Search households in the caller's scope", "parameters": [
              {"name": "region", "in": "query", "schema": {"type": "string"}, "description": "A region code inside the caller's scope"},
              {"name": "name", "in": "query", "schema": {"type": "string"}, "description": "A member's name, from its start"},
              {"name": "address", "in": "query", "schema": {"type": "string"}},
              {"name": "idNumber", "in": "query", "schema": {"type": "string"}, "description": "A member's full ID number, matched by blind index"},
              {"name": "category", "in": "query", "schema": {"$ref": "#/components/schemas/MonitoringCategory"}},
              {"name": "riskLevel", "in": "query", "schema": {"$ref": "#/components/schemas/RiskLevel"}},
              {"name": "limit", "in": "query", "schema": {"type": "integer", "minimum": 1, "maximum": 200, "default": 50}},
              {"name": "cursor", "in": "query", "schema": {"type": "string"}, "description": "nextCursor of the previous page"}],
            "responses": {"200": {"description": "A page", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/HouseholdPage"}}}},
                          "401": {"$ref": "#/components/responses/Error"}, "403": {"$ref": "#/components/responses/Error"}, "422": {"$ref": "#/components/responses/Error"}}},
          "post": {"summary": "Register a household with its members", "parameters": [{"$ref": "#/components/parameters/IdempotencyKey"}],
            "requestBody": {"required": true, "content": {"application/json": {"schema": {"$ref": "#/components/schemas/NewHousehold"}}}},
            "responses": {"201": {"$ref": "#/components/responses/Household"}, "400": {"$ref": "#/components/responses/Error"}, "403": {"$ref": "#/components/responses/Error"},
                          "409": {"$ref": "#/components/responses/Error"}, "413": {"$ref": "#/components/responses/Error"}, "422": {"$ref": "#/components/responses/Error"}}}},
        "/api/v1/households/{id}": {"get": {"summary": "One household with members and ledger entry", "parameters": [{"$ref": "#/components/parameters/Id"}],
          "responses": {"200": {"$ref": "#/components/responses/Household"}, "403": {"$ref": "#/components/responses/Error"}, "404": {"$ref": "#/components/responses/Error"}}}},
        "/api/v1/households/{id}/move": {"post": {"summary": "Move to another grid or address", "parameters": [{"$ref": "#/components/parameters/Id"}, {"$ref": "#/components/parameters/IdempotencyKey"}],
          "requestBody": {"required": true, "content": {"application/json": {"schema": {"type": "object", "required": ["gridCode", "address"], "properties": {"gridCode": {"type": "string"}, "address": {"type": "string"}}}}}},
          "responses": {"200": {"$ref": "#/components/responses/Household"}, "403": {"$ref": "#/components/responses/Error"}, "409": {"$ref": "#/components/responses/Error"}, "422": {"$ref": "#/components/responses/Error"}}}},
        "/api/v1/households/{id}/close": {"post": {"summary": "Close a household (deceased, moved away)", "parameters": [{"$ref": "#/components/parameters/Id"}, {"$ref": "#/components/parameters/IdempotencyKey"}],
          "requestBody": {"required": true, "content": {"application/json": {"schema": {"type": "object", "required": ["reason"], "properties": {"reason": {"$ref": "#/components/schemas/ClosureReason"}, "on": {"type": "string", "format": "date"}}}}}},
          "responses": {"200": {"$ref": "#/components/responses/Household"}, "403": {"$ref": "#/components/responses/Error"}, "409": {"$ref": "#/components/responses/Error"}, "422": {"$ref": "#/components/responses/Error"}}}},
        "/api/v1/households/{id}/members": {"post": {"summary": "Add a member", "parameters": [{"$ref": "#/components/parameters/Id"}, {"$ref": "#/components/parameters/IdempotencyKey"}],
          "requestBody": {"required": true, "content": {"application/json": {"schema": {"$ref": "#/components/schemas/NewMember"}}}},
          "responses": {"201": {"$ref": "#/components/responses/Household"}, "403": {"$ref": "#/components/responses/Error"}, "409": {"$ref": "#/components/responses/Error"}, "422": {"$ref": "#/components/responses/Error"}}}},
        "/api/v1/households/{id}/monitoring": {"post": {"summary": "Put on the monitoring ledger", "parameters": [{"$ref": "#/components/parameters/Id"}, {"$ref": "#/components/parameters/IdempotencyKey"}],
          "requestBody": {"required": true, "content": {"application/json": {"schema": {"type": "object", "required": ["categories", "riskLevel", "reason"], "properties": {
            "categories": {"type": "array", "items": {"$ref": "#/components/schemas/MonitoringCategory"}}, "riskLevel": {"$ref": "#/components/schemas/RiskLevel"}, "reason": {"type": "string"}}}}}},
          "responses": {"201": {"$ref": "#/components/responses/Monitoring"}, "403": {"$ref": "#/components/responses/Error"}, "409": {"$ref": "#/components/responses/Error"}, "422": {"$ref": "#/components/responses/Error"}}}},
        "/api/v1/households/{id}/monitoring/risk": {"post": {"summary": "Change the risk level, with a reason", "parameters": [{"$ref": "#/components/parameters/Id"}, {"$ref": "#/components/parameters/IdempotencyKey"}],
          "requestBody": {"required": true, "content": {"application/json": {"schema": {"type": "object", "required": ["riskLevel", "reason"], "properties": {"riskLevel": {"$ref": "#/components/schemas/RiskLevel"}, "reason": {"type": "string"}}}}}},
          "responses": {"200": {"$ref": "#/components/responses/Monitoring"}, "403": {"$ref": "#/components/responses/Error"}, "409": {"$ref": "#/components/responses/Error"}, "422": {"$ref": "#/components/responses/Error"}}}},
        "/api/v1/households/{id}/monitoring/end": {"post": {"summary": "Take off the ledger, with a reason", "parameters": [{"$ref": "#/components/parameters/Id"}, {"$ref": "#/components/parameters/IdempotencyKey"}],
          "requestBody": {"required": true, "content": {"application/json": {"schema": {"type": "object", "required": ["reason"], "properties": {"reason": {"type": "string"}}}}}},
          "responses": {"204": {"description": "Ended"}, "403": {"$ref": "#/components/responses/Error"}, "409": {"$ref": "#/components/responses/Error"}}}},
        "/api/v1/persons/{id}": {"put": {"summary": "Update a person (the ID number must be theirs)", "parameters": [{"$ref": "#/components/parameters/Id"}],
          "requestBody": {"required": true, "content": {"application/json": {"schema": {"$ref": "#/components/schemas/NewMember"}}}},
          "responses": {"200": {"$ref": "#/components/responses/Household"}, "403": {"$ref": "#/components/responses/Error"}, "409": {"$ref": "#/components/responses/Error"}, "422": {"$ref": "#/components/responses/Error"}}}},
        "/api/v1/persons/{id}/close": {"post": {"summary": "Record a death or a move away", "parameters": [{"$ref": "#/components/parameters/Id"}, {"$ref": "#/components/parameters/IdempotencyKey"}],
          "requestBody": {"required": true, "content": {"application/json": {"schema": {"type": "object", "required": ["reason"], "properties": {"reason": {"$ref": "#/components/schemas/ClosureReason"}}}}}},
          "responses": {"200": {"$ref": "#/components/responses/Household"}, "403": {"$ref": "#/components/responses/Error"}, "409": {"$ref": "#/components/responses/Error"}}}},
        "/api/v1/persons/{id}/identity": {"get": {"summary": "ID and phone numbers in full (town, district, admin); each read is audited", "parameters": [{"$ref": "#/components/parameters/Id"}],
          "responses": {"200": {"description": "The numbers", "content": {"application/json": {"schema": {"type": "object", "properties": {"personID": {"type": "string", "format": "uuid"}, "idNumber": {"type": "string"}, "phone": {"type": "string"}}}}}},
                        "403": {"$ref": "#/components/responses/Error"}, "404": {"$ref": "#/components/responses/Error"}}}},
        "/api/v1/visits": {"post": {"summary": "Record a home or phone visit", "parameters": [{"$ref": "#/components/parameters/IdempotencyKey"}],
          "requestBody": {"required": true, "content": {"application/json": {"schema": {"$ref": "#/components/schemas/NewVisit"}}}},
          "responses": {"201": {"description": "Recorded", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Visit"}}}}, "403": {"$ref": "#/components/responses/Error"}, "422": {"$ref": "#/components/responses/Error"}}}},
        "/api/v1/assistance-types": {"get": {"summary": "The registered assistance types with their papers, decision level and the district settings in force", "responses": {
          "200": {"description": "The catalog", "content": {"application/json": {"schema": {"type": "object", "properties": {"items": {"type": "array", "items": {"type": "object"}}}}}}}, "401": {"$ref": "#/components/responses/Error"}}}},
        "/api/v1/cases": {"post": {"summary": "File an application for one or more assistance types (一次申请、分类审核认定), for oneself or on a resident's behalf", "parameters": [{"$ref": "#/components/parameters/IdempotencyKey"}],
          "requestBody": {"required": true, "content": {"application/json": {"schema": {"$ref": "#/components/schemas/NewCase"}}}},
          "responses": {"201": {"$ref": "#/components/responses/Case"}, "403": {"$ref": "#/components/responses/Error"}, "404": {"$ref": "#/components/responses/Error"}, "409": {"$ref": "#/components/responses/Error"}, "422": {"$ref": "#/components/responses/Error"}}}},
        "/api/v1/cases/{id}": {"get": {"summary": "A case with the items the caller may see (a department officer sees its own types)", "parameters": [{"$ref": "#/components/parameters/Id"}],
          "responses": {"200": {"$ref": "#/components/responses/Case"}, "403": {"$ref": "#/components/responses/Error"}, "404": {"$ref": "#/components/responses/Error"}}}},
        "/api/v1/households/{id}/cases": {"get": {"summary": "The household's cases, newest first", "parameters": [{"$ref": "#/components/parameters/Id"}],
          "responses": {"200": {"description": "The cases", "content": {"application/json": {"schema": {"type": "object", "properties": {"items": {"type": "array", "items": {"$ref": "#/components/schemas/Case"}}}}}}}, "403": {"$ref": "#/components/responses/Error"}, "404": {"$ref": "#/components/responses/Error"}}}},
        "/api/v1/case-items/{id}/assessment": {"get": {"summary": "What the type's rules say now: eligible with the benefit, ineligible with reason and basis, or the facts missing", "parameters": [{"$ref": "#/components/parameters/Id"}],
          "responses": {"200": {"description": "The assessment", "content": {"application/json": {"schema": {"type": "object", "properties": {"outcome": {"type": "string", "enum": ["eligible", "ineligible", "incomplete"]}}}}}}, "403": {"$ref": "#/components/responses/Error"}, "404": {"$ref": "#/components/responses/Error"}}}},
        "/api/v1/case-items/{id}/accept": {"post": {"summary": "Accept (受理); opens the 3- and 20-working-day limits", "parameters": [{"$ref": "#/components/parameters/Id"}, {"$ref": "#/components/parameters/IdempotencyKey"}], "requestBody": {"required": false, "content": {"application/json": {"schema": {"type": "object", "properties": {"note": {"type": "string"}}}}}},
          "responses": {"200": {"$ref": "#/components/responses/Case"}, "403": {"$ref": "#/components/responses/Error"}, "404": {"$ref": "#/components/responses/Error"}, "409": {"$ref": "#/components/responses/Error"}, "422": {"$ref": "#/components/responses/Error"}}}},
        "/api/v1/case-items/{id}/investigate": {"post": {"summary": "Start the household investigation", "parameters": [{"$ref": "#/components/parameters/Id"}, {"$ref": "#/components/parameters/IdempotencyKey"}], "requestBody": {"required": false, "content": {"application/json": {"schema": {"type": "object", "properties": {"note": {"type": "string"}}}}}},
          "responses": {"200": {"$ref": "#/components/responses/Case"}, "403": {"$ref": "#/components/responses/Error"}, "404": {"$ref": "#/components/responses/Error"}, "409": {"$ref": "#/components/responses/Error"}, "422": {"$ref": "#/components/responses/Error"}}}},
        "/api/v1/case-items/{id}/findings": {"post": {"summary": "Record the investigation's findings and verified facts; the item goes to review", "parameters": [{"$ref": "#/components/parameters/Id"}, {"$ref": "#/components/parameters/IdempotencyKey"}], "requestBody": {"required": true, "content": {"application/json": {"schema": {"type": "object", "properties": {"facts": {"$ref": "#/components/schemas/CaseFacts"}, "note": {"type": "string"}}}}}},
          "responses": {"200": {"$ref": "#/components/responses/Case"}, "403": {"$ref": "#/components/responses/Error"}, "404": {"$ref": "#/components/responses/Error"}, "409": {"$ref": "#/components/responses/Error"}, "422": {"$ref": "#/components/responses/Error"}}}},
        "/api/v1/case-items/{id}/forward": {"post": {"summary": "A town forwards its review to the district department", "parameters": [{"$ref": "#/components/parameters/Id"}, {"$ref": "#/components/parameters/IdempotencyKey"}], "requestBody": {"required": false, "content": {"application/json": {"schema": {"type": "object", "properties": {"note": {"type": "string"}}}}}},
          "responses": {"200": {"$ref": "#/components/responses/Case"}, "403": {"$ref": "#/components/responses/Error"}, "404": {"$ref": "#/components/responses/Error"}, "409": {"$ref": "#/components/responses/Error"}, "422": {"$ref": "#/components/responses/Error"}}}},
        "/api/v1/case-items/{id}/approve": {"post": {"summary": "Approve with the benefit the rules compute (refused when they are not met)", "parameters": [{"$ref": "#/components/parameters/Id"}, {"$ref": "#/components/parameters/IdempotencyKey"}],
          "responses": {"200": {"$ref": "#/components/responses/Case"}, "403": {"$ref": "#/components/responses/Error"}, "404": {"$ref": "#/components/responses/Error"}, "409": {"$ref": "#/components/responses/Error"}, "422": {"$ref": "#/components/responses/Error"}}}},
        "/api/v1/case-items/{id}/reject": {"post": {"summary": "Reject with reason, legal or policy basis and the applicant's notice", "parameters": [{"$ref": "#/components/parameters/Id"}, {"$ref": "#/components/parameters/IdempotencyKey"}], "requestBody": {"required": true, "content": {"application/json": {"schema": {"type": "object", "required": ["reason", "basis", "notice"], "properties": {"code": {"type": "string"}, "reason": {"type": "string"}, "basis": {"type": "string"}, "notice": {"type": "string"}}}}}},
          "responses": {"200": {"$ref": "#/components/responses/Case"}, "403": {"$ref": "#/components/responses/Error"}, "404": {"$ref": "#/components/responses/Error"}, "409": {"$ref": "#/components/responses/Error"}, "422": {"$ref": "#/components/responses/Error"}}}},
        "/api/v1/case-items/{id}/payments": {"post": {"summary": "Record a payment of the approval (integer fen; monthly benefits once per month)", "parameters": [{"$ref": "#/components/parameters/Id"}, {"$ref": "#/components/parameters/IdempotencyKey"}], "requestBody": {"required": true, "content": {"application/json": {"schema": {"type": "object", "required": ["amountFen", "period", "payeePersonID"], "properties": {"amountFen": {"type": "integer", "minimum": 1}, "period": {"type": "string", "format": "date"}, "payeePersonID": {"type": "string", "format": "uuid"}, "reference": {"type": "string"}}}}}},
          "responses": {"201": {"$ref": "#/components/responses/Case"}, "403": {"$ref": "#/components/responses/Error"}, "404": {"$ref": "#/components/responses/Error"}, "409": {"$ref": "#/components/responses/Error"}, "422": {"$ref": "#/components/responses/Error"}}}},
        "/api/v1/case-items/{id}/follow-up": {"post": {"summary": "Start follow-up (跟踪帮扶): visits on the configured interval until re-assessment", "parameters": [{"$ref": "#/components/parameters/Id"}, {"$ref": "#/components/parameters/IdempotencyKey"}],
          "responses": {"200": {"$ref": "#/components/responses/Case"}, "403": {"$ref": "#/components/responses/Error"}, "404": {"$ref": "#/components/responses/Error"}, "409": {"$ref": "#/components/responses/Error"}, "422": {"$ref": "#/components/responses/Error"}}}},
        "/api/v1/case-items/{id}/papers-complete": {"post": {"summary": "Record that an urgent item's papers are complete", "parameters": [{"$ref": "#/components/parameters/Id"}, {"$ref": "#/components/parameters/IdempotencyKey"}],
          "responses": {"200": {"$ref": "#/components/responses/Case"}, "403": {"$ref": "#/components/responses/Error"}, "404": {"$ref": "#/components/responses/Error"}, "409": {"$ref": "#/components/responses/Error"}, "422": {"$ref": "#/components/responses/Error"}}}},
        "/api/v1/case-items/{id}/withdraw": {"post": {"summary": "The applicant withdraws before a decision", "parameters": [{"$ref": "#/components/parameters/Id"}, {"$ref": "#/components/parameters/IdempotencyKey"}], "requestBody": {"required": false, "content": {"application/json": {"schema": {"type": "object", "properties": {"note": {"type": "string"}}}}}},
          "responses": {"200": {"$ref": "#/components/responses/Case"}, "403": {"$ref": "#/components/responses/Error"}, "404": {"$ref": "#/components/responses/Error"}, "409": {"$ref": "#/components/responses/Error"}, "422": {"$ref": "#/components/responses/Error"}}}},
        "/api/v1/case-items/{id}/close": {"post": {"summary": "Close after follow-up or after a rejection was notified", "parameters": [{"$ref": "#/components/parameters/Id"}, {"$ref": "#/components/parameters/IdempotencyKey"}], "requestBody": {"required": false, "content": {"application/json": {"schema": {"type": "object", "properties": {"note": {"type": "string"}}}}}},
          "responses": {"200": {"$ref": "#/components/responses/Case"}, "403": {"$ref": "#/components/responses/Error"}, "404": {"$ref": "#/components/responses/Error"}, "409": {"$ref": "#/components/responses/Error"}, "422": {"$ref": "#/components/responses/Error"}}}},
        "/api/v1/events": {"get": {"summary": "Push: upgrade to a WebSocket (same TLS port, bearer token, subscribe_events) to receive each registry event in your scope as a JSON text frame {type, householdID, gridCode, previousGridCode, riskLevel, at}; types: household.created, household.changed, household.moved, household.closed, monitoring.started, risk.changed, monitoring.ended, visit.recorded, visit.due (announced once, a day ahead); case steps case.applied, case.accept, case.approve, case.reject, case.pay … and deadline.due_soon / deadline.overdue (each once), which carry caseID, itemID and module (department officers receive their own module's only)",
          "responses": {"101": {"description": "Switching to WebSocket"}, "401": {"$ref": "#/components/responses/Error"}, "426": {"$ref": "#/components/responses/Error"}}}},
        "/api/v1/visits/due": {"get": {"summary": "Monitored households due for a visit, overdue first", "parameters": [
            {"name": "region", "in": "query", "schema": {"type": "string"}}, {"name": "withinDays", "in": "query", "schema": {"type": "integer", "minimum": 0, "maximum": 31, "default": 7}}],
          "responses": {"200": {"description": "The list", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/VisitsDue"}}}}, "403": {"$ref": "#/components/responses/Error"}}}}
      },
      "components": {
        "securitySchemes": {"bearer": {"type": "http", "scheme": "bearer", "description": "A session token (snt_…) from POST /api/v1/sessions or an API key (snk_…) from `safetynet token --api-key`"},
                            "clientCertificate": {"type": "mutualTLS", "description": "A department system's client certificate, issued by the server's --client-ca and registered with `safetynet user certificate`"}},
        "parameters": {
          "Id": {"name": "id", "in": "path", "required": true, "schema": {"type": "string", "format": "uuid"}},
          "IdempotencyKey": {"name": "Idempotency-Key", "in": "header", "schema": {"type": "string", "maxLength": 200}, "description": "Retrying with the same key returns the first answer"}
        },
        "requestBodies": {"Credentials": {"required": true, "content": {"application/json": {"schema": {"type": "object", "required": ["login", "password"], "properties": {"login": {"type": "string"}, "password": {"type": "string"}}}}}}},
        "responses": {
          "Case": {"description": "The case", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Case"}}}},
          "Error": {"description": "Refused", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}}},
          "Household": {"description": "The household", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Household"}}}},
          "Monitoring": {"description": "The ledger entry", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Monitoring"}}}}
        },
        "schemas": {
          "NewCase": {"type": "object", "required": ["householdID", "items", "description"], "properties": {
            "householdID": {"type": "string", "format": "uuid"},
            "items": {"type": "array", "minItems": 1, "items": {"type": "object", "required": ["type"], "properties": {"type": {"type": "string", "description": "e.g. civil-affairs.dibao"}, "personID": {"type": "string", "format": "uuid", "description": "for person-level types"}}}},
            "urgency": {"type": "string", "enum": ["normal", "emergency", "critical"]}, "description": {"type": "string"},
            "applicantPersonID": {"type": "string", "format": "uuid"}, "onBehalf": {"type": "boolean", "description": "filed by a worker for the resident (帮办代办)"},
            "facts": {"$ref": "#/components/schemas/CaseFacts"},
            "claim": {"type": "object", "properties": {"selfPaidMedicalFen": {"type": "integer"}, "costFen": {"type": "integer"}}}}},
          "CaseFacts": {"type": "object", "properties": {"financialAssetsFen": {"type": "integer"}, "vehicles": {"type": "integer"}, "annualRigidExpenditureFen": {"type": "integer"},
            "members": {"type": "array", "items": {"type": "object", "required": ["personID"], "properties": {"personID": {"type": "string", "format": "uuid"}, "monthlyIncomeFen": {"type": "integer"},
              "workCapacity": {"type": "string", "enum": ["full", "partial", "none"]}, "selfCare": {"type": "string", "enum": ["full", "partial", "none"]},
              "schoolStage": {"type": "string", "enum": ["preschool", "primary", "junior_secondary", "senior_secondary", "vocational", "higher"]},
              "registeredUnemployed": {"type": "boolean"}, "hasAbleSupporter": {"type": "boolean"}, "lacksParentalCare": {"type": "boolean"}}}}}},
          "Case": {"type": "object", "properties": {"id": {"type": "string", "format": "uuid"}, "householdID": {"type": "string", "format": "uuid"}, "urgency": {"type": "string"},
            "items": {"type": "array", "items": {"type": "object", "properties": {"id": {"type": "string", "format": "uuid"}, "type": {"type": "string"},
              "state": {"type": "string", "enum": ["applied", "accepted", "investigating", "reviewing", "approved", "rejected", "disbursing", "following_up", "closed"]},
              "benefit": {"type": "object"}, "rejection": {"type": "object"}, "paidFen": {"type": "integer"},
              "deadlines": {"type": "array", "items": {"type": "object", "properties": {"kind": {"type": "string"}, "dueAt": {"type": "string", "format": "date-time"}, "isOverdue": {"type": "boolean"}}}}}}}}},
          "Error": {"type": "object", "required": ["code", "message"], "properties": {"code": {"type": "string"}, "message": {"type": "string"}, "field": {"type": "string"}}},
          "Health": {"type": "object", "properties": {"status": {"type": "string"}, "version": {"type": "string"}, "database": {"type": "object"}}},
          "Role": {"type": "string", "enum": ["grid_worker", "village", "town", "district_civil_affairs", "department_officer", "admin", "auditor"]},
          "RiskLevel": {"type": "string", "enum": ["red", "yellow", "blue", "green"]},
          "MonitoringCategory": {"type": "string", "enum": ["dibao", "tekun", "low_income_edge", "expenditure_hardship", "poverty_relapse_watch", "child_in_difficulty", "disabled", "elderly_alone", "serious_illness", "sudden_hardship", "no_livelihood"]},
          "Relation": {"type": "string", "enum": ["head", "spouse", "child", "parent", "grandchild", "grandparent", "sibling", "other"]},
          "ClosureReason": {"type": "string", "enum": ["deceased", "moved_away"]},
          "Disability": {"type": "object", "required": ["category", "grade"], "properties": {"category": {"type": "string", "enum": ["visual", "hearing", "speech", "physical", "intellectual", "mental", "multiple"]}, "grade": {"type": "integer", "minimum": 1, "maximum": 4}}},
          "Session": {"type": "object", "properties": {"token": {"type": "string"}, "expiresAt": {"type": "string", "format": "date-time"}, "user": {"type": "object"}}},
          "Me": {"type": "object", "properties": {"id": {"type": "string"}, "login": {"type": "string"}, "role": {"$ref": "#/components/schemas/Role"}, "scope": {"type": "string"}, "department": {"type": "string"}, "permissions": {"type": "array", "items": {"type": "string"}}}},
          "RegionNode": {"type": "object", "properties": {"code": {"type": "string"}, "name": {"type": "string"}, "level": {"type": "string", "enum": ["district", "town", "village", "grid"]}, "children": {"type": "array", "items": {"$ref": "#/components/schemas/RegionNode"}}}},
          "Person": {"type": "object", "properties": {"id": {"type": "string"}, "name": {"type": "string"}, "relation": {"$ref": "#/components/schemas/Relation"}, "sex": {"type": "string", "enum": ["male", "female"]}, "birthDate": {"type": "string", "format": "date"}, "idNumber": {"type": "string", "description": "masked, e.g. 220202********1234"}, "phone": {"type": "string", "description": "masked"}, "disability": {"$ref": "#/components/schemas/Disability"}, "monthlyIncomeFen": {"type": "integer"}, "status": {"type": "string"}}},
          "Monitoring": {"type": "object", "properties": {"id": {"type": "string"}, "categories": {"type": "array", "items": {"$ref": "#/components/schemas/MonitoringCategory"}}, "riskLevel": {"$ref": "#/components/schemas/RiskLevel"}, "reason": {"type": "string"}, "since": {"type": "string", "format": "date-time"}}},
          "Household": {"type": "object", "properties": {"id": {"type": "string"}, "gridCode": {"type": "string"}, "address": {"type": "string"}, "status": {"type": "string"}, "monitoring": {"$ref": "#/components/schemas/Monitoring"}, "members": {"type": "array", "items": {"$ref": "#/components/schemas/Person"}}}},
          "HouseholdPage": {"type": "object", "properties": {"items": {"type": "array", "items": {"$ref": "#/components/schemas/Household"}}, "nextCursor": {"type": "string"}}},
          "NewMember": {"type": "object", "required": ["name", "relation", "idNumber"], "additionalProperties": false, "properties": {"name": {"type": "string"}, "relation": {"$ref": "#/components/schemas/Relation"}, "idNumber": {"type": "string", "minLength": 18, "maxLength": 18}, "phone": {"type": "string"}, "disability": {"$ref": "#/components/schemas/Disability"}, "monthlyIncomeFen": {"type": "integer", "minimum": 0}}},
          "NewHousehold": {"type": "object", "required": ["gridCode", "address", "members"], "additionalProperties": false, "properties": {"gridCode": {"type": "string", "pattern": "^[0-9]{15}$"}, "address": {"type": "string"}, "members": {"type": "array", "items": {"$ref": "#/components/schemas/NewMember"}}}},
          "NewVisit": {"type": "object", "required": ["householdID", "kind", "visitedAt", "findings"], "additionalProperties": false, "properties": {"householdID": {"type": "string", "format": "uuid"}, "kind": {"type": "string", "enum": ["home", "phone"]}, "visitedAt": {"type": "string", "format": "date-time"}, "findings": {"type": "string"}, "needs": {"type": "array", "items": {"type": "string", "enum": ["livelihood", "medical", "schooling", "employment", "housing", "elderly_care", "disability", "emergency", "other"]}}}},
          "Visit": {"type": "object", "properties": {"id": {"type": "string"}, "householdID": {"type": "string"}, "kind": {"type": "string"}, "visitedAt": {"type": "string", "format": "date-time"}, "findings": {"type": "string"}, "needs": {"type": "array", "items": {"type": "string"}}, "recordedBy": {"type": "string"}}},
          "VisitsDue": {"type": "object", "properties": {"region": {"type": "string"}, "asOf": {"type": "string", "format": "date-time"}, "overdue": {"type": "integer"}, "items": {"type": "array", "items": {"type": "object", "properties": {"householdID": {"type": "string"}, "gridCode": {"type": "string"}, "address": {"type": "string"}, "riskLevel": {"$ref": "#/components/schemas/RiskLevel"}, "lastVisitAt": {"type": "string", "format": "date-time"}, "dueAt": {"type": "string", "format": "date-time"}, "isOverdue": {"type": "boolean"}}}}}}
        }
      }
    }
    """#

    /// `GET /openapi.json`.
    static func addRoutes<Context: RequestContext>(to router: Router<Context>) {
        router.get("openapi.json") { _, _ in
            Response(status: .ok, headers: [.contentType: "application/json"], body: .init(byteBuffer: ByteBuffer(string: json)))
        }
    }
}
