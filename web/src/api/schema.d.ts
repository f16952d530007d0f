// Generated from docs/openapi.json by `npm run web:api` (web/api-types.ts). Do not edit.
export interface paths {
    "/v1/health": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Liveness and the state of DynamoDB; with ?deep=1, of every dependency.
         * @description Liveness and the state of DynamoDB; with ?deep=1, of every dependency.
         *
         *     Permission: `public` (no token).
         */
        get: operations["getHealth"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/openapi.json": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * This API's contract: the OpenAPI 3.1 document (docs/openapi.json, made by `npm run docs`).
         * @description This API's contract: the OpenAPI 3.1 document (docs/openapi.json, made by `npm run docs`).
         *
         *     Permission: `public` (no token).
         */
        get: operations["getOpenApi"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/me": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * The signed-in user and the salons they belong to, with their role in each.
         * @description The signed-in user and the salons they belong to, with their role in each.
         *
         *     Permission: `authenticated` (any signed-in user).
         */
        get: operations["getMe"];
        put?: never;
        post?: never;
        /**
         * Delete your account: leave every salon (409 LAST_OWNER while you are the last owner of one), then the user; 204.
         * @description Delete your account: leave every salon (409 LAST_OWNER while you are the last owner of one), then the user; 204.
         *
         *     Permission: `authenticated` (any signed-in user).
         */
        delete: operations["deleteMe"];
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/tenants": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Create a salon; the caller becomes its owner.
         * @description Create a salon; the caller becomes its owner.
         *
         *     Permission: `authenticated` (any signed-in user).
         */
        post: operations["createTenant"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/tenants/{tenantId}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * The salon: plan, status, settings, branding, features, limits.
         * @description The salon: plan, status, settings, branding, features, limits.
         *
         *     Permission: `tenant:read` (owner, admin, manager, employee, viewer), in the salon `{tenantId}` of the path.
         */
        get: operations["getTenant"];
        put?: never;
        post?: never;
        /**
         * Soft-delete the salon (owner only); purged after the retention period.
         * @description Soft-delete the salon (owner only); purged after the retention period.
         *
         *     Permission: `tenant:delete` (owner), in the salon `{tenantId}` of the path.
         */
        delete: operations["deleteTenant"];
        options?: never;
        head?: never;
        /**
         * Change name, billing email, settings or branding.
         * @description Change name, billing email, settings or branding.
         *
         *     Permission: `settings:update` (owner, admin), in the salon `{tenantId}` of the path.
         */
        patch: operations["updateTenant"];
        trace?: never;
    };
    "/v1/tenants/{tenantId}/usage": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Plan, limits and current usage.
         * @description Plan, limits and current usage.
         *
         *     Permission: `billing:read` (owner, admin), in the salon `{tenantId}` of the path.
         */
        get: operations["getUsage"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/tenants/{tenantId}/analytics": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Appointments, revenue, new clients and top services for a day, week or month (more with advancedAnalytics).
         * @description Appointments, revenue, new clients and top services for a day, week or month (more with advancedAnalytics).
         *
         *     Permission: `reports:read` (owner, admin), in the salon `{tenantId}` of the path.
         */
        get: operations["getAnalytics"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/tenants/{tenantId}/members": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Members of the salon with their roles.
         * @description Members of the salon with their roles.
         *
         *     Permission: `users:read` (owner, admin, manager), in the salon `{tenantId}` of the path.
         *
         *     Paged: `?limit=` (1-100) and `?cursor=` (the previous page's `nextCursor`).
         */
        get: operations["listMembers"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/tenants/{tenantId}/members/{userId}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        post?: never;
        /**
         * Remove a member (the last owner stays).
         * @description Remove a member (the last owner stays).
         *
         *     Permission: `users:delete` (owner, admin), in the salon `{tenantId}` of the path.
         */
        delete: operations["removeMember"];
        options?: never;
        head?: never;
        /**
         * Change a member's role (never above your own; the last owner stays).
         * @description Change a member's role (never above your own; the last owner stays).
         *
         *     Permission: `users:update` (owner, admin), in the salon `{tenantId}` of the path.
         */
        patch: operations["updateMember"];
        trace?: never;
    };
    "/v1/tenants/{tenantId}/invitations": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Pending invitations.
         * @description Pending invitations.
         *
         *     Permission: `users:read` (owner, admin, manager), in the salon `{tenantId}` of the path.
         *
         *     Paged: `?limit=` (1-100) and `?cursor=` (the previous page's `nextCursor`).
         */
        get: operations["listInvitations"];
        put?: never;
        /**
         * Invite someone by email with a role (never above your own).
         * @description Invite someone by email with a role (never above your own).
         *
         *     Permission: `users:create` (owner, admin), in the salon `{tenantId}` of the path.
         */
        post: operations["createInvitation"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/tenants/{tenantId}/invitations/{invitationId}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        post?: never;
        /**
         * Withdraw a pending invitation.
         * @description Withdraw a pending invitation.
         *
         *     Permission: `users:delete` (owner, admin), in the salon `{tenantId}` of the path.
         */
        delete: operations["revokeInvitation"];
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/invitations/{invitationId}/accept": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Join the salon that invited your verified email address.
         * @description Join the salon that invited your verified email address.
         *
         *     Permission: `authenticated` (any signed-in user).
         */
        post: operations["acceptInvitation"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/plans": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * The pricing table: every plan with its monthly price, limits and features.
         * @description The pricing table: every plan with its monthly price, limits and features.
         *
         *     Permission: `public` (no token).
         */
        get: operations["listPlans"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/tenants/{tenantId}/billing": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Plan, subscription status, current period end, cancel at period end, whether a customer exists.
         * @description Plan, subscription status, current period end, cancel at period end, whether a customer exists.
         *
         *     Permission: `billing:read` (owner, admin), in the salon `{tenantId}` of the path.
         */
        get: operations["getBilling"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/tenants/{tenantId}/billing/checkout": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Owner: a Stripe Checkout URL for a plan (or, with a subscription, a portal URL confirming the change).
         * @description Owner: a Stripe Checkout URL for a plan (or, with a subscription, a portal URL confirming the change).
         *
         *     Permission: `billing:manage` (owner), in the salon `{tenantId}` of the path.
         */
        post: operations["createCheckoutSession"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/tenants/{tenantId}/billing/portal": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Owner: a Stripe Customer Portal URL (payment methods, invoices, plan, cancellation); 409 before any checkout.
         * @description Owner: a Stripe Customer Portal URL (payment methods, invoices, plan, cancellation); 409 before any checkout.
         *
         *     Permission: `billing:manage` (owner), in the salon `{tenantId}` of the path.
         */
        post: operations["createPortalSession"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/webhooks/stripe": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Stripe webhook: signature-verified, each event applied once and in order to its salon.
         * @description Stripe webhook: signature-verified, each event applied once and in order to its salon.
         *
         *     Permission: `public` (no token).
         */
        post: operations["receiveStripeEvent"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/tenants/{tenantId}/clients": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Clients a page at a time, or the one client with an exact email (?email=).
         * @description Clients a page at a time, or the one client with an exact email (?email=).
         *
         *     Permission: `clients:read` (owner, manager, employee, viewer), in the salon `{tenantId}` of the path.
         *
         *     Paged: `?limit=` (1-100) and `?cursor=` (the previous page's `nextCursor`).
         */
        get: operations["listClients"];
        put?: never;
        /**
         * Add a client (name, optional email, phone, notes); counts against maxClients; Idempotency-Key honoured.
         * @description Add a client (name, optional email, phone, notes); counts against maxClients; Idempotency-Key honoured.
         *
         *     Permission: `clients:create` (owner, manager), in the salon `{tenantId}` of the path.
         *
         *     Send `Idempotency-Key` to make a retry safe: the same key and body replay the first answer.
         */
        post: operations["createClient"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/tenants/{tenantId}/clients/{clientId}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * One client.
         * @description One client.
         *
         *     Permission: `clients:read` (owner, manager, employee, viewer), in the salon `{tenantId}` of the path.
         */
        get: operations["getClient"];
        put?: never;
        post?: never;
        /**
         * Delete a client; frees its email and a unit of maxClients.
         * @description Delete a client; frees its email and a unit of maxClients.
         *
         *     Permission: `clients:delete` (owner, manager), in the salon `{tenantId}` of the path.
         */
        delete: operations["deleteClient"];
        options?: never;
        head?: never;
        /**
         * Change a client's name, email, phone or notes (null removes an optional field).
         * @description Change a client's name, email, phone or notes (null removes an optional field).
         *
         *     Permission: `clients:update` (owner, manager), in the salon `{tenantId}` of the path.
         */
        patch: operations["updateClient"];
        trace?: never;
    };
    "/v1/tenants/{tenantId}/audit-log": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * The salon's audit log, newest first; filters actorId, action, resource, resourceId, from, to.
         * @description The salon's audit log, newest first; filters actorId, action, resource, resourceId, from, to.
         *
         *     Permission: `reports:read` (owner, admin), in the salon `{tenantId}` of the path.
         *
         *     Paged: `?limit=` (1-100) and `?cursor=` (the previous page's `nextCursor`).
         */
        get: operations["listAuditLog"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/tenants/{tenantId}/audit-log/export": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * The audit log from `from` to `to` as a CSV or NDJSON file (at most 5,000 entries).
         * @description The audit log from `from` to `to` as a CSV or NDJSON file (at most 5,000 entries).
         *
         *     Permission: `reports:read` (owner, admin), in the salon `{tenantId}` of the path.
         */
        get: operations["exportAuditLog"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/tenants/{tenantId}/clients/{clientId}/export": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * A client's data (GDPR access): profile, appointments, files, messages, audit entries; audited.
         * @description A client's data (GDPR access): profile, appointments, files, messages, audit entries; audited.
         *
         *     Permission: `privacy:read` (owner, admin), in the salon `{tenantId}` of the path.
         */
        get: operations["exportClient"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/tenants/{tenantId}/clients/{clientId}/erase": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Erase a client's personal data everywhere (GDPR erasure); idempotent, resumable (202 while erasing).
         * @description Erase a client's personal data everywhere (GDPR erasure); idempotent, resumable (202 while erasing).
         *
         *     Permission: `privacy:delete` (owner, admin), in the salon `{tenantId}` of the path.
         */
        post: operations["eraseClient"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/tenants/{tenantId}/files": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * The salon's files (a client's with ?clientId=).
         * @description The salon's files (a client's with ?clientId=).
         *
         *     Permission: `files:read` (owner, admin, manager, employee, viewer), in the salon `{tenantId}` of the path.
         *
         *     Paged: `?limit=` (1-100) and `?cursor=` (the previous page's `nextCursor`).
         */
        get: operations["listFiles"];
        put?: never;
        /**
         * Reserve a file's bytes in the plan's storage and get a presigned S3 upload (POST policy) for it; 402 over the quota.
         * @description Reserve a file's bytes in the plan's storage and get a presigned S3 upload (POST policy) for it; 402 over the quota.
         *
         *     Permission: `files:create` (owner, admin, manager), in the salon `{tenantId}` of the path.
         */
        post: operations["createFile"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/tenants/{tenantId}/files/{fileId}/complete": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Check the uploaded object (size, content type) and make the file ready; a mismatch discards it (400).
         * @description Check the uploaded object (size, content type) and make the file ready; a mismatch discards it (400).
         *
         *     Permission: `files:create` (owner, admin, manager), in the salon `{tenantId}` of the path.
         */
        post: operations["completeFile"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/tenants/{tenantId}/files/{fileId}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * A file, with a short-lived presigned download URL once it is ready.
         * @description A file, with a short-lived presigned download URL once it is ready.
         *
         *     Permission: `files:read` (owner, admin, manager, employee, viewer), in the salon `{tenantId}` of the path.
         */
        get: operations["getFile"];
        put?: never;
        post?: never;
        /**
         * Delete a file and its object; its bytes are given back to the storage quota.
         * @description Delete a file and its object; its bytes are given back to the storage quota.
         *
         *     Permission: `files:delete` (owner, admin, manager), in the salon `{tenantId}` of the path.
         */
        delete: operations["deleteFile"];
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/tenants/{tenantId}/keys": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * The salon's data key versions, the current one, and the progress of the re-encryption after the last rotation.
         * @description The salon's data key versions, the current one, and the progress of the re-encryption after the last rotation.
         *
         *     Permission: `keys:read` (owner), in the salon `{tenantId}` of the path.
         */
        get: operations["getTenantKeys"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/tenants/{tenantId}/keys/rotate": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Rotate the salon's data key: new writes use the new version and a job re-encrypts the salon's data, then deletes the old versions; 409 while the last rotation's job runs; Idempotency-Key honoured.
         * @description Rotate the salon's data key: new writes use the new version and a job re-encrypts the salon's data, then deletes the old versions; 409 while the last rotation's job runs; Idempotency-Key honoured.
         *
         *     Permission: `keys:manage` (owner), in the salon `{tenantId}` of the path.
         *
         *     Send `Idempotency-Key` to make a retry safe: the same key and body replay the first answer.
         */
        post: operations["rotateTenantKey"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/tenants/{tenantId}/exports": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * The salon's exports, oldest first, with their status.
         * @description The salon's exports, oldest first, with their status.
         *
         *     Permission: `exports:manage` (owner), in the salon `{tenantId}` of the path.
         *
         *     Paged: `?limit=` (1-100) and `?cursor=` (the previous page's `nextCursor`).
         */
        get: operations["listExports"];
        put?: never;
        /**
         * Start an export of the whole salon (owner): every item, decrypted, as gzipped NDJSON per entity, and its files; 409 EXPORT_RUNNING while one runs.
         * @description Start an export of the whole salon (owner): every item, decrypted, as gzipped NDJSON per entity, and its files; 409 EXPORT_RUNNING while one runs.
         *
         *     Permission: `exports:manage` (owner), in the salon `{tenantId}` of the path.
         *
         *     Send `Idempotency-Key` to make a retry safe: the same key and body replay the first answer.
         */
        post: operations["createExport"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/tenants/{tenantId}/exports/{exportId}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * An export: status and progress; once ready and for 24 h, fresh short-lived download links to its manifest, parts and files.
         * @description An export: status and progress; once ready and for 24 h, fresh short-lived download links to its manifest, parts and files.
         *
         *     Permission: `exports:manage` (owner), in the salon `{tenantId}` of the path.
         */
        get: operations["getExport"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/tenants/{tenantId}/services": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Services a page at a time.
         * @description Services a page at a time.
         *
         *     Permission: `services:read` (owner, manager), in the salon `{tenantId}` of the path.
         *
         *     Paged: `?limit=` (1-100) and `?cursor=` (the previous page's `nextCursor`).
         */
        get: operations["listServices"];
        put?: never;
        /**
         * Add a service (name, duration, price, buffers, active); Idempotency-Key honoured.
         * @description Add a service (name, duration, price, buffers, active); Idempotency-Key honoured.
         *
         *     Permission: `services:create` (owner, manager), in the salon `{tenantId}` of the path.
         *
         *     Send `Idempotency-Key` to make a retry safe: the same key and body replay the first answer.
         */
        post: operations["createService"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/tenants/{tenantId}/services/{serviceId}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * One service.
         * @description One service.
         *
         *     Permission: `services:read` (owner, manager), in the salon `{tenantId}` of the path.
         */
        get: operations["getService"];
        put?: never;
        post?: never;
        /**
         * Delete a service.
         * @description Delete a service.
         *
         *     Permission: `services:delete` (owner, manager), in the salon `{tenantId}` of the path.
         */
        delete: operations["deleteService"];
        options?: never;
        head?: never;
        /**
         * Change a service's name, duration, price, buffers or active flag.
         * @description Change a service's name, duration, price, buffers or active flag.
         *
         *     Permission: `services:update` (owner, manager), in the salon `{tenantId}` of the path.
         */
        patch: operations["updateService"];
        trace?: never;
    };
    "/v1/tenants/{tenantId}/staff": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Staff members a page at a time.
         * @description Staff members a page at a time.
         *
         *     Permission: `appointments:read` (owner, manager, employee, viewer), in the salon `{tenantId}` of the path.
         *
         *     Paged: `?limit=` (1-100) and `?cursor=` (the previous page's `nextCursor`).
         */
        get: operations["listStaff"];
        put?: never;
        /**
         * Add a staff member (name, services, weekly working hours, time off, optional linked member); Idempotency-Key honoured.
         * @description Add a staff member (name, services, weekly working hours, time off, optional linked member); Idempotency-Key honoured.
         *
         *     Permission: `users:create` (owner, admin), in the salon `{tenantId}` of the path.
         *
         *     Send `Idempotency-Key` to make a retry safe: the same key and body replay the first answer.
         */
        post: operations["createStaff"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/tenants/{tenantId}/staff/{staffId}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * One staff member.
         * @description One staff member.
         *
         *     Permission: `appointments:read` (owner, manager, employee, viewer), in the salon `{tenantId}` of the path.
         */
        get: operations["getStaff"];
        put?: never;
        post?: never;
        /**
         * Delete a staff member; frees its linked member.
         * @description Delete a staff member; frees its linked member.
         *
         *     Permission: `users:delete` (owner, admin), in the salon `{tenantId}` of the path.
         */
        delete: operations["deleteStaff"];
        options?: never;
        head?: never;
        /**
         * Change a staff member's name, services, working hours or time off (replaced whole); link or unlink (null) a member.
         * @description Change a staff member's name, services, working hours or time off (replaced whole); link or unlink (null) a member.
         *
         *     Permission: `users:update` (owner, admin), in the salon `{tenantId}` of the path.
         */
        patch: operations["updateStaff"];
        trace?: never;
    };
    "/v1/tenants/{tenantId}/availability": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Free start times for a service on a date or up to 42 dates (salon timezone), per staff member.
         * @description Free start times for a service on a date or up to 42 dates (salon timezone), per staff member.
         *
         *     Permission: `appointments:read` (owner, manager, employee, viewer), in the salon `{tenantId}` of the path.
         */
        get: operations["getAvailability"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/tenants/{tenantId}/appointments": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Appointments by start time, optionally from/to, by staff member, client or status.
         * @description Appointments by start time, optionally from/to, by staff member, client or status.
         *
         *     Permission: `appointments:read` (owner, manager, employee, viewer), in the salon `{tenantId}` of the path.
         *
         *     Paged: `?limit=` (1-100) and `?cursor=` (the previous page's `nextCursor`).
         */
        get: operations["listAppointments"];
        put?: never;
        /**
         * Book an appointment; never overlaps another of the same staff member (409 SLOT_UNAVAILABLE).
         * @description Book an appointment; never overlaps another of the same staff member (409 SLOT_UNAVAILABLE).
         *
         *     Permission: `appointments:create` (owner, manager), in the salon `{tenantId}` of the path.
         *
         *     Send `Idempotency-Key` to make a retry safe: the same key and body replay the first answer.
         */
        post: operations["createAppointment"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/tenants/{tenantId}/appointments/{appointmentId}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * One appointment.
         * @description One appointment.
         *
         *     Permission: `appointments:read` (owner, manager, employee, viewer), in the salon `{tenantId}` of the path.
         */
        get: operations["getAppointment"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        /**
         * Reschedule, change notes or move the status on (employees: their own appointments).
         * @description Reschedule, change notes or move the status on (employees: their own appointments).
         *
         *     Permission: `appointments:update` (owner, manager, employee (own only)), in the salon `{tenantId}` of the path.
         */
        patch: operations["updateAppointment"];
        trace?: never;
    };
    "/v1/public/{slug}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * A salon's public profile for its booking page: name, timezone, locale, branding, address, booking rules.
         * @description A salon's public profile for its booking page: name, timezone, locale, branding, address, booking rules.
         *
         *     Permission: `public` (no token).
         */
        get: operations["getPublicSalon"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/public/{slug}/logo": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * The salon's logo: a redirect (302) to a short-lived presigned download, cacheable for a few minutes.
         * @description The salon's logo: a redirect (302) to a short-lived presigned download, cacheable for a few minutes.
         *
         *     Permission: `public` (no token).
         */
        get: operations["getPublicLogo"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/public/{slug}/services": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * A salon's bookable services and who offers them, for its online booking page.
         * @description A salon's bookable services and who offers them, for its online booking page.
         *
         *     Permission: `public` (no token).
         */
        get: operations["listPublicServices"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/public/{slug}/availability": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Free start times for a service on a date or up to 42 dates, for online booking.
         * @description Free start times for a service on a date or up to 42 dates, for online booking.
         *
         *     Permission: `public` (no token).
         */
        get: operations["getPublicAvailability"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/public/{slug}/bookings": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Book online without an account; answers the appointment (pending until confirmed) and its manage token.
         * @description Book online without an account; answers the appointment (pending until confirmed) and its manage token.
         *
         *     Permission: `public` (no token).
         *
         *     Send `Idempotency-Key` to make a retry safe: the same key and body replay the first answer.
         */
        post: operations["createPublicBooking"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/public/{slug}/bookings/{appointmentId}/cancel": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Cancel an online booking with its manage token, within the salon's cancellation notice.
         * @description Cancel an online booking with its manage token, within the salon's cancellation notice.
         *
         *     Permission: `public` (no token).
         */
        post: operations["cancelPublicBooking"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/public/{slug}/bookings/{appointmentId}/confirm": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Confirm a pending online booking with the token from its email, before its hold expires.
         * @description Confirm a pending online booking with the token from its email, before its hold expires.
         *
         *     Permission: `public` (no token).
         */
        post: operations["confirmPublicBooking"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/public/unsubscribe": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * What an unsubscribe link would turn off; changes nothing (link scanners follow GETs).
         * @description What an unsubscribe link would turn off; changes nothing (link scanners follow GETs).
         *
         *     Permission: `public` (no token).
         */
        get: operations["getUnsubscribe"];
        put?: never;
        /**
         * One-click unsubscribe (RFC 8058): turns off the one channel of the one client the signed token names.
         * @description One-click unsubscribe (RFC 8058): turns off the one channel of the one client the signed token names.
         *
         *     Permission: `public` (no token).
         */
        post: operations["unsubscribe"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
}
export type webhooks = Record<string, never>;
export interface components {
    schemas: {
        Error: {
            error: {
                code: string;
                message: string;
                details?: {
                    [key: string]: unknown;
                } | unknown[];
            };
            requestId: string;
        };
    };
    responses: {
        /** @description Invalid input (`VALIDATION_FAILED`, `INVALID_CURSOR`, ...); nothing changed. */
        BadRequest: {
            headers: {
                [name: string]: unknown;
            };
            content: {
                "application/json": components["schemas"]["Error"];
            };
        };
        /** @description No valid access token (`UNAUTHORIZED`). */
        Unauthorized: {
            headers: {
                [name: string]: unknown;
            };
            content: {
                "application/json": components["schemas"]["Error"];
            };
        };
        /** @description Your role lacks the permission, or the salon is suspended (`FORBIDDEN`, ...). */
        Forbidden: {
            headers: {
                [name: string]: unknown;
            };
            content: {
                "application/json": components["schemas"]["Error"];
            };
        };
        /** @description No such resource (another salon's ids answer the same). */
        NotFound: {
            headers: {
                [name: string]: unknown;
            };
            content: {
                "application/json": components["schemas"]["Error"];
            };
        };
        /** @description A conflict (e.g. `IDEMPOTENCY_KEY_IN_PROGRESS`, which carries `Retry-After`). */
        Conflict: {
            headers: {
                /** @description Seconds to wait before retrying. */
                "Retry-After"?: number;
                [name: string]: unknown;
            };
            content: {
                "application/json": components["schemas"]["Error"];
            };
        };
        /** @description The body is too large (`PAYLOAD_TOO_LARGE`). */
        PayloadTooLarge: {
            headers: {
                [name: string]: unknown;
            };
            content: {
                "application/json": components["schemas"]["Error"];
            };
        };
        /** @description The body is not `application/json` (`UNSUPPORTED_MEDIA_TYPE`). */
        UnsupportedMediaType: {
            headers: {
                [name: string]: unknown;
            };
            content: {
                "application/json": components["schemas"]["Error"];
            };
        };
        /** @description Too many requests (`RATE_LIMITED`). */
        RateLimited: {
            headers: {
                "Retry-After": components["headers"]["RetryAfter"];
                [name: string]: unknown;
            };
            content: {
                "application/json": components["schemas"]["Error"];
            };
        };
        /** @description A failure on our side (`INTERNAL`); nothing internal is exposed. */
        Internal: {
            headers: {
                [name: string]: unknown;
            };
            content: {
                "application/json": components["schemas"]["Error"];
            };
        };
        /** @description A dependency is unavailable (e.g. `BILLING_UNAVAILABLE`). */
        Unavailable: {
            headers: {
                "Retry-After": components["headers"]["RetryAfter"];
                [name: string]: unknown;
            };
            content: {
                "application/json": components["schemas"]["Error"];
            };
        };
        /** @description Any other error, in the same envelope. */
        Error: {
            headers: {
                [name: string]: unknown;
            };
            content: {
                "application/json": components["schemas"]["Error"];
            };
        };
    };
    parameters: {
        /** @description Makes a create safe to retry: the same key and body replay the first answer; another body is 422. */
        IdempotencyKey: string;
    };
    requestBodies: never;
    headers: {
        /** @description Seconds to wait before retrying. */
        RetryAfter: number;
    };
    pathItems: never;
}
export type $defs = Record<string, never>;
export interface operations {
    getHealth: {
        parameters: {
            query?: {
                deep?: "0" | "1" | "true" | "false";
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Everything the API needs answers. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        /** @enum {string} */
                        status: "ok" | "unavailable";
                        /** Format: date-time */
                        time: string;
                        checks: {
                            dynamodb: {
                                /** @enum {string} */
                                status: "ok" | "unavailable";
                                latencyMs: number;
                            };
                        };
                    } | {
                        /** @enum {string} */
                        status: "ok" | "unavailable";
                        /** Format: date-time */
                        time: string;
                        checks: {
                            [key: string]: {
                                /** @enum {string} */
                                status: "up" | "down";
                                latencyMs: number;
                            };
                        };
                    };
                };
            };
            400: components["responses"]["BadRequest"];
            429: components["responses"]["RateLimited"];
            500: components["responses"]["Internal"];
            /** @description A dependency is unavailable (same shape, status `unavailable`). */
            503: {
                headers: {
                    "Retry-After": components["headers"]["RetryAfter"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        /** @enum {string} */
                        status: "ok" | "unavailable";
                        /** Format: date-time */
                        time: string;
                        checks: {
                            dynamodb: {
                                /** @enum {string} */
                                status: "ok" | "unavailable";
                                latencyMs: number;
                            };
                        };
                    } | {
                        /** @enum {string} */
                        status: "ok" | "unavailable";
                        /** Format: date-time */
                        time: string;
                        checks: {
                            [key: string]: {
                                /** @enum {string} */
                                status: "up" | "down";
                                latencyMs: number;
                            };
                        };
                    };
                };
            };
            default: components["responses"]["Error"];
        };
    };
    getOpenApi: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description This document. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        openapi: string;
                    } & {
                        [key: string]: unknown;
                    };
                };
            };
            429: components["responses"]["RateLimited"];
            500: components["responses"]["Internal"];
            503: components["responses"]["Unavailable"];
            default: components["responses"]["Error"];
        };
    };
    getMe: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description You and your salons. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        userId: string;
                        email: string;
                        emailVerified: boolean;
                        memberships: {
                            tenantId: string;
                            slug: string;
                            name: string;
                            /** @enum {string} */
                            role: "owner" | "admin" | "manager" | "employee" | "viewer";
                        }[];
                    };
                };
            };
            401: components["responses"]["Unauthorized"];
            429: components["responses"]["RateLimited"];
            500: components["responses"]["Internal"];
            503: components["responses"]["Unavailable"];
            default: components["responses"]["Error"];
        };
    };
    deleteMe: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The account is deleted. */
            204: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            401: components["responses"]["Unauthorized"];
            429: components["responses"]["RateLimited"];
            500: components["responses"]["Internal"];
            503: components["responses"]["Unavailable"];
            default: components["responses"]["Error"];
        };
    };
    createTenant: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    name: string;
                    slug: string;
                    /** Format: email */
                    billingEmail?: string;
                    timezone?: string;
                    locale?: string;
                    currency?: string;
                };
            };
        };
        responses: {
            /** @description The new salon; you are its owner. */
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        id: string;
                        slug: string;
                        name: string;
                        /** @enum {string} */
                        plan: "free" | "starter" | "professional" | "enterprise";
                        /** @enum {string} */
                        subscriptionStatus: "trialing" | "active" | "past_due" | "canceled" | "unpaid" | "incomplete" | "incomplete_expired" | "paused";
                        billingEmail: string;
                        limits: {
                            maxUsers: number;
                            maxStorage: number;
                            maxApiCalls: number;
                            maxClients: number;
                            maxAppointmentsPerMonth: number;
                            requestsPerMinute?: number;
                            requestsPerSecond?: number;
                        };
                        features: {
                            onlineBooking: boolean;
                            smsReminders: boolean;
                            apiAccess: boolean;
                            advancedAnalytics: boolean;
                            customBranding: boolean;
                        };
                        settings: {
                            timezone: string;
                            locale: string;
                            currency: string;
                            dateFormat: string;
                            weekStartsOn: 0 | 1;
                            slotStepMinutes: number;
                            minimumNoticeMinutes: number;
                            bookingHorizonDays: number;
                            cancellationNoticeHours: number;
                            maxOpenBookingsPerEmail: number;
                            /** @enum {string} */
                            onlineBookingConfirmation?: "required" | "none";
                            pendingHoldMinutes?: number;
                            maxPendingHoldsPerDay?: number;
                            reminders?: {
                                before: string;
                                /** @enum {string} */
                                channel: "email" | "sms";
                            }[];
                            quietHours?: {
                                start: string;
                                end: string;
                            };
                            address?: string;
                            staffCopies?: boolean;
                        };
                        branding: {
                            primaryColor: string;
                            secondaryColor: string;
                            logoKey?: string;
                        };
                        /** Format: date-time */
                        createdAt: string;
                        /** Format: date-time */
                        updatedAt: string;
                    };
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            413: components["responses"]["PayloadTooLarge"];
            415: components["responses"]["UnsupportedMediaType"];
            429: components["responses"]["RateLimited"];
            500: components["responses"]["Internal"];
            503: components["responses"]["Unavailable"];
            default: components["responses"]["Error"];
        };
    };
    getTenant: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                tenantId: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The salon. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        id: string;
                        slug: string;
                        name: string;
                        /** @enum {string} */
                        plan: "free" | "starter" | "professional" | "enterprise";
                        /** @enum {string} */
                        subscriptionStatus: "trialing" | "active" | "past_due" | "canceled" | "unpaid" | "incomplete" | "incomplete_expired" | "paused";
                        billingEmail: string;
                        limits: {
                            maxUsers: number;
                            maxStorage: number;
                            maxApiCalls: number;
                            maxClients: number;
                            maxAppointmentsPerMonth: number;
                            requestsPerMinute?: number;
                            requestsPerSecond?: number;
                        };
                        features: {
                            onlineBooking: boolean;
                            smsReminders: boolean;
                            apiAccess: boolean;
                            advancedAnalytics: boolean;
                            customBranding: boolean;
                        };
                        settings: {
                            timezone: string;
                            locale: string;
                            currency: string;
                            dateFormat: string;
                            weekStartsOn: 0 | 1;
                            slotStepMinutes: number;
                            minimumNoticeMinutes: number;
                            bookingHorizonDays: number;
                            cancellationNoticeHours: number;
                            maxOpenBookingsPerEmail: number;
                            /** @enum {string} */
                            onlineBookingConfirmation?: "required" | "none";
                            pendingHoldMinutes?: number;
                            maxPendingHoldsPerDay?: number;
                            reminders?: {
                                before: string;
                                /** @enum {string} */
                                channel: "email" | "sms";
                            }[];
                            quietHours?: {
                                start: string;
                                end: string;
                            };
                            address?: string;
                            staffCopies?: boolean;
                        };
                        branding: {
                            primaryColor: string;
                            secondaryColor: string;
                            logoKey?: string;
                        };
                        /** Format: date-time */
                        createdAt: string;
                        /** Format: date-time */
                        updatedAt: string;
                    };
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            429: components["responses"]["RateLimited"];
            500: components["responses"]["Internal"];
            503: components["responses"]["Unavailable"];
            default: components["responses"]["Error"];
        };
    };
    deleteTenant: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                tenantId: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The salon is deleted (purged after the retention period). */
            204: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            429: components["responses"]["RateLimited"];
            500: components["responses"]["Internal"];
            503: components["responses"]["Unavailable"];
            default: components["responses"]["Error"];
        };
    };
    updateTenant: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                tenantId: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    name?: string;
                    /** Format: email */
                    billingEmail?: string;
                    settings?: {
                        timezone?: string;
                        locale?: string;
                        currency?: string;
                        /** @enum {string} */
                        dateFormat?: "dd/MM/yyyy" | "MM/dd/yyyy" | "yyyy-MM-dd" | "dd.MM.yyyy";
                        /** @enum {number} */
                        weekStartsOn?: 0 | 1;
                        /** @enum {number} */
                        slotStepMinutes?: 5 | 10 | 15 | 20 | 30 | 60;
                        minimumNoticeMinutes?: number;
                        bookingHorizonDays?: number;
                        cancellationNoticeHours?: number;
                        maxOpenBookingsPerEmail?: number;
                        /** @enum {string} */
                        onlineBookingConfirmation?: "required" | "none";
                        pendingHoldMinutes?: number;
                        maxPendingHoldsPerDay?: number;
                        reminders?: {
                            before: string;
                            /** @enum {string} */
                            channel: "email" | "sms";
                        }[];
                        quietHours?: {
                            start: string;
                            end: string;
                        } | null;
                        address?: string | null;
                        staffCopies?: boolean;
                    };
                    branding?: {
                        primaryColor?: string;
                        secondaryColor?: string;
                        logoKey?: string | null;
                    };
                };
            };
        };
        responses: {
            /** @description The salon as changed. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        id: string;
                        slug: string;
                        name: string;
                        /** @enum {string} */
                        plan: "free" | "starter" | "professional" | "enterprise";
                        /** @enum {string} */
                        subscriptionStatus: "trialing" | "active" | "past_due" | "canceled" | "unpaid" | "incomplete" | "incomplete_expired" | "paused";
                        billingEmail: string;
                        limits: {
                            maxUsers: number;
                            maxStorage: number;
                            maxApiCalls: number;
                            maxClients: number;
                            maxAppointmentsPerMonth: number;
                            requestsPerMinute?: number;
                            requestsPerSecond?: number;
                        };
                        features: {
                            onlineBooking: boolean;
                            smsReminders: boolean;
                            apiAccess: boolean;
                            advancedAnalytics: boolean;
                            customBranding: boolean;
                        };
                        settings: {
                            timezone: string;
                            locale: string;
                            currency: string;
                            dateFormat: string;
                            weekStartsOn: 0 | 1;
                            slotStepMinutes: number;
                            minimumNoticeMinutes: number;
                            bookingHorizonDays: number;
                            cancellationNoticeHours: number;
                            maxOpenBookingsPerEmail: number;
                            /** @enum {string} */
                            onlineBookingConfirmation?: "required" | "none";
                            pendingHoldMinutes?: number;
                            maxPendingHoldsPerDay?: number;
                            reminders?: {
                                before: string;
                                /** @enum {string} */
                                channel: "email" | "sms";
                            }[];
                            quietHours?: {
                                start: string;
                                end: string;
                            };
                            address?: string;
                            staffCopies?: boolean;
                        };
                        branding: {
                            primaryColor: string;
                            secondaryColor: string;
                            logoKey?: string;
                        };
                        /** Format: date-time */
                        createdAt: string;
                        /** Format: date-time */
                        updatedAt: string;
                    };
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            413: components["responses"]["PayloadTooLarge"];
            415: components["responses"]["UnsupportedMediaType"];
            429: components["responses"]["RateLimited"];
            500: components["responses"]["Internal"];
            503: components["responses"]["Unavailable"];
            default: components["responses"]["Error"];
        };
    };
    getUsage: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                tenantId: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Plan, limits (-1: unlimited) and usage; for the owner (`billing:manage`), `cost`: this month's estimated AWS cost of the salon (docs/operations.md, "Cost per salon"). */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        /** @enum {string} */
                        plan: "free" | "starter" | "professional" | "enterprise";
                        limits: {
                            maxUsers: number;
                            maxStorage: number;
                            maxApiCalls: number;
                            maxClients: number;
                            maxAppointmentsPerMonth: number;
                            requestsPerMinute?: number;
                            requestsPerSecond?: number;
                        };
                        usage: {
                            users: number;
                            clients: number;
                            appointmentsThisMonth: number;
                            storageBytes: number;
                            apiCallsThisMonth: number;
                        };
                        cost?: {
                            /** @constant */
                            currency: "USD";
                            month: string;
                            total: {
                                amount: number;
                                amountMicros: number;
                                /** @constant */
                                currency: "USD";
                            };
                            lines: {
                                item: string;
                                quantity: number;
                                unit: string;
                                unitPrice: string;
                                amount: number;
                                amountMicros: number;
                            }[];
                        };
                    };
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            429: components["responses"]["RateLimited"];
            500: components["responses"]["Internal"];
            503: components["responses"]["Unavailable"];
            default: components["responses"]["Error"];
        };
    };
    getAnalytics: {
        parameters: {
            query: {
                period: "day" | "week" | "month";
                date?: string;
            };
            header?: never;
            path: {
                tenantId: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The period's figures, from daily counters; `advanced` with the plan's advancedAnalytics. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        period: {
                            /** @enum {string} */
                            type: "day" | "week" | "month";
                            from: string;
                            to: string;
                        };
                        appointments: {
                            byStatus: {
                                pending: number;
                                scheduled: number;
                                confirmed: number;
                                in_progress: number;
                                completed: number;
                                cancelled: number;
                                no_show: number;
                                expired: number;
                            };
                            total: number;
                            completed: number;
                            cancelled: number;
                            completionRate: number;
                        };
                        revenue: {
                            amount: number;
                            currency: string;
                        }[];
                        newClients: number;
                        topServices: {
                            serviceId: string;
                            name: string | null;
                            bookings: number;
                            revenue: {
                                amount: number;
                                currency: string;
                            }[];
                        }[];
                        advanced?: {
                            staffUtilisation: {
                                staffId: string;
                                name: string;
                                bookedMinutes: number;
                                workingMinutes: number;
                                utilisation: number | null;
                            }[];
                            noShowRate: number;
                            busiestHours: {
                                hour: number;
                                appointments: number;
                            }[];
                            daily: {
                                date: string;
                                appointments: number;
                                completed: number;
                                cancelled: number;
                                noShows: number;
                                revenue: {
                                    amount: number;
                                    currency: string;
                                }[];
                                newClients: number;
                            }[];
                        };
                    };
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            429: components["responses"]["RateLimited"];
            500: components["responses"]["Internal"];
            503: components["responses"]["Unavailable"];
            default: components["responses"]["Error"];
        };
    };
    listMembers: {
        parameters: {
            query?: {
                limit?: string;
                cursor?: string;
            };
            header?: never;
            path: {
                tenantId: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description A page of members. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        items: {
                            userId: string;
                            email: string;
                            /** @enum {string} */
                            role: "owner" | "admin" | "manager" | "employee" | "viewer";
                            /** Format: date-time */
                            joinedAt: string;
                        }[];
                        nextCursor: string | null;
                    };
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            429: components["responses"]["RateLimited"];
            500: components["responses"]["Internal"];
            503: components["responses"]["Unavailable"];
            default: components["responses"]["Error"];
        };
    };
    removeMember: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                tenantId: string;
                userId: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The member is removed. */
            204: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            429: components["responses"]["RateLimited"];
            500: components["responses"]["Internal"];
            503: components["responses"]["Unavailable"];
            default: components["responses"]["Error"];
        };
    };
    updateMember: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                tenantId: string;
                userId: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    /** @enum {string} */
                    role: "owner" | "admin" | "manager" | "employee" | "viewer";
                };
            };
        };
        responses: {
            /** @description The member with their role. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        userId: string;
                        email: string;
                        /** @enum {string} */
                        role: "owner" | "admin" | "manager" | "employee" | "viewer";
                        /** Format: date-time */
                        joinedAt: string;
                    };
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            413: components["responses"]["PayloadTooLarge"];
            415: components["responses"]["UnsupportedMediaType"];
            429: components["responses"]["RateLimited"];
            500: components["responses"]["Internal"];
            503: components["responses"]["Unavailable"];
            default: components["responses"]["Error"];
        };
    };
    listInvitations: {
        parameters: {
            query?: {
                limit?: string;
                cursor?: string;
            };
            header?: never;
            path: {
                tenantId: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description A page of pending invitations (expired ones filtered out). Filtered in DynamoDB after its `Limit`, so the server reads on until the page holds `limit` matches, in at most 5 Queries (each evaluating twice the items of the one before, from `limit`, at most 1,000). `partial: true`: it stopped at that bound with fewer; follow `nextCursor` (null only at the end, either way). */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        items: {
                            invitationId: string;
                            email: string;
                            /** @enum {string} */
                            role: "owner" | "admin" | "manager" | "employee" | "viewer";
                            invitedBy: string;
                            /** Format: date-time */
                            createdAt: string;
                            /** Format: date-time */
                            expiresAt: string;
                        }[];
                        nextCursor: string | null;
                        partial: boolean;
                    };
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            429: components["responses"]["RateLimited"];
            500: components["responses"]["Internal"];
            503: components["responses"]["Unavailable"];
            default: components["responses"]["Error"];
        };
    };
    createInvitation: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                tenantId: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    /** Format: email */
                    email: string;
                    /** @enum {string} */
                    role: "owner" | "admin" | "manager" | "employee" | "viewer";
                };
            };
        };
        responses: {
            /** @description The invitation (emailed). */
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        invitationId: string;
                        email: string;
                        /** @enum {string} */
                        role: "owner" | "admin" | "manager" | "employee" | "viewer";
                        invitedBy: string;
                        /** Format: date-time */
                        createdAt: string;
                        /** Format: date-time */
                        expiresAt: string;
                    };
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            413: components["responses"]["PayloadTooLarge"];
            415: components["responses"]["UnsupportedMediaType"];
            429: components["responses"]["RateLimited"];
            500: components["responses"]["Internal"];
            503: components["responses"]["Unavailable"];
            default: components["responses"]["Error"];
        };
    };
    revokeInvitation: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                tenantId: string;
                invitationId: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The invitation is withdrawn. */
            204: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            429: components["responses"]["RateLimited"];
            500: components["responses"]["Internal"];
            503: components["responses"]["Unavailable"];
            default: components["responses"]["Error"];
        };
    };
    acceptInvitation: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                invitationId: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The salon you joined, with your role. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        tenantId: string;
                        slug: string;
                        name: string;
                        /** @enum {string} */
                        role: "owner" | "admin" | "manager" | "employee" | "viewer";
                    };
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            404: components["responses"]["NotFound"];
            429: components["responses"]["RateLimited"];
            500: components["responses"]["Internal"];
            503: components["responses"]["Unavailable"];
            default: components["responses"]["Error"];
        };
    };
    listPlans: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Every plan (one page; price null: on quote). */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        items: {
                            /** @enum {string} */
                            plan: "free" | "starter" | "professional" | "enterprise";
                            price: {
                                amount: number;
                                currency: string;
                            } | null;
                            /** @constant */
                            interval: "month";
                            purchasable: boolean;
                            limits: {
                                maxUsers: number;
                                maxStorage: number;
                                maxApiCalls: number;
                                maxClients: number;
                                maxAppointmentsPerMonth: number;
                                requestsPerMinute?: number;
                                requestsPerSecond?: number;
                            };
                            features: {
                                onlineBooking: boolean;
                                smsReminders: boolean;
                                apiAccess: boolean;
                                advancedAnalytics: boolean;
                                customBranding: boolean;
                            };
                        }[];
                        nextCursor: string | null;
                    };
                };
            };
            429: components["responses"]["RateLimited"];
            500: components["responses"]["Internal"];
            503: components["responses"]["Unavailable"];
            default: components["responses"]["Error"];
        };
    };
    getBilling: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                tenantId: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The subscription as members see it. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        /** @enum {string} */
                        plan: "free" | "starter" | "professional" | "enterprise";
                        /** @enum {string} */
                        subscriptionStatus: "trialing" | "active" | "past_due" | "canceled" | "unpaid" | "incomplete" | "incomplete_expired" | "paused";
                        suspended: boolean;
                        currentPeriodEnd: string | null;
                        cancelAtPeriodEnd: boolean;
                        hasCustomer: boolean;
                    };
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            429: components["responses"]["RateLimited"];
            500: components["responses"]["Internal"];
            503: components["responses"]["Unavailable"];
            default: components["responses"]["Error"];
        };
    };
    createCheckoutSession: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                tenantId: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    /** @enum {string} */
                    plan: "free" | "starter" | "professional" | "enterprise";
                };
            };
        };
        responses: {
            /** @description Where to send the owner: Stripe Checkout, or the portal confirming a plan change. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        /** Format: uri */
                        url: string;
                        /** @enum {string} */
                        flow: "checkout" | "plan-change";
                    };
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            413: components["responses"]["PayloadTooLarge"];
            415: components["responses"]["UnsupportedMediaType"];
            429: components["responses"]["RateLimited"];
            500: components["responses"]["Internal"];
            503: components["responses"]["Unavailable"];
            default: components["responses"]["Error"];
        };
    };
    createPortalSession: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                tenantId: string;
            };
            cookie?: never;
        };
        requestBody?: {
            content: {
                "application/json": Record<string, never>;
            };
        };
        responses: {
            /** @description The Stripe Customer Portal URL. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        /** Format: uri */
                        url: string;
                    };
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            413: components["responses"]["PayloadTooLarge"];
            415: components["responses"]["UnsupportedMediaType"];
            429: components["responses"]["RateLimited"];
            500: components["responses"]["Internal"];
            503: components["responses"]["Unavailable"];
            default: components["responses"]["Error"];
        };
    };
    receiveStripeEvent: {
        parameters: {
            query?: never;
            header: {
                /** @description Stripe's signature over the raw body. */
                "Stripe-Signature": string;
            };
            path?: never;
            cookie?: never;
        };
        /** @description A Stripe event, exactly as Stripe sent it: the signature covers these bytes. */
        requestBody: {
            content: {
                "application/json": {
                    id: string;
                    type: string;
                } & {
                    [key: string]: unknown;
                };
            };
        };
        responses: {
            /** @description The event is verified and settled (no retry needed). */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        /** @constant */
                        received: true;
                        /** @enum {string} */
                        outcome: "applied" | "duplicate" | "stale" | "not-applicable" | "unknown-tenant" | "foreign-customer" | "ignored";
                        ignored?: string;
                    };
                };
            };
            400: components["responses"]["BadRequest"];
            413: components["responses"]["PayloadTooLarge"];
            429: components["responses"]["RateLimited"];
            500: components["responses"]["Internal"];
            503: components["responses"]["Unavailable"];
            default: components["responses"]["Error"];
        };
    };
    listClients: {
        parameters: {
            query?: {
                limit?: string;
                cursor?: string;
                email?: string;
            };
            header?: never;
            path: {
                tenantId: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description A page of clients. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        items: {
                            clientId: string;
                            name: string;
                            email?: string;
                            phone?: string;
                            notes?: string;
                            notifications: {
                                email: boolean;
                                sms: boolean;
                            };
                            /** Format: date-time */
                            createdAt: string;
                            /** Format: date-time */
                            updatedAt: string;
                        }[];
                        nextCursor: string | null;
                    };
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            429: components["responses"]["RateLimited"];
            500: components["responses"]["Internal"];
            503: components["responses"]["Unavailable"];
            default: components["responses"]["Error"];
        };
    };
    createClient: {
        parameters: {
            query?: never;
            header?: {
                /** @description Makes a create safe to retry: the same key and body replay the first answer; another body is 422. */
                "Idempotency-Key"?: components["parameters"]["IdempotencyKey"];
            };
            path: {
                tenantId: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    name: string;
                    /** Format: email */
                    email?: string;
                    phone?: string;
                    notes?: string;
                    notifications?: {
                        email: boolean;
                        sms: boolean;
                    };
                };
            };
        };
        responses: {
            /** @description The new client. */
            201: {
                headers: {
                    /** @description `true` when this is the recorded answer of an earlier request with the same key. */
                    "idempotent-replayed"?: "true";
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        clientId: string;
                        name: string;
                        email?: string;
                        phone?: string;
                        notes?: string;
                        notifications: {
                            email: boolean;
                            sms: boolean;
                        };
                        /** Format: date-time */
                        createdAt: string;
                        /** Format: date-time */
                        updatedAt: string;
                    };
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            409: components["responses"]["Conflict"];
            413: components["responses"]["PayloadTooLarge"];
            415: components["responses"]["UnsupportedMediaType"];
            429: components["responses"]["RateLimited"];
            500: components["responses"]["Internal"];
            503: components["responses"]["Unavailable"];
            default: components["responses"]["Error"];
        };
    };
    getClient: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                tenantId: string;
                clientId: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The client. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        clientId: string;
                        name: string;
                        email?: string;
                        phone?: string;
                        notes?: string;
                        notifications: {
                            email: boolean;
                            sms: boolean;
                        };
                        /** Format: date-time */
                        createdAt: string;
                        /** Format: date-time */
                        updatedAt: string;
                    };
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            429: components["responses"]["RateLimited"];
            500: components["responses"]["Internal"];
            503: components["responses"]["Unavailable"];
            default: components["responses"]["Error"];
        };
    };
    deleteClient: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                tenantId: string;
                clientId: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The client is deleted. */
            204: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            429: components["responses"]["RateLimited"];
            500: components["responses"]["Internal"];
            503: components["responses"]["Unavailable"];
            default: components["responses"]["Error"];
        };
    };
    updateClient: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                tenantId: string;
                clientId: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    name?: string;
                    email?: string | null;
                    phone?: string | null;
                    notes?: string | null;
                    notifications?: {
                        email: boolean;
                        sms: boolean;
                    };
                };
            };
        };
        responses: {
            /** @description The client as changed. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        clientId: string;
                        name: string;
                        email?: string;
                        phone?: string;
                        notes?: string;
                        notifications: {
                            email: boolean;
                            sms: boolean;
                        };
                        /** Format: date-time */
                        createdAt: string;
                        /** Format: date-time */
                        updatedAt: string;
                    };
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            413: components["responses"]["PayloadTooLarge"];
            415: components["responses"]["UnsupportedMediaType"];
            429: components["responses"]["RateLimited"];
            500: components["responses"]["Internal"];
            503: components["responses"]["Unavailable"];
            default: components["responses"]["Error"];
        };
    };
    listAuditLog: {
        parameters: {
            query?: {
                limit?: string;
                cursor?: string;
                from?: string;
                to?: string;
                actorId?: string;
                action?: "create" | "update" | "delete" | "login" | "export" | "erase";
                resource?: "client" | "service" | "staff" | "appointment" | "member" | "invitation" | "tenant" | "subscription" | "auditLog" | "file" | "dataKey" | "export";
                resourceId?: string;
            };
            header?: never;
            path: {
                tenantId: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description A page of audit entries, newest first. Filtered in DynamoDB after its `Limit`, so the server reads on until the page holds `limit` matches, in at most 5 Queries (each evaluating twice the items of the one before, from `limit`, at most 1,000). `partial: true`: it stopped at that bound with fewer; follow `nextCursor` (null only at the end, either way). Only `action`, `resource` without `resourceId`, and `actorId` beside `resourceId` are filters: none, `from`/`to`, `resource`+`resourceId` and `actorId` narrow the key range (one Query a page). */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        items: {
                            auditId: string;
                            /** Format: date-time */
                            at: string;
                            actor: {
                                userId: string;
                                email?: string;
                                /** @enum {string} */
                                role: "owner" | "admin" | "manager" | "employee" | "viewer";
                            } | {
                                /** @enum {string} */
                                system: "stripe" | "scheduler" | "public" | "ses" | "s3";
                            };
                            /** @enum {string} */
                            action: "create" | "update" | "delete" | "login" | "export" | "erase";
                            /** @enum {string} */
                            resource: "client" | "service" | "staff" | "appointment" | "member" | "invitation" | "tenant" | "subscription" | "auditLog" | "file" | "dataKey" | "export";
                            resourceId: string;
                            changes: {
                                [key: string]: {
                                    from?: unknown;
                                    to?: unknown;
                                };
                            };
                            ip?: string;
                            userAgent?: string;
                            requestId?: string;
                        }[];
                        nextCursor: string | null;
                        partial: boolean;
                    };
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            429: components["responses"]["RateLimited"];
            500: components["responses"]["Internal"];
            503: components["responses"]["Unavailable"];
            default: components["responses"]["Error"];
        };
    };
    exportAuditLog: {
        parameters: {
            query?: {
                from?: string;
                to?: string;
                format?: "csv" | "ndjson";
            };
            header?: never;
            path: {
                tenantId: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The entries from `from` to `to`, newest first, as a file (CSV with a header row, or NDJSON). */
            200: {
                headers: {
                    /** @description attachment; filename=... */
                    "content-disposition"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "text/csv": string;
                    "application/x-ndjson": string;
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            429: components["responses"]["RateLimited"];
            500: components["responses"]["Internal"];
            503: components["responses"]["Unavailable"];
            default: components["responses"]["Error"];
        };
    };
    exportClient: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                tenantId: string;
                clientId: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Everything about the client: profile, preferences, appointments (with a pending booking's booker), files (download links valid a few minutes), messages sent to them (secret links left out), and the audit entries about them with their personal values opened. Audited (`export`). */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        /** Format: date-time */
                        exportedAt: string;
                        client: {
                            clientId: string;
                            name: string;
                            email?: string;
                            phone?: string;
                            notes?: string;
                            notifications: {
                                email: boolean;
                                sms: boolean;
                            };
                            /** Format: date-time */
                            createdAt: string;
                            /** Format: date-time */
                            updatedAt: string;
                        };
                        preferences: {
                            email: boolean;
                            sms: boolean;
                        };
                        appointments: {
                            appointmentId: string;
                            serviceId: string;
                            staffId: string;
                            /** Format: date-time */
                            start: string;
                            /** Format: date-time */
                            end: string;
                            /** @enum {string} */
                            status: "pending" | "scheduled" | "confirmed" | "in_progress" | "completed" | "cancelled" | "no_show" | "expired";
                            /** Format: date-time */
                            holdExpiresAt?: string;
                            notes?: string;
                            price: {
                                amount: number;
                                currency: string;
                            };
                            /** @enum {string} */
                            source: "staff" | "online";
                            /** Format: date-time */
                            createdAt: string;
                            /** Format: date-time */
                            updatedAt: string;
                            clientId: string;
                            pendingClient?: {
                                name: string;
                                email: string;
                                phone?: string;
                                notifications: {
                                    email: boolean;
                                    sms: boolean;
                                };
                            };
                        }[];
                        files: {
                            fileId: string;
                            /** @enum {string} */
                            purpose: "logo" | "client";
                            clientId?: string;
                            /** @enum {string} */
                            status: "pending" | "ready";
                            contentType: string;
                            size: number;
                            fileName: string;
                            objectKey: string;
                            /** Format: date-time */
                            uploadExpiresAt: string;
                            /** Format: date-time */
                            createdAt: string;
                            /** Format: date-time */
                            updatedAt: string;
                            downloadUrl: string | null;
                            downloadExpiresAt: string | null;
                        }[];
                        messages: {
                            messageId: string;
                            channel: string;
                            template: string;
                            to: string | null;
                            status: string;
                            /** Format: date-time */
                            createdAt: string;
                            data: {
                                [key: string]: string;
                            };
                        }[];
                        auditTrail: {
                            auditId: string;
                            /** Format: date-time */
                            at: string;
                            actor: {
                                userId: string;
                                email?: string;
                                /** @enum {string} */
                                role: "owner" | "admin" | "manager" | "employee" | "viewer";
                            } | {
                                /** @enum {string} */
                                system: "stripe" | "scheduler" | "public" | "ses" | "s3";
                            };
                            /** @enum {string} */
                            action: "create" | "update" | "delete" | "login" | "export" | "erase";
                            /** @enum {string} */
                            resource: "client" | "service" | "staff" | "appointment" | "member" | "invitation" | "tenant" | "subscription" | "auditLog" | "file" | "dataKey" | "export";
                            resourceId: string;
                            changes: {
                                [key: string]: {
                                    from?: unknown;
                                    to?: unknown;
                                };
                            };
                            ip?: string;
                            userAgent?: string;
                            requestId?: string;
                        }[];
                    };
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            429: components["responses"]["RateLimited"];
            500: components["responses"]["Internal"];
            503: components["responses"]["Unavailable"];
            default: components["responses"]["Error"];
        };
    };
    eraseClient: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                tenantId: string;
                clientId: string;
            };
            cookie?: never;
        };
        requestBody?: {
            content: {
                "application/json": Record<string, never>;
            };
        };
        responses: {
            /** @description The client is erased (docs/gdpr.md); calling again answers the same and changes nothing. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        clientId: string;
                        /** @enum {string} */
                        state: "erasing" | "erased";
                        /** Format: date-time */
                        requestedAt: string;
                        /** Format: date-time */
                        erasedAt?: string;
                        counts: {
                            appointments: number;
                            files: number;
                            messages: number;
                            records: number;
                        };
                    };
                };
            };
            /** @description Erasing: the time budget of one call ran out; call again to resume. */
            202: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        clientId: string;
                        /** @enum {string} */
                        state: "erasing" | "erased";
                        /** Format: date-time */
                        requestedAt: string;
                        /** Format: date-time */
                        erasedAt?: string;
                        counts: {
                            appointments: number;
                            files: number;
                            messages: number;
                            records: number;
                        };
                    };
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            413: components["responses"]["PayloadTooLarge"];
            415: components["responses"]["UnsupportedMediaType"];
            429: components["responses"]["RateLimited"];
            500: components["responses"]["Internal"];
            503: components["responses"]["Unavailable"];
            default: components["responses"]["Error"];
        };
    };
    listFiles: {
        parameters: {
            query?: {
                limit?: string;
                cursor?: string;
                clientId?: string;
            };
            header?: never;
            path: {
                tenantId: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description A page of files. Filtered in DynamoDB after its `Limit`, so the server reads on until the page holds `limit` matches, in at most 5 Queries (each evaluating twice the items of the one before, from `limit`, at most 1,000). `partial: true`: it stopped at that bound with fewer; follow `nextCursor` (null only at the end, either way). */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        items: {
                            fileId: string;
                            /** @enum {string} */
                            purpose: "logo" | "client";
                            clientId?: string;
                            /** @enum {string} */
                            status: "pending" | "ready";
                            contentType: string;
                            size: number;
                            fileName: string;
                            objectKey: string;
                            /** Format: date-time */
                            uploadExpiresAt: string;
                            /** Format: date-time */
                            createdAt: string;
                            /** Format: date-time */
                            updatedAt: string;
                        }[];
                        nextCursor: string | null;
                        partial: boolean;
                    };
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            429: components["responses"]["RateLimited"];
            500: components["responses"]["Internal"];
            503: components["responses"]["Unavailable"];
            default: components["responses"]["Error"];
        };
    };
    createFile: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                tenantId: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    /** @enum {string} */
                    purpose: "logo" | "client";
                    clientId?: string;
                    contentType: string;
                    size: number;
                    fileName: string;
                };
            };
        };
        responses: {
            /** @description The pending file, its bytes reserved, and the upload: POST `fields` then the file (multipart/form-data) to `url` before `expiresAt`; then `complete`. */
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        file: {
                            fileId: string;
                            /** @enum {string} */
                            purpose: "logo" | "client";
                            clientId?: string;
                            /** @enum {string} */
                            status: "pending" | "ready";
                            contentType: string;
                            size: number;
                            fileName: string;
                            objectKey: string;
                            /** Format: date-time */
                            uploadExpiresAt: string;
                            /** Format: date-time */
                            createdAt: string;
                            /** Format: date-time */
                            updatedAt: string;
                        };
                        upload: {
                            /** @constant */
                            method: "POST";
                            url: string;
                            fields: {
                                [key: string]: string;
                            };
                            /** Format: date-time */
                            expiresAt: string;
                        };
                    };
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            413: components["responses"]["PayloadTooLarge"];
            415: components["responses"]["UnsupportedMediaType"];
            429: components["responses"]["RateLimited"];
            500: components["responses"]["Internal"];
            503: components["responses"]["Unavailable"];
            default: components["responses"]["Error"];
        };
    };
    completeFile: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                tenantId: string;
                fileId: string;
            };
            cookie?: never;
        };
        requestBody?: {
            content: {
                "application/json": Record<string, never>;
            };
        };
        responses: {
            /** @description The file, now ready. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        fileId: string;
                        /** @enum {string} */
                        purpose: "logo" | "client";
                        clientId?: string;
                        /** @enum {string} */
                        status: "pending" | "ready";
                        contentType: string;
                        size: number;
                        fileName: string;
                        objectKey: string;
                        /** Format: date-time */
                        uploadExpiresAt: string;
                        /** Format: date-time */
                        createdAt: string;
                        /** Format: date-time */
                        updatedAt: string;
                    };
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            413: components["responses"]["PayloadTooLarge"];
            415: components["responses"]["UnsupportedMediaType"];
            429: components["responses"]["RateLimited"];
            500: components["responses"]["Internal"];
            503: components["responses"]["Unavailable"];
            default: components["responses"]["Error"];
        };
    };
    getFile: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                tenantId: string;
                fileId: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The file; `downloadUrl` is a presigned GET valid a few minutes (null while pending). */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        fileId: string;
                        /** @enum {string} */
                        purpose: "logo" | "client";
                        clientId?: string;
                        /** @enum {string} */
                        status: "pending" | "ready";
                        contentType: string;
                        size: number;
                        fileName: string;
                        objectKey: string;
                        /** Format: date-time */
                        uploadExpiresAt: string;
                        /** Format: date-time */
                        createdAt: string;
                        /** Format: date-time */
                        updatedAt: string;
                        downloadUrl: string | null;
                        downloadExpiresAt: string | null;
                    };
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            429: components["responses"]["RateLimited"];
            500: components["responses"]["Internal"];
            503: components["responses"]["Unavailable"];
            default: components["responses"]["Error"];
        };
    };
    deleteFile: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                tenantId: string;
                fileId: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The file and its object are deleted; its bytes are free again. */
            204: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            429: components["responses"]["RateLimited"];
            500: components["responses"]["Internal"];
            503: components["responses"]["Unavailable"];
            default: components["responses"]["Error"];
        };
    };
    getTenantKeys: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                tenantId: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The salon's key versions and the re-encryption's progress: `rewrite` (moving every value to the new version), `verify` (passes after `quietAfter` until one meets no old value), `done` (old versions but the index root deleted). */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        currentVersion: number;
                        versions: {
                            version: number;
                            /** Format: date-time */
                            createdAt: string;
                            current: boolean;
                            indexRoot: boolean;
                        }[];
                        /** Format: date-time */
                        rotationDueAt: string;
                        reencryption: {
                            targetVersion: number;
                            /** @enum {string} */
                            phase: "rewrite" | "verify" | "done";
                            pass: number;
                            /** Format: date-time */
                            startedAt: string;
                            /** Format: date-time */
                            updatedAt: string;
                            /** Format: date-time */
                            quietAfter: string;
                            finishedAt: string | null;
                            scanned: number;
                            rewritten: number;
                            oldValues: number;
                            deletedVersions: number[];
                        } | null;
                    };
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            429: components["responses"]["RateLimited"];
            500: components["responses"]["Internal"];
            503: components["responses"]["Unavailable"];
            default: components["responses"]["Error"];
        };
    };
    rotateTenantKey: {
        parameters: {
            query?: never;
            header?: {
                /** @description Makes a create safe to retry: the same key and body replay the first answer; another body is 422. */
                "Idempotency-Key"?: components["parameters"]["IdempotencyKey"];
            };
            path: {
                tenantId: string;
            };
            cookie?: never;
        };
        requestBody?: {
            content: {
                "application/json": Record<string, never>;
            };
        };
        responses: {
            /** @description The key status right after the rotation: the new version is current and its re-encryption has started. */
            201: {
                headers: {
                    /** @description `true` when this is the recorded answer of an earlier request with the same key. */
                    "idempotent-replayed"?: "true";
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        currentVersion: number;
                        versions: {
                            version: number;
                            /** Format: date-time */
                            createdAt: string;
                            current: boolean;
                            indexRoot: boolean;
                        }[];
                        /** Format: date-time */
                        rotationDueAt: string;
                        reencryption: {
                            targetVersion: number;
                            /** @enum {string} */
                            phase: "rewrite" | "verify" | "done";
                            pass: number;
                            /** Format: date-time */
                            startedAt: string;
                            /** Format: date-time */
                            updatedAt: string;
                            /** Format: date-time */
                            quietAfter: string;
                            finishedAt: string | null;
                            scanned: number;
                            rewritten: number;
                            oldValues: number;
                            deletedVersions: number[];
                        } | null;
                    };
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            409: components["responses"]["Conflict"];
            413: components["responses"]["PayloadTooLarge"];
            415: components["responses"]["UnsupportedMediaType"];
            429: components["responses"]["RateLimited"];
            500: components["responses"]["Internal"];
            503: components["responses"]["Unavailable"];
            default: components["responses"]["Error"];
        };
    };
    listExports: {
        parameters: {
            query?: {
                limit?: string;
                cursor?: string;
            };
            header?: never;
            path: {
                tenantId: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description A page of exports. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        items: {
                            exportId: string;
                            /** @enum {string} */
                            status: "pending" | "running" | "ready" | "failed" | "expired";
                            /** Format: date-time */
                            createdAt: string;
                            /** Format: date-time */
                            updatedAt: string;
                            completedAt: string | null;
                            expiresAt: string | null;
                            progress: {
                                parts: number;
                                records: {
                                    [key: string]: number;
                                };
                            };
                            files: {
                                count: number;
                                bytes: number;
                            } | null;
                            error: string | null;
                        }[];
                        nextCursor: string | null;
                    };
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            429: components["responses"]["RateLimited"];
            500: components["responses"]["Internal"];
            503: components["responses"]["Unavailable"];
            default: components["responses"]["Error"];
        };
    };
    createExport: {
        parameters: {
            query?: never;
            header?: {
                /** @description Makes a create safe to retry: the same key and body replay the first answer; another body is 422. */
                "Idempotency-Key"?: components["parameters"]["IdempotencyKey"];
            };
            path: {
                tenantId: string;
            };
            cookie?: never;
        };
        requestBody?: {
            content: {
                "application/json": Record<string, never>;
            };
        };
        responses: {
            /** @description The export, `pending`: the job runs on its own; read it to follow it. */
            201: {
                headers: {
                    /** @description `true` when this is the recorded answer of an earlier request with the same key. */
                    "idempotent-replayed"?: "true";
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        exportId: string;
                        /** @enum {string} */
                        status: "pending" | "running" | "ready" | "failed" | "expired";
                        /** Format: date-time */
                        createdAt: string;
                        /** Format: date-time */
                        updatedAt: string;
                        completedAt: string | null;
                        expiresAt: string | null;
                        progress: {
                            parts: number;
                            records: {
                                [key: string]: number;
                            };
                        };
                        files: {
                            count: number;
                            bytes: number;
                        } | null;
                        error: string | null;
                    };
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            409: components["responses"]["Conflict"];
            413: components["responses"]["PayloadTooLarge"];
            415: components["responses"]["UnsupportedMediaType"];
            429: components["responses"]["RateLimited"];
            500: components["responses"]["Internal"];
            503: components["responses"]["Unavailable"];
            default: components["responses"]["Error"];
        };
    };
    getExport: {
        parameters: {
            query?: {
                after?: string;
            };
            header?: never;
            path: {
                tenantId: string;
                exportId: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The export; once `ready`, presigned GETs (valid until `linksExpireAt`) to its manifest, parts and files. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        exportId: string;
                        /** @enum {string} */
                        status: "pending" | "running" | "ready" | "failed" | "expired";
                        /** Format: date-time */
                        createdAt: string;
                        /** Format: date-time */
                        updatedAt: string;
                        completedAt: string | null;
                        expiresAt: string | null;
                        progress: {
                            parts: number;
                            records: {
                                [key: string]: number;
                            };
                        };
                        files: {
                            count: number;
                            bytes: number;
                        } | null;
                        error: string | null;
                        downloads: {
                            name: string;
                            /** Format: uri */
                            url: string;
                        }[];
                        linksExpireAt: string | null;
                        nextAfter: string | null;
                    };
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            429: components["responses"]["RateLimited"];
            500: components["responses"]["Internal"];
            503: components["responses"]["Unavailable"];
            default: components["responses"]["Error"];
        };
    };
    listServices: {
        parameters: {
            query?: {
                limit?: string;
                cursor?: string;
            };
            header?: never;
            path: {
                tenantId: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description A page of services. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        items: {
                            serviceId: string;
                            name: string;
                            durationMinutes: number;
                            price: {
                                amount: number;
                                currency: string;
                            };
                            bufferBeforeMinutes: number;
                            bufferAfterMinutes: number;
                            active: boolean;
                            /** Format: date-time */
                            createdAt: string;
                            /** Format: date-time */
                            updatedAt: string;
                        }[];
                        nextCursor: string | null;
                    };
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            429: components["responses"]["RateLimited"];
            500: components["responses"]["Internal"];
            503: components["responses"]["Unavailable"];
            default: components["responses"]["Error"];
        };
    };
    createService: {
        parameters: {
            query?: never;
            header?: {
                /** @description Makes a create safe to retry: the same key and body replay the first answer; another body is 422. */
                "Idempotency-Key"?: components["parameters"]["IdempotencyKey"];
            };
            path: {
                tenantId: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    name: string;
                    durationMinutes: number;
                    price: {
                        amount: number;
                        currency: string;
                    };
                    bufferBeforeMinutes?: number;
                    bufferAfterMinutes?: number;
                    active?: boolean;
                };
            };
        };
        responses: {
            /** @description The new service. */
            201: {
                headers: {
                    /** @description `true` when this is the recorded answer of an earlier request with the same key. */
                    "idempotent-replayed"?: "true";
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        serviceId: string;
                        name: string;
                        durationMinutes: number;
                        price: {
                            amount: number;
                            currency: string;
                        };
                        bufferBeforeMinutes: number;
                        bufferAfterMinutes: number;
                        active: boolean;
                        /** Format: date-time */
                        createdAt: string;
                        /** Format: date-time */
                        updatedAt: string;
                    };
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            409: components["responses"]["Conflict"];
            413: components["responses"]["PayloadTooLarge"];
            415: components["responses"]["UnsupportedMediaType"];
            429: components["responses"]["RateLimited"];
            500: components["responses"]["Internal"];
            503: components["responses"]["Unavailable"];
            default: components["responses"]["Error"];
        };
    };
    getService: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                tenantId: string;
                serviceId: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The service. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        serviceId: string;
                        name: string;
                        durationMinutes: number;
                        price: {
                            amount: number;
                            currency: string;
                        };
                        bufferBeforeMinutes: number;
                        bufferAfterMinutes: number;
                        active: boolean;
                        /** Format: date-time */
                        createdAt: string;
                        /** Format: date-time */
                        updatedAt: string;
                    };
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            429: components["responses"]["RateLimited"];
            500: components["responses"]["Internal"];
            503: components["responses"]["Unavailable"];
            default: components["responses"]["Error"];
        };
    };
    deleteService: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                tenantId: string;
                serviceId: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The service is deleted. */
            204: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            429: components["responses"]["RateLimited"];
            500: components["responses"]["Internal"];
            503: components["responses"]["Unavailable"];
            default: components["responses"]["Error"];
        };
    };
    updateService: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                tenantId: string;
                serviceId: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    name?: string;
                    durationMinutes?: number;
                    price?: {
                        amount: number;
                        currency: string;
                    };
                    bufferBeforeMinutes?: number;
                    bufferAfterMinutes?: number;
                    active?: boolean;
                };
            };
        };
        responses: {
            /** @description The service as changed. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        serviceId: string;
                        name: string;
                        durationMinutes: number;
                        price: {
                            amount: number;
                            currency: string;
                        };
                        bufferBeforeMinutes: number;
                        bufferAfterMinutes: number;
                        active: boolean;
                        /** Format: date-time */
                        createdAt: string;
                        /** Format: date-time */
                        updatedAt: string;
                    };
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            413: components["responses"]["PayloadTooLarge"];
            415: components["responses"]["UnsupportedMediaType"];
            429: components["responses"]["RateLimited"];
            500: components["responses"]["Internal"];
            503: components["responses"]["Unavailable"];
            default: components["responses"]["Error"];
        };
    };
    listStaff: {
        parameters: {
            query?: {
                limit?: string;
                cursor?: string;
            };
            header?: never;
            path: {
                tenantId: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description A page of staff members. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        items: {
                            staffId: string;
                            name: string;
                            serviceIds: string[];
                            workingHours: {
                                mon?: {
                                    start: string;
                                    end: string;
                                }[];
                                tue?: {
                                    start: string;
                                    end: string;
                                }[];
                                wed?: {
                                    start: string;
                                    end: string;
                                }[];
                                thu?: {
                                    start: string;
                                    end: string;
                                }[];
                                fri?: {
                                    start: string;
                                    end: string;
                                }[];
                                sat?: {
                                    start: string;
                                    end: string;
                                }[];
                                sun?: {
                                    start: string;
                                    end: string;
                                }[];
                            };
                            timeOff: {
                                /** Format: date-time */
                                start: string;
                                /** Format: date-time */
                                end: string;
                            }[];
                            userId?: string;
                            /** Format: date-time */
                            createdAt: string;
                            /** Format: date-time */
                            updatedAt: string;
                        }[];
                        nextCursor: string | null;
                    };
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            429: components["responses"]["RateLimited"];
            500: components["responses"]["Internal"];
            503: components["responses"]["Unavailable"];
            default: components["responses"]["Error"];
        };
    };
    createStaff: {
        parameters: {
            query?: never;
            header?: {
                /** @description Makes a create safe to retry: the same key and body replay the first answer; another body is 422. */
                "Idempotency-Key"?: components["parameters"]["IdempotencyKey"];
            };
            path: {
                tenantId: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    name: string;
                    serviceIds: string[];
                    workingHours: {
                        mon?: {
                            start: string;
                            end: string;
                        }[];
                        tue?: {
                            start: string;
                            end: string;
                        }[];
                        wed?: {
                            start: string;
                            end: string;
                        }[];
                        thu?: {
                            start: string;
                            end: string;
                        }[];
                        fri?: {
                            start: string;
                            end: string;
                        }[];
                        sat?: {
                            start: string;
                            end: string;
                        }[];
                        sun?: {
                            start: string;
                            end: string;
                        }[];
                    };
                    timeOff?: {
                        start: string;
                        end: string;
                    }[];
                    userId?: string;
                };
            };
        };
        responses: {
            /** @description The new staff member. */
            201: {
                headers: {
                    /** @description `true` when this is the recorded answer of an earlier request with the same key. */
                    "idempotent-replayed"?: "true";
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        staffId: string;
                        name: string;
                        serviceIds: string[];
                        workingHours: {
                            mon?: {
                                start: string;
                                end: string;
                            }[];
                            tue?: {
                                start: string;
                                end: string;
                            }[];
                            wed?: {
                                start: string;
                                end: string;
                            }[];
                            thu?: {
                                start: string;
                                end: string;
                            }[];
                            fri?: {
                                start: string;
                                end: string;
                            }[];
                            sat?: {
                                start: string;
                                end: string;
                            }[];
                            sun?: {
                                start: string;
                                end: string;
                            }[];
                        };
                        timeOff: {
                            /** Format: date-time */
                            start: string;
                            /** Format: date-time */
                            end: string;
                        }[];
                        userId?: string;
                        /** Format: date-time */
                        createdAt: string;
                        /** Format: date-time */
                        updatedAt: string;
                    };
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            409: components["responses"]["Conflict"];
            413: components["responses"]["PayloadTooLarge"];
            415: components["responses"]["UnsupportedMediaType"];
            429: components["responses"]["RateLimited"];
            500: components["responses"]["Internal"];
            503: components["responses"]["Unavailable"];
            default: components["responses"]["Error"];
        };
    };
    getStaff: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                tenantId: string;
                staffId: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The staff member. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        staffId: string;
                        name: string;
                        serviceIds: string[];
                        workingHours: {
                            mon?: {
                                start: string;
                                end: string;
                            }[];
                            tue?: {
                                start: string;
                                end: string;
                            }[];
                            wed?: {
                                start: string;
                                end: string;
                            }[];
                            thu?: {
                                start: string;
                                end: string;
                            }[];
                            fri?: {
                                start: string;
                                end: string;
                            }[];
                            sat?: {
                                start: string;
                                end: string;
                            }[];
                            sun?: {
                                start: string;
                                end: string;
                            }[];
                        };
                        timeOff: {
                            /** Format: date-time */
                            start: string;
                            /** Format: date-time */
                            end: string;
                        }[];
                        userId?: string;
                        /** Format: date-time */
                        createdAt: string;
                        /** Format: date-time */
                        updatedAt: string;
                    };
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            429: components["responses"]["RateLimited"];
            500: components["responses"]["Internal"];
            503: components["responses"]["Unavailable"];
            default: components["responses"]["Error"];
        };
    };
    deleteStaff: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                tenantId: string;
                staffId: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The staff member is deleted. */
            204: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            429: components["responses"]["RateLimited"];
            500: components["responses"]["Internal"];
            503: components["responses"]["Unavailable"];
            default: components["responses"]["Error"];
        };
    };
    updateStaff: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                tenantId: string;
                staffId: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    name?: string;
                    serviceIds?: string[];
                    workingHours?: {
                        mon?: {
                            start: string;
                            end: string;
                        }[];
                        tue?: {
                            start: string;
                            end: string;
                        }[];
                        wed?: {
                            start: string;
                            end: string;
                        }[];
                        thu?: {
                            start: string;
                            end: string;
                        }[];
                        fri?: {
                            start: string;
                            end: string;
                        }[];
                        sat?: {
                            start: string;
                            end: string;
                        }[];
                        sun?: {
                            start: string;
                            end: string;
                        }[];
                    };
                    timeOff?: {
                        start: string;
                        end: string;
                    }[];
                    userId?: string | null;
                };
            };
        };
        responses: {
            /** @description The staff member as changed. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        staffId: string;
                        name: string;
                        serviceIds: string[];
                        workingHours: {
                            mon?: {
                                start: string;
                                end: string;
                            }[];
                            tue?: {
                                start: string;
                                end: string;
                            }[];
                            wed?: {
                                start: string;
                                end: string;
                            }[];
                            thu?: {
                                start: string;
                                end: string;
                            }[];
                            fri?: {
                                start: string;
                                end: string;
                            }[];
                            sat?: {
                                start: string;
                                end: string;
                            }[];
                            sun?: {
                                start: string;
                                end: string;
                            }[];
                        };
                        timeOff: {
                            /** Format: date-time */
                            start: string;
                            /** Format: date-time */
                            end: string;
                        }[];
                        userId?: string;
                        /** Format: date-time */
                        createdAt: string;
                        /** Format: date-time */
                        updatedAt: string;
                    };
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            413: components["responses"]["PayloadTooLarge"];
            415: components["responses"]["UnsupportedMediaType"];
            429: components["responses"]["RateLimited"];
            500: components["responses"]["Internal"];
            503: components["responses"]["Unavailable"];
            default: components["responses"]["Error"];
        };
    };
    getAvailability: {
        parameters: {
            query: {
                serviceId: string;
                date?: string;
                from?: string;
                to?: string;
                staffId?: string;
                summary?: "0" | "1" | "true" | "false";
            };
            header?: never;
            path: {
                tenantId: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Free start times, in the salon timezone, per staff member. `?date=YYYY-MM-DD`: `{date, timezone, slots:[{start, staffId}]}`. `?from=YYYY-MM-DD&to=YYYY-MM-DD` (both included, at most 42 days; instead of `date`): `{timezone, days:[{date, slots}]}`, each date as `date=` answers it. With `summary=1` (range only), for a month calendar: `{timezone, days:[{date, count}]}`, the number of open (start, staff member) pairs per date. Every form reads only what it needs: with `staffId`, one BatchGet (the salon, the service, that staff member and their days); without, the salon and the service with the staff who offer it, then one Query over their days of the range. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        /** Format: date */
                        date: string;
                        timezone: string;
                        slots: {
                            /** Format: date-time */
                            start: string;
                            staffId: string;
                        }[];
                    } | {
                        timezone: string;
                        days: {
                            /** Format: date */
                            date: string;
                            slots: {
                                /** Format: date-time */
                                start: string;
                                staffId: string;
                            }[];
                        }[];
                    } | {
                        timezone: string;
                        days: {
                            /** Format: date */
                            date: string;
                            count: number;
                        }[];
                    };
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            429: components["responses"]["RateLimited"];
            500: components["responses"]["Internal"];
            503: components["responses"]["Unavailable"];
            default: components["responses"]["Error"];
        };
    };
    listAppointments: {
        parameters: {
            query?: {
                limit?: string;
                cursor?: string;
                from?: string;
                to?: string;
                staffId?: string;
                clientId?: string;
                status?: "pending" | "scheduled" | "confirmed" | "in_progress" | "completed" | "cancelled" | "no_show" | "expired";
            };
            header?: never;
            path: {
                tenantId: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description A page of appointments by start time (`status`, and `clientId` beside `staffId`, are filters; without one, one Query unless it passes 1 MB). Filtered in DynamoDB after its `Limit`, so the server reads on until the page holds `limit` matches, in at most 5 Queries (each evaluating twice the items of the one before, from `limit`, at most 1,000). `partial: true`: it stopped at that bound with fewer; follow `nextCursor` (null only at the end, either way). */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        items: {
                            appointmentId: string;
                            serviceId: string;
                            staffId: string;
                            /** Format: date-time */
                            start: string;
                            /** Format: date-time */
                            end: string;
                            /** @enum {string} */
                            status: "pending" | "scheduled" | "confirmed" | "in_progress" | "completed" | "cancelled" | "no_show" | "expired";
                            /** Format: date-time */
                            holdExpiresAt?: string;
                            notes?: string;
                            price: {
                                amount: number;
                                currency: string;
                            };
                            /** @enum {string} */
                            source: "staff" | "online";
                            /** Format: date-time */
                            createdAt: string;
                            /** Format: date-time */
                            updatedAt: string;
                            clientId: string;
                        }[];
                        nextCursor: string | null;
                        partial: boolean;
                    };
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            429: components["responses"]["RateLimited"];
            500: components["responses"]["Internal"];
            503: components["responses"]["Unavailable"];
            default: components["responses"]["Error"];
        };
    };
    createAppointment: {
        parameters: {
            query?: never;
            header?: {
                /** @description Makes a create safe to retry: the same key and body replay the first answer; another body is 422. */
                "Idempotency-Key"?: components["parameters"]["IdempotencyKey"];
            };
            path: {
                tenantId: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    clientId: string;
                    serviceId: string;
                    staffId: string;
                    start: string;
                    notes?: string;
                };
            };
        };
        responses: {
            /** @description The booked appointment. */
            201: {
                headers: {
                    /** @description `true` when this is the recorded answer of an earlier request with the same key. */
                    "idempotent-replayed"?: "true";
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        appointmentId: string;
                        serviceId: string;
                        staffId: string;
                        /** Format: date-time */
                        start: string;
                        /** Format: date-time */
                        end: string;
                        /** @enum {string} */
                        status: "pending" | "scheduled" | "confirmed" | "in_progress" | "completed" | "cancelled" | "no_show" | "expired";
                        /** Format: date-time */
                        holdExpiresAt?: string;
                        notes?: string;
                        price: {
                            amount: number;
                            currency: string;
                        };
                        /** @enum {string} */
                        source: "staff" | "online";
                        /** Format: date-time */
                        createdAt: string;
                        /** Format: date-time */
                        updatedAt: string;
                        clientId: string;
                    };
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            409: components["responses"]["Conflict"];
            413: components["responses"]["PayloadTooLarge"];
            415: components["responses"]["UnsupportedMediaType"];
            429: components["responses"]["RateLimited"];
            500: components["responses"]["Internal"];
            503: components["responses"]["Unavailable"];
            default: components["responses"]["Error"];
        };
    };
    getAppointment: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                tenantId: string;
                appointmentId: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The appointment. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        appointmentId: string;
                        serviceId: string;
                        staffId: string;
                        /** Format: date-time */
                        start: string;
                        /** Format: date-time */
                        end: string;
                        /** @enum {string} */
                        status: "pending" | "scheduled" | "confirmed" | "in_progress" | "completed" | "cancelled" | "no_show" | "expired";
                        /** Format: date-time */
                        holdExpiresAt?: string;
                        notes?: string;
                        price: {
                            amount: number;
                            currency: string;
                        };
                        /** @enum {string} */
                        source: "staff" | "online";
                        /** Format: date-time */
                        createdAt: string;
                        /** Format: date-time */
                        updatedAt: string;
                        clientId: string;
                    };
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            429: components["responses"]["RateLimited"];
            500: components["responses"]["Internal"];
            503: components["responses"]["Unavailable"];
            default: components["responses"]["Error"];
        };
    };
    updateAppointment: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                tenantId: string;
                appointmentId: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    start?: string;
                    staffId?: string;
                    notes?: string | null;
                    /** @enum {string} */
                    status?: "pending" | "scheduled" | "confirmed" | "in_progress" | "completed" | "cancelled" | "no_show" | "expired";
                };
            };
        };
        responses: {
            /** @description The appointment as changed. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        appointmentId: string;
                        serviceId: string;
                        staffId: string;
                        /** Format: date-time */
                        start: string;
                        /** Format: date-time */
                        end: string;
                        /** @enum {string} */
                        status: "pending" | "scheduled" | "confirmed" | "in_progress" | "completed" | "cancelled" | "no_show" | "expired";
                        /** Format: date-time */
                        holdExpiresAt?: string;
                        notes?: string;
                        price: {
                            amount: number;
                            currency: string;
                        };
                        /** @enum {string} */
                        source: "staff" | "online";
                        /** Format: date-time */
                        createdAt: string;
                        /** Format: date-time */
                        updatedAt: string;
                        clientId: string;
                    };
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            413: components["responses"]["PayloadTooLarge"];
            415: components["responses"]["UnsupportedMediaType"];
            429: components["responses"]["RateLimited"];
            500: components["responses"]["Internal"];
            503: components["responses"]["Unavailable"];
            default: components["responses"]["Error"];
        };
    };
    getPublicSalon: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                slug: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description What the booking page shows: identity, locale, branding and the booking rules a visitor meets. Cacheable for a minute (`Cache-Control: public, max-age=60`). */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        slug: string;
                        name: string;
                        timezone: string;
                        locale: string;
                        currency: string;
                        weekStartsOn: 0 | 1;
                        address: string | null;
                        branding: {
                            primaryColor: string;
                            secondaryColor: string;
                            logoUrl: string | null;
                        };
                        booking: {
                            minimumNoticeMinutes: number;
                            bookingHorizonDays: number;
                            cancellationNoticeHours: number;
                            maxOpenBookingsPerEmail: number;
                            /** @enum {string} */
                            confirmation: "required" | "none";
                            pendingHoldMinutes: number;
                        };
                    };
                };
            };
            400: components["responses"]["BadRequest"];
            404: components["responses"]["NotFound"];
            429: components["responses"]["RateLimited"];
            500: components["responses"]["Internal"];
            503: components["responses"]["Unavailable"];
            default: components["responses"]["Error"];
        };
    };
    getPublicLogo: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                slug: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description A redirect (`Location`) to a presigned GET of the logo, valid 10 minutes; `Cache-Control: public, max-age=300`, so a cached redirect never outlives its URL. 404 when the salon has no ready logo. */
            302: {
                headers: {
                    /** @description Where the resource is. */
                    Location: string;
                    [name: string]: unknown;
                };
                content?: never;
            };
            400: components["responses"]["BadRequest"];
            404: components["responses"]["NotFound"];
            429: components["responses"]["RateLimited"];
            500: components["responses"]["Internal"];
            503: components["responses"]["Unavailable"];
            default: components["responses"]["Error"];
        };
    };
    listPublicServices: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                slug: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Bookable services and who offers them (one page). */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        items: {
                            serviceId: string;
                            name: string;
                            durationMinutes: number;
                            price: {
                                amount: number;
                                currency: string;
                            };
                            staff: {
                                staffId: string;
                                name: string;
                            }[];
                        }[];
                        nextCursor: string | null;
                    };
                };
            };
            400: components["responses"]["BadRequest"];
            404: components["responses"]["NotFound"];
            429: components["responses"]["RateLimited"];
            500: components["responses"]["Internal"];
            503: components["responses"]["Unavailable"];
            default: components["responses"]["Error"];
        };
    };
    getPublicAvailability: {
        parameters: {
            query: {
                serviceId: string;
                date?: string;
                from?: string;
                to?: string;
                staffId?: string;
                summary?: "0" | "1" | "true" | "false";
            };
            header?: never;
            path: {
                slug: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Free start times, in the salon timezone, per staff member. `?date=YYYY-MM-DD`: `{date, timezone, slots:[{start, staffId}]}`. `?from=YYYY-MM-DD&to=YYYY-MM-DD` (both included, at most 42 days; instead of `date`): `{timezone, days:[{date, slots}]}`, each date as `date=` answers it. With `summary=1` (range only), for a month calendar: `{timezone, days:[{date, count}]}`, the number of open (start, staff member) pairs per date. Every form reads only what it needs: with `staffId`, one BatchGet (the salon, the service, that staff member and their days); without, the salon and the service with the staff who offer it, then one Query over their days of the range. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        /** Format: date */
                        date: string;
                        timezone: string;
                        slots: {
                            /** Format: date-time */
                            start: string;
                            staffId: string;
                        }[];
                    } | {
                        timezone: string;
                        days: {
                            /** Format: date */
                            date: string;
                            slots: {
                                /** Format: date-time */
                                start: string;
                                staffId: string;
                            }[];
                        }[];
                    } | {
                        timezone: string;
                        days: {
                            /** Format: date */
                            date: string;
                            count: number;
                        }[];
                    };
                };
            };
            400: components["responses"]["BadRequest"];
            404: components["responses"]["NotFound"];
            429: components["responses"]["RateLimited"];
            500: components["responses"]["Internal"];
            503: components["responses"]["Unavailable"];
            default: components["responses"]["Error"];
        };
    };
    createPublicBooking: {
        parameters: {
            query?: never;
            header?: {
                /** @description Makes a create safe to retry: the same key and body replay the first answer; another body is 422. */
                "Idempotency-Key"?: components["parameters"]["IdempotencyKey"];
            };
            path: {
                slug: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    serviceId: string;
                    staffId?: string;
                    start: string;
                    client: {
                        name: string;
                        /** Format: email */
                        email: string;
                        phone?: string;
                        notifications?: {
                            email: boolean;
                            sms: boolean;
                        };
                    };
                    notes?: string;
                };
            };
        };
        responses: {
            /** @description The booking (pending until confirmed from the emailed link, when the salon requires it) and, once only, the token that manages it. */
            201: {
                headers: {
                    /** @description `true` when this is the recorded answer of an earlier request with the same key. */
                    "idempotent-replayed"?: "true";
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        appointmentId: string;
                        serviceId: string;
                        staffId: string;
                        /** Format: date-time */
                        start: string;
                        /** Format: date-time */
                        end: string;
                        /** @enum {string} */
                        status: "pending" | "scheduled" | "confirmed" | "in_progress" | "completed" | "cancelled" | "no_show" | "expired";
                        /** Format: date-time */
                        holdExpiresAt?: string;
                        notes?: string;
                        price: {
                            amount: number;
                            currency: string;
                        };
                        /** @enum {string} */
                        source: "staff" | "online";
                        /** Format: date-time */
                        createdAt: string;
                        /** Format: date-time */
                        updatedAt: string;
                        manageToken: string;
                    };
                };
            };
            400: components["responses"]["BadRequest"];
            404: components["responses"]["NotFound"];
            409: components["responses"]["Conflict"];
            413: components["responses"]["PayloadTooLarge"];
            415: components["responses"]["UnsupportedMediaType"];
            429: components["responses"]["RateLimited"];
            500: components["responses"]["Internal"];
            503: components["responses"]["Unavailable"];
            default: components["responses"]["Error"];
        };
    };
    cancelPublicBooking: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                slug: string;
                appointmentId: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    token: string;
                };
            };
        };
        responses: {
            /** @description The booking, cancelled. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        appointmentId: string;
                        serviceId: string;
                        staffId: string;
                        /** Format: date-time */
                        start: string;
                        /** Format: date-time */
                        end: string;
                        /** @enum {string} */
                        status: "pending" | "scheduled" | "confirmed" | "in_progress" | "completed" | "cancelled" | "no_show" | "expired";
                        /** Format: date-time */
                        holdExpiresAt?: string;
                        notes?: string;
                        price: {
                            amount: number;
                            currency: string;
                        };
                        /** @enum {string} */
                        source: "staff" | "online";
                        /** Format: date-time */
                        createdAt: string;
                        /** Format: date-time */
                        updatedAt: string;
                    };
                };
            };
            400: components["responses"]["BadRequest"];
            404: components["responses"]["NotFound"];
            413: components["responses"]["PayloadTooLarge"];
            415: components["responses"]["UnsupportedMediaType"];
            429: components["responses"]["RateLimited"];
            500: components["responses"]["Internal"];
            503: components["responses"]["Unavailable"];
            default: components["responses"]["Error"];
        };
    };
    confirmPublicBooking: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                slug: string;
                appointmentId: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    token: string;
                };
            };
        };
        responses: {
            /** @description The booking, confirmed (scheduled). */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        appointmentId: string;
                        serviceId: string;
                        staffId: string;
                        /** Format: date-time */
                        start: string;
                        /** Format: date-time */
                        end: string;
                        /** @enum {string} */
                        status: "pending" | "scheduled" | "confirmed" | "in_progress" | "completed" | "cancelled" | "no_show" | "expired";
                        /** Format: date-time */
                        holdExpiresAt?: string;
                        notes?: string;
                        price: {
                            amount: number;
                            currency: string;
                        };
                        /** @enum {string} */
                        source: "staff" | "online";
                        /** Format: date-time */
                        createdAt: string;
                        /** Format: date-time */
                        updatedAt: string;
                    };
                };
            };
            400: components["responses"]["BadRequest"];
            404: components["responses"]["NotFound"];
            413: components["responses"]["PayloadTooLarge"];
            415: components["responses"]["UnsupportedMediaType"];
            429: components["responses"]["RateLimited"];
            500: components["responses"]["Internal"];
            503: components["responses"]["Unavailable"];
            default: components["responses"]["Error"];
        };
    };
    getUnsubscribe: {
        parameters: {
            query: {
                token: string;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /**
             * @description What the link would turn off (nothing changes): `changed` is false.
             *
             *     An HTML page (the default, and whenever `Accept` names `text/html`; JSON when it names `application/json` only): what the link turns off and a button that POSTs the form. fr or en by `Accept-Language`, else the salon locale.
             */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        /** @enum {string} */
                        channel: "email" | "sms";
                        subscribed: boolean;
                        changed: boolean;
                    };
                    "text/html": string;
                };
            };
            400: components["responses"]["BadRequest"];
            429: components["responses"]["RateLimited"];
            500: components["responses"]["Internal"];
            503: components["responses"]["Unavailable"];
            default: components["responses"]["Error"];
        };
    };
    unsubscribe: {
        parameters: {
            query: {
                token: string;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** @description RFC 8058: `List-Unsubscribe=One-Click`, or empty. */
        requestBody?: {
            content: {
                "application/x-www-form-urlencoded": {
                    /** @constant */
                    "List-Unsubscribe"?: "One-Click";
                };
            };
        };
        responses: {
            /**
             * @description The preference is off; `changed` says whether this request turned it off.
             *
             *     An HTML confirmation when `Accept` names `text/html` (the GET page's form); JSON otherwise (one-click POSTs of mail clients).
             */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        /** @enum {string} */
                        channel: "email" | "sms";
                        subscribed: boolean;
                        changed: boolean;
                    };
                    "text/html": string;
                };
            };
            400: components["responses"]["BadRequest"];
            413: components["responses"]["PayloadTooLarge"];
            429: components["responses"]["RateLimited"];
            500: components["responses"]["Internal"];
            503: components["responses"]["Unavailable"];
            default: components["responses"]["Error"];
        };
    };
}
