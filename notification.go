package thingsboard

import (
	"context"
	"encoding/json"
	"iter"
	"net/http"
	"net/url"
)

// NotificationService manages notifications, notification targets, templates, rules and requests over REST. See Client.Notifications.
//
// The methods here read and manage the current user's notification inbox; live
// updates of the inbox come over the WebSocket (Client.Telemetry).
type NotificationService service

// NotificationDeliveryMethod is a channel notifications are delivered through. The
// inbox methods take WEB (the web UI's bell) or MOBILE_APP. A value this package does
// not list round-trips unchanged.
type NotificationDeliveryMethod string

// Notification delivery methods.
const (
	NotificationDeliveryWeb            NotificationDeliveryMethod = "WEB"
	NotificationDeliveryEmail          NotificationDeliveryMethod = "EMAIL"
	NotificationDeliverySMS            NotificationDeliveryMethod = "SMS"
	NotificationDeliverySlack          NotificationDeliveryMethod = "SLACK"
	NotificationDeliveryMicrosoftTeams NotificationDeliveryMethod = "MICROSOFT_TEAMS"
	NotificationDeliveryMobileApp      NotificationDeliveryMethod = "MOBILE_APP"
)

// NotificationRequestStatus is the state of a notification request.
type NotificationRequestStatus string

// Notification request states.
const (
	NotificationRequestProcessing NotificationRequestStatus = "PROCESSING"
	NotificationRequestSent       NotificationRequestStatus = "SENT"
	NotificationRequestScheduled  NotificationRequestStatus = "SCHEDULED"
)

// NotificationRequestConfig holds the options of a notification request.
type NotificationRequestConfig struct {
	// SendingDelayInSec delays the sending; the request is SCHEDULED meanwhile.
	SendingDelayInSec int `json:"sendingDelayInSec"`
}

// NotificationRequestStats counts the deliveries of a notification request.
type NotificationRequestStats struct {
	// Sent counts the notifications sent, by delivery method.
	Sent map[NotificationDeliveryMethod]int `json:"sent,omitzero"`
	// Errors maps each delivery method to the recipients it failed for, with the error.
	Errors      map[NotificationDeliveryMethod]map[string]string `json:"errors,omitzero"`
	TotalErrors int                                              `json:"totalErrors"`
	// Error is set when the whole request failed.
	Error string `json:"error,omitzero"`
}

// NotificationRequestInfo is a notification request, sent by an administrator or a
// notification rule, with its template's name and delivery methods.
type NotificationRequestInfo struct {
	ID          EntityID `json:"id,omitzero"`
	CreatedTime int64    `json:"createdTime,omitzero"`
	TenantID    EntityID `json:"tenantId,omitzero"`
	// Targets are the ids of the notification targets (recipient groups).
	Targets    []string `json:"targets"`
	TemplateID EntityID `json:"templateId,omitzero"`
	// Template is the template used inline, when the request has no TemplateID.
	Template json.RawMessage `json:"template,omitzero"`
	// Info is the data the template's placeholders are filled from, shaped by the
	// notification type.
	Info               json.RawMessage           `json:"info,omitzero"`
	AdditionalConfig   NotificationRequestConfig `json:"additionalConfig,omitzero"`
	OriginatorEntityID EntityID                  `json:"originatorEntityId,omitzero"`
	// RuleID is the notification rule that made the request, if any.
	RuleID          EntityID                     `json:"ruleId,omitzero"`
	Status          NotificationRequestStatus    `json:"status,omitzero"`
	Stats           *NotificationRequestStats    `json:"stats,omitzero"`
	TemplateName    string                       `json:"templateName,omitzero"`
	DeliveryMethods []NotificationDeliveryMethod `json:"deliveryMethods,omitzero"`
}

// NotificationListOptions filter Notifications.List.
type NotificationListOptions struct {
	// UnreadOnly keeps the unread notifications.
	UnreadOnly bool
	// DeliveryMethod is WEB or MOBILE_APP; the server takes WEB when it is empty.
	DeliveryMethod NotificationDeliveryMethod
}

// List returns one page of the current user's notifications, newest first unless pl
// sorts otherwise.
//
//tb:operation GET /api/notifications
func (s *NotificationService) List(ctx context.Context, pl PageLink, opts *NotificationListOptions) (*Page[Notification], error) {
	q := pl.Values()
	if opts != nil {
		if opts.UnreadOnly {
			q.Set("unreadOnly", "true")
		}
		setIf(q, "deliveryMethod", string(opts.DeliveryMethod))
	}
	return call[Page[Notification]](ctx, s.client, http.MethodGet, "/api/notifications", q, nil)
}

// ListAll iterates over the current user's notifications, page by page from pl.
//
//tb:operation GET /api/notifications
func (s *NotificationService) ListAll(ctx context.Context, pl PageLink, opts *NotificationListOptions) iter.Seq2[Notification, error] {
	return All(ctx, pl, func(ctx context.Context, l PageLink) (*Page[Notification], error) {
		return s.List(ctx, l, opts)
	})
}

// CountUnread returns the number of the current user's unread notifications for the
// delivery method (WEB or MOBILE_APP). An empty method lets the server choose, and it
// takes MOBILE_APP here.
//
//tb:operation GET /api/notifications/unread/count
func (s *NotificationService) CountUnread(ctx context.Context, method NotificationDeliveryMethod) (int, error) {
	var n int
	if err := s.client.do(ctx, http.MethodGet, "/api/notifications/unread/count", notificationMethodQuery(method), nil, &n); err != nil {
		return 0, err
	}
	return n, nil
}

// MarkAsRead marks one of the current user's notifications as read.
//
//tb:operation PUT /api/notification/{id}/read
func (s *NotificationService) MarkAsRead(ctx context.Context, notificationID string) error {
	if err := checkArgs("notificationID", notificationID); err != nil {
		return err
	}
	return s.client.do(ctx, http.MethodPut, pathf("/api/notification/%s/read", notificationID), nil, nil, nil)
}

// MarkAllAsRead marks every notification of the current user delivered through the
// method (WEB or MOBILE_APP) as read. An empty method means WEB.
//
//tb:operation PUT /api/notifications/read
func (s *NotificationService) MarkAllAsRead(ctx context.Context, method NotificationDeliveryMethod) error {
	return s.client.do(ctx, http.MethodPut, "/api/notifications/read", notificationMethodQuery(method), nil, nil)
}

// Delete deletes one of the current user's notifications.
//
//tb:operation DELETE /api/notification/{id}
func (s *NotificationService) Delete(ctx context.Context, notificationID string) error {
	if err := checkArgs("notificationID", notificationID); err != nil {
		return err
	}
	return s.client.do(ctx, http.MethodDelete, pathf("/api/notification/%s", notificationID), nil, nil, nil)
}

// GetRequest returns the notification request with the given id, the request a
// notification's RequestID names (system and tenant administrators only).
//
//tb:operation GET /api/notification/request/{id}
func (s *NotificationService) GetRequest(ctx context.Context, requestID string) (*NotificationRequestInfo, error) {
	if err := checkArgs("requestID", requestID); err != nil {
		return nil, err
	}
	return call[NotificationRequestInfo](ctx, s.client, http.MethodGet, pathf("/api/notification/request/%s", requestID), nil, nil)
}

func notificationMethodQuery(method NotificationDeliveryMethod) url.Values {
	if method == "" {
		return nil
	}
	return url.Values{"deliveryMethod": {string(method)}}
}
