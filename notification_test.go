package thingsboard

import (
	"context"
	"encoding/json"
	"testing"
)

const fxNotificationJSON = `{
  "id": {"entityType": "NOTIFICATION", "id": "` + fxNotification + `"},
  "createdTime": 1719820800000,
  "requestId": {"entityType": "NOTIFICATION_REQUEST", "id": "` + fxNotifRequest + `"},
  "recipientId": {"entityType": "USER", "id": "` + fxRulesUser + `"},
  "type": "ALARM",
  "deliveryMethod": "WEB",
  "subject": "Alarm: High temperature",
  "text": "Thermostat T1 reports 42 °C",
  "additionalConfig": {"icon": {"enabled": true, "icon": "warning", "color": "#D12730"}},
  "info": {"type": "ALARM", "alarmType": "High temperature", "alarmSeverity": "CRITICAL", "alarmStatus": "ACTIVE_UNACK"},
  "status": "SENT"
}`

func fxNotificationValue() Notification {
	return Notification{ID: NewEntityID(EntityTypeNotification, fxNotification), CreatedTime: 1719820800000,
		RequestID: NewEntityID(EntityTypeNotificationRequest, fxNotifRequest), RecipientID: NewEntityID(EntityTypeUser, fxRulesUser),
		Type: NotificationAlarm, DeliveryMethod: "WEB", Subject: "Alarm: High temperature", Text: "Thermostat T1 reports 42 °C",
		AdditionalConfig: json.RawMessage(`{"icon": {"enabled": true, "icon": "warning", "color": "#D12730"}}`),
		Info:             json.RawMessage(`{"type": "ALARM", "alarmType": "High temperature", "alarmSeverity": "CRITICAL", "alarmStatus": "ACTIVE_UNACK"}`),
		Status:           "SENT"}
}

const fxNotificationRequestJSON = `{
  "id": {"entityType": "NOTIFICATION_REQUEST", "id": "` + fxNotifRequest + `"},
  "createdTime": 1719820790000,
  "tenantId": {"entityType": "TENANT", "id": "` + fxRulesTenant + `"},
  "targets": ["` + fxNotifTarget + `"],
  "templateId": {"entityType": "NOTIFICATION_TEMPLATE", "id": "` + fxNotifTemplate + `"},
  "template": null,
  "info": {"type": "ALARM", "alarmType": "High temperature"},
  "additionalConfig": {"sendingDelayInSec": 0},
  "originatorEntityId": {"entityType": "DEVICE", "id": "` + fxRulesDevice + `"},
  "ruleId": null,
  "status": "SENT",
  "stats": {"sent": {"WEB": 3, "EMAIL": 1}, "errors": {"EMAIL": {"Jane Doe": "Mail server unavailable"}}, "totalErrors": 1, "error": null},
  "templateName": "Alarm template",
  "deliveryMethods": ["WEB", "EMAIL"]
}`

func fxNotificationRequestValue() NotificationRequestInfo {
	return NotificationRequestInfo{ID: NewEntityID(EntityTypeNotificationRequest, fxNotifRequest), CreatedTime: 1719820790000,
		TenantID: fxRulesTenantID, Targets: []string{fxNotifTarget}, TemplateID: NewEntityID(EntityTypeNotificationTemplate, fxNotifTemplate),
		Template: json.RawMessage(`null`), Info: json.RawMessage(`{"type": "ALARM", "alarmType": "High temperature"}`),
		OriginatorEntityID: NewEntityID(EntityTypeDevice, fxRulesDevice), Status: NotificationRequestSent,
		Stats: &NotificationRequestStats{Sent: map[NotificationDeliveryMethod]int{NotificationDeliveryWeb: 3, NotificationDeliveryEmail: 1},
			Errors:      map[NotificationDeliveryMethod]map[string]string{NotificationDeliveryEmail: {"Jane Doe": "Mail server unavailable"}},
			TotalErrors: 1},
		TemplateName: "Alarm template", DeliveryMethods: []NotificationDeliveryMethod{NotificationDeliveryWeb, NotificationDeliveryEmail}}
}

func notificationCases() []rulesCase {
	n, req := fxNotificationValue(), fxNotificationRequestValue()
	return []rulesCase{
		{name: "List", method: "GET", path: "/api/notifications",
			query: map[string]string{"pageSize": "10", "page": "0", "sortProperty": "createdTime", "sortOrder": "DESC",
				"unreadOnly": "true", "deliveryMethod": "MOBILE_APP"},
			answer: rulesPage(false, fxNotificationJSON),
			call: func(ctx context.Context, c *Client) (any, error) {
				return c.Notifications.List(ctx, PageLink{PageSize: 10, SortProperty: "createdTime", SortOrder: DESC},
					&NotificationListOptions{UnreadOnly: true, DeliveryMethod: NotificationDeliveryMobileApp})
			},
			want: &Page[Notification]{Data: []Notification{n}, TotalPages: 1, TotalElements: 1}},
		{name: "ListAll", method: "GET", path: "/api/notifications", query: map[string]string{"pageSize": "10", "page": "0"},
			answer: rulesPage(false, fxNotificationJSON),
			call: func(ctx context.Context, c *Client) (any, error) {
				return rulesDrain(c.Notifications.ListAll(ctx, NewPageLink(10), nil))
			},
			want: []Notification{n}},
		{name: "CountUnread", method: "GET", path: "/api/notifications/unread/count", query: map[string]string{"deliveryMethod": "WEB"},
			answer: `7`,
			call: func(ctx context.Context, c *Client) (any, error) {
				return c.Notifications.CountUnread(ctx, NotificationDeliveryWeb)
			},
			want: 7},
		{name: "CountUnread/server default", method: "GET", path: "/api/notifications/unread/count", answer: `0`,
			call: func(ctx context.Context, c *Client) (any, error) { return c.Notifications.CountUnread(ctx, "") },
			want: 0},
		{name: "MarkAsRead", method: "PUT", path: "/api/notification/" + fxNotification + "/read",
			call: func(ctx context.Context, c *Client) (any, error) {
				return nil, c.Notifications.MarkAsRead(ctx, fxNotification)
			}},
		{name: "MarkAllAsRead", method: "PUT", path: "/api/notifications/read", query: map[string]string{"deliveryMethod": "MOBILE_APP"},
			call: func(ctx context.Context, c *Client) (any, error) {
				return nil, c.Notifications.MarkAllAsRead(ctx, NotificationDeliveryMobileApp)
			}},
		{name: "MarkAllAsRead/server default", method: "PUT", path: "/api/notifications/read",
			call: func(ctx context.Context, c *Client) (any, error) { return nil, c.Notifications.MarkAllAsRead(ctx, "") }},
		{name: "Delete", method: "DELETE", path: "/api/notification/" + fxNotification,
			call: func(ctx context.Context, c *Client) (any, error) {
				return nil, c.Notifications.Delete(ctx, fxNotification)
			}},
		{name: "GetRequest", method: "GET", path: "/api/notification/request/" + fxNotifRequest, answer: fxNotificationRequestJSON,
			call: func(ctx context.Context, c *Client) (any, error) {
				return c.Notifications.GetRequest(ctx, fxNotifRequest)
			},
			want: &req},
	}
}

func TestNotificationService(t *testing.T) { rulesRun(t, notificationCases()) }

func TestNotificationArguments(t *testing.T) {
	rulesNoRequest(t, map[string]func(ctx context.Context, c *Client) error{
		"MarkAsRead": func(ctx context.Context, c *Client) error { return c.Notifications.MarkAsRead(ctx, "") },
		"Delete":     func(ctx context.Context, c *Client) error { return c.Notifications.Delete(ctx, " ") },
		"GetRequest": func(ctx context.Context, c *Client) error { _, err := c.Notifications.GetRequest(ctx, ""); return err },
	}, map[string]string{"MarkAsRead": "notificationID", "Delete": "notificationID", "GetRequest": "requestID"})
}
