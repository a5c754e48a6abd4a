package thingsboard

import (
	"context"
	"encoding/json"
	"iter"
	"net/http"
	"net/url"
	"strings"
)

// AuditLogService reads audit logs. See Client.AuditLogs.
//
// Every list takes a TimePageLink (the server sorts by createdTime, entityType,
// entityName, userName, actionType or actionStatus) and optional filters.
type AuditLogService service

// ActionType is the kind of action an audit log entry records. A value this package
// does not list round-trips unchanged.
type ActionType string

// Action types of ThingsBoard CE and PE.
const (
	ActionAdded                  ActionType = "ADDED"
	ActionDeleted                ActionType = "DELETED"
	ActionUpdated                ActionType = "UPDATED"
	ActionAttributesUpdated      ActionType = "ATTRIBUTES_UPDATED"
	ActionAttributesDeleted      ActionType = "ATTRIBUTES_DELETED"
	ActionTimeseriesUpdated      ActionType = "TIMESERIES_UPDATED"
	ActionTimeseriesDeleted      ActionType = "TIMESERIES_DELETED"
	ActionRPCCall                ActionType = "RPC_CALL"
	ActionCredentialsUpdated     ActionType = "CREDENTIALS_UPDATED"
	ActionAssignedToCustomer     ActionType = "ASSIGNED_TO_CUSTOMER"
	ActionUnassignedFromCustomer ActionType = "UNASSIGNED_FROM_CUSTOMER"
	ActionActivated              ActionType = "ACTIVATED"
	ActionSuspended              ActionType = "SUSPENDED"
	ActionCredentialsRead        ActionType = "CREDENTIALS_READ"
	ActionAttributesRead         ActionType = "ATTRIBUTES_READ"
	ActionRelationAddOrUpdate    ActionType = "RELATION_ADD_OR_UPDATE"
	ActionRelationDeleted        ActionType = "RELATION_DELETED"
	ActionRelationsDeleted       ActionType = "RELATIONS_DELETED"
	ActionRESTAPIRuleEngineCall  ActionType = "REST_API_RULE_ENGINE_CALL"
	ActionAlarmAck               ActionType = "ALARM_ACK"
	ActionAlarmClear             ActionType = "ALARM_CLEAR"
	ActionAlarmDelete            ActionType = "ALARM_DELETE"
	ActionAlarmAssigned          ActionType = "ALARM_ASSIGNED"
	ActionAlarmUnassigned        ActionType = "ALARM_UNASSIGNED"
	ActionLogin                  ActionType = "LOGIN"
	ActionLogout                 ActionType = "LOGOUT"
	ActionLockout                ActionType = "LOCKOUT"
	ActionAssignedFromTenant     ActionType = "ASSIGNED_FROM_TENANT"
	ActionAssignedToTenant       ActionType = "ASSIGNED_TO_TENANT"
	ActionProvisionSuccess       ActionType = "PROVISION_SUCCESS"
	ActionProvisionFailure       ActionType = "PROVISION_FAILURE"
	ActionAssignedToEdge         ActionType = "ASSIGNED_TO_EDGE"
	ActionUnassignedFromEdge     ActionType = "UNASSIGNED_FROM_EDGE"
	ActionAddedComment           ActionType = "ADDED_COMMENT"
	ActionUpdatedComment         ActionType = "UPDATED_COMMENT"
	ActionDeletedComment         ActionType = "DELETED_COMMENT"
	ActionSMSSent                ActionType = "SMS_SENT"
	// Professional Edition action types.
	ActionChangeOwner            ActionType = "CHANGE_OWNER"
	ActionAddedToEntityGroup     ActionType = "ADDED_TO_ENTITY_GROUP"
	ActionRemovedFromEntityGroup ActionType = "REMOVED_FROM_ENTITY_GROUP"
	ActionMadePublic             ActionType = "MADE_PUBLIC"
	ActionMadePrivate            ActionType = "MADE_PRIVATE"
)

// ActionStatus is the outcome of an audited action: SUCCESS or FAILURE.
type ActionStatus string

// Action statuses.
const (
	ActionStatusSuccess ActionStatus = "SUCCESS"
	ActionStatusFailure ActionStatus = "FAILURE"
)

// AuditLogID is the id of an audit log entry, written by the server as {"id":"..."}.
type AuditLogID struct {
	ID string `json:"id"`
}

// AuditLog is one audit log entry.
type AuditLog struct {
	ID          AuditLogID `json:"id"`
	CreatedTime int64      `json:"createdTime"`
	TenantID    EntityID   `json:"tenantId,omitzero"`
	CustomerID  EntityID   `json:"customerId,omitzero"`
	// EntityID and EntityName identify the entity the action was done on.
	EntityID   EntityID `json:"entityId,omitzero"`
	EntityName string   `json:"entityName,omitzero"`
	// UserID and UserName identify the user who did it.
	UserID     EntityID   `json:"userId,omitzero"`
	UserName   string     `json:"userName,omitzero"`
	ActionType ActionType `json:"actionType"`
	// ActionData is free-form JSON describing the action (the saved entity, the keys...).
	ActionData           json.RawMessage `json:"actionData,omitzero"`
	ActionStatus         ActionStatus    `json:"actionStatus"`
	ActionFailureDetails string          `json:"actionFailureDetails,omitzero"`
}

// AuditLogListOptions are the optional filters of the AuditLogService lists.
type AuditLogListOptions struct {
	// ActionTypes keeps only entries of these action types.
	ActionTypes []ActionType
}

func (o *AuditLogListOptions) query(tl TimePageLink) url.Values {
	q := tl.Values()
	if o != nil && len(o.ActionTypes) > 0 {
		types := make([]string, len(o.ActionTypes))
		for i, t := range o.ActionTypes {
			types[i] = string(t)
		}
		q.Set("actionTypes", strings.Join(types, ","))
	}
	return q
}

func (s *AuditLogService) list(ctx context.Context, path string, tl TimePageLink, opts *AuditLogListOptions) (*Page[AuditLog], error) {
	return call[Page[AuditLog]](ctx, s.client, http.MethodGet, path, opts.query(tl), nil)
}

// List returns one page of the audit log of the caller's tenant. opts may be nil.
//
//tb:operation GET /api/audit/logs
func (s *AuditLogService) List(ctx context.Context, tl TimePageLink, opts *AuditLogListOptions) (*Page[AuditLog], error) {
	return s.list(ctx, "/api/audit/logs", tl, opts)
}

// ListAll iterates over the audit log of the caller's tenant, starting at tl.
//
//tb:operation GET /api/audit/logs
func (s *AuditLogService) ListAll(ctx context.Context, tl TimePageLink, opts *AuditLogListOptions) iter.Seq2[AuditLog, error] {
	return AllTime(ctx, tl, func(ctx context.Context, l TimePageLink) (*Page[AuditLog], error) {
		return s.List(ctx, l, opts)
	})
}

// ListByCustomer returns one page of the audit log entries of a customer's users and
// entities. opts may be nil.
//
//tb:operation GET /api/audit/logs/customer/{customerId}
func (s *AuditLogService) ListByCustomer(ctx context.Context, customerID string, tl TimePageLink, opts *AuditLogListOptions) (*Page[AuditLog], error) {
	if err := checkArgsOf("AuditLogs.ListByCustomer", "customerID", customerID); err != nil {
		return nil, err
	}
	return s.list(ctx, pathf("/api/audit/logs/customer/%s", customerID), tl, opts)
}

// ListByCustomerAll iterates over the audit log entries of a customer, starting at tl.
//
//tb:operation GET /api/audit/logs/customer/{customerId}
func (s *AuditLogService) ListByCustomerAll(ctx context.Context, customerID string, tl TimePageLink, opts *AuditLogListOptions) iter.Seq2[AuditLog, error] {
	return AllTime(ctx, tl, func(ctx context.Context, l TimePageLink) (*Page[AuditLog], error) {
		return s.ListByCustomer(ctx, customerID, l, opts)
	})
}

// ListByUser returns one page of the audit log entries of the actions a user did.
// opts may be nil.
//
//tb:operation GET /api/audit/logs/user/{userId}
func (s *AuditLogService) ListByUser(ctx context.Context, userID string, tl TimePageLink, opts *AuditLogListOptions) (*Page[AuditLog], error) {
	if err := checkArgsOf("AuditLogs.ListByUser", "userID", userID); err != nil {
		return nil, err
	}
	return s.list(ctx, pathf("/api/audit/logs/user/%s", userID), tl, opts)
}

// ListByUserAll iterates over the audit log entries of a user, starting at tl.
//
//tb:operation GET /api/audit/logs/user/{userId}
func (s *AuditLogService) ListByUserAll(ctx context.Context, userID string, tl TimePageLink, opts *AuditLogListOptions) iter.Seq2[AuditLog, error] {
	return AllTime(ctx, tl, func(ctx context.Context, l TimePageLink) (*Page[AuditLog], error) {
		return s.ListByUser(ctx, userID, l, opts)
	})
}

// ListByEntity returns one page of the audit log entries of the actions done on an
// entity. opts may be nil.
//
//tb:operation GET /api/audit/logs/entity/{entityType}/{entityId}
func (s *AuditLogService) ListByEntity(ctx context.Context, entityID EntityID, tl TimePageLink, opts *AuditLogListOptions) (*Page[AuditLog], error) {
	if err := checkEntityID("AuditLogs.ListByEntity: entity", entityID); err != nil {
		return nil, err
	}
	return s.list(ctx, pathf("/api/audit/logs/entity/%s/%s", string(entityID.EntityType), entityID.ID), tl, opts)
}

// ListByEntityAll iterates over the audit log entries of an entity, starting at tl.
//
//tb:operation GET /api/audit/logs/entity/{entityType}/{entityId}
func (s *AuditLogService) ListByEntityAll(ctx context.Context, entityID EntityID, tl TimePageLink, opts *AuditLogListOptions) iter.Seq2[AuditLog, error] {
	return AllTime(ctx, tl, func(ctx context.Context, l TimePageLink) (*Page[AuditLog], error) {
		return s.ListByEntity(ctx, entityID, l, opts)
	})
}
