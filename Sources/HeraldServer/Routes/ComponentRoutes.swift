import HeraldCore
import HeraldStore
import Hummingbird

extension AdminAPI {
    /// The service catalogue: components, their status and its history.
    mutating func addComponentRoutes(store: Store) {
        let body = self.body
        on(.get, "/components", role: .viewer) { request, _ in
            JSONResponse(ListPage("components", try await store.components(page: try request.pageRequest())))
        }
        on(.post, "/components", role: .admin) { request, _ in
            let (spec, status) = try ComponentBodies.create(try await body.read(request))
            return JSONResponse(try await store.createComponent(spec, status: status), status: .created)
        }
        on(.get, "/components/{id}", role: .viewer) { _, context in
            JSONResponse(try await store.component(id: try context.id()))
        }
        on(.patch, "/components/{id}", role: .admin) { request, context in
            let patch = try ComponentBodies.patch(try await body.read(request))
            return JSONResponse(try await store.updateComponent(id: try context.id(), patch))
        }
        on(.delete, "/components/{id}", role: .admin) { _, context in
            try await store.deleteComponent(id: try context.id())
            return HTTPResponse.Status.noContent
        }
        on(.put, "/components/{id}/status", role: .responder) { request, context in
            let (status, reason) = try ComponentBodies.status(try await body.read(request))
            let id = try context.id()
            let change = try await store.setStatus(
                componentID: id, to: status, source: .manual, actor: context.actor, reason: reason)
            return JSONResponse(StatusResult(component: try await store.component(id: id), change: change))
        }
        on(.get, "/components/{id}/status-changes", role: .viewer) { request, context in
            let page = try Paging(request.uri.queryParameters)
            let changes = try await store.statusChanges(componentID: try context.id(), before: page.before, limit: page.limit)
            return JSONResponse(StatusChangeList(statusChanges: changes))
        }
    }

    mutating func addComponentGroupRoutes(store: Store) {
        let body = self.body
        on(.get, "/component-groups", role: .viewer) { request, _ in
            JSONResponse(ListPage("component_groups", try await store.componentGroups(page: try request.pageRequest())))
        }
        on(.post, "/component-groups", role: .admin) { request, _ in
            let spec = try ComponentBodies.createGroup(try await body.read(request))
            return JSONResponse(try await store.createComponentGroup(spec), status: .created)
        }
        on(.get, "/component-groups/{id}", role: .viewer) { _, context in
            JSONResponse(try await store.componentGroup(id: try context.id()))
        }
        on(.patch, "/component-groups/{id}", role: .admin) { request, context in
            let patch = try ComponentBodies.patchGroup(try await body.read(request))
            return JSONResponse(try await store.updateComponentGroup(id: try context.id(), patch))
        }
        on(.delete, "/component-groups/{id}", role: .admin) { _, context in
            try await store.deleteComponentGroup(id: try context.id())
            return HTTPResponse.Status.noContent
        }
    }
}

struct StatusChangeList: Encodable, Sendable {
    var statusChanges: [ComponentStatusChange]
    enum CodingKeys: String, CodingKey { case statusChanges = "status_changes" }
}

/// The component after a status change, and the change itself (null when the status was already that).
struct StatusResult: Encodable, Sendable {
    var component: Component
    var change: ComponentStatusChange?

    func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(component, forKey: .component)
        try container.encode(change, forKey: .change)
    }

    enum CodingKeys: String, CodingKey { case component, change }
}

/// `?before=ID&limit=N` on history lists.
struct Paging {
    var before: Int64?
    var limit: Int

    init(_ query: Parameters) throws {
        var errors: [FieldError] = []
        before = nil
        limit = 100
        if let text = query["before"] {
            if let value = Int64(text), value > 0 { before = value } else { errors.append(FieldError("before", "must be a positive whole number")) }
        }
        if let text = query["limit"] {
            if let value = Int(text), (1...500).contains(value) { limit = value } else { errors.append(FieldError("limit", "must be a whole number from 1 to 500")) }
        }
        try ValidationFailure.check(errors)
    }
}
