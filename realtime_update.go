package thingsboard

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"strconv"
)

// SubscriptionErrorCode is the errorCode of a WebSocket update: 0 means no error.
type SubscriptionErrorCode int

// The server's subscription error codes (SubscriptionErrorCode), and the rate-limit code
// it sends when a session exceeds its update rate.
const (
	SubscriptionNoError        SubscriptionErrorCode = 0
	SubscriptionInternalError  SubscriptionErrorCode = 1
	SubscriptionBadRequest     SubscriptionErrorCode = 2
	SubscriptionUnauthorized   SubscriptionErrorCode = 3
	SubscriptionTooManyUpdates SubscriptionErrorCode = 34
)

// String returns the server's name for the code, such as "BAD_REQUEST".
func (c SubscriptionErrorCode) String() string {
	switch c {
	case SubscriptionNoError:
		return "NO_ERROR"
	case SubscriptionInternalError:
		return "INTERNAL_ERROR"
	case SubscriptionBadRequest:
		return "BAD_REQUEST"
	case SubscriptionUnauthorized:
		return "UNAUTHORIZED"
	case SubscriptionTooManyUpdates:
		return "TOO_MANY_UPDATES"
	}
	return "SubscriptionErrorCode(" + strconv.Itoa(int(c)) + ")"
}

// SubscriptionError is an error the server reported for one subscription, in either of
// its two shapes (keyed by cmdId or by subscriptionId). It does not end the subscription:
// depending on the error the server may or may not keep it active, so close the
// subscription when the error means it cannot work. A rate-limit error (code 34) matches
// ErrTooManyUpdates through errors.Is.
type SubscriptionError struct {
	// CmdID is the command id of the subscription.
	CmdID int
	// Code is the server's errorCode.
	Code SubscriptionErrorCode
	// Message is the server's errorMsg, such as "Query is empty!".
	Message string
}

// Error describes the error.
func (e *SubscriptionError) Error() string {
	return fmt.Sprintf("thingsboard: subscription %d: %s (errorCode %d): %s", e.CmdID, e.Code, int(e.Code), e.Message)
}

// Is matches ErrTooManyUpdates for the rate-limit code.
func (e *SubscriptionError) Is(target error) bool {
	return target == ErrTooManyUpdates && e.Code == SubscriptionTooManyUpdates
}

// CloseCode is the status code of a WebSocket close frame.
type CloseCode int

// Close codes that ThingsBoard sends.
const (
	// CloseNormal: the connection was closed on purpose.
	CloseNormal CloseCode = 1000
	// CloseGoingAway: the server is shutting down.
	CloseGoingAway CloseCode = 1001
	// CloseNoStatus: the close frame carried no status code.
	CloseNoStatus CloseCode = 1005
	// CloseAbnormal: the connection ended without a close frame.
	CloseAbnormal CloseCode = 1006
	// CloseBadData: authentication failed (bad, expired or outdated token, with the reason
	// the server gave) or the first message could not be parsed.
	CloseBadData CloseCode = 1007
	// ClosePolicyViolation: no authCmd in the first message, authentication timeout,
	// session or subscription limits, or too many pending updates.
	ClosePolicyViolation CloseCode = 1008
	// CloseMessageTooBig: a message exceeded the server's size limit.
	CloseMessageTooBig CloseCode = 1009
	// CloseServerError: an internal error; also an invalid token given on the URL.
	CloseServerError CloseCode = 1011
	// CloseServiceRestarted: the server failed while handling an entity data command.
	CloseServiceRestarted CloseCode = 1012
	// CloseSessionNotReliable: the client did not answer pings for the ping timeout, or
	// a send to it failed.
	CloseSessionNotReliable CloseCode = 4500
)

// String names the code.
func (c CloseCode) String() string {
	switch c {
	case CloseNormal:
		return "normal closure"
	case CloseGoingAway:
		return "going away"
	case CloseNoStatus:
		return "no status"
	case CloseAbnormal:
		return "abnormal closure"
	case CloseBadData:
		return "bad data"
	case ClosePolicyViolation:
		return "policy violation"
	case CloseMessageTooBig:
		return "message too big"
	case CloseServerError:
		return "server error"
	case CloseServiceRestarted:
		return "service restarted"
	case CloseSessionNotReliable:
		return "session not reliable"
	}
	return "close code " + strconv.Itoa(int(c))
}

// CloseError is the server's close of the WebSocket connection.
type CloseError struct {
	Code   CloseCode
	Reason string
}

// Error describes the close.
func (e *CloseError) Error() string {
	if e.Reason == "" {
		return fmt.Sprintf("thingsboard: websocket closed with status %d (%s)", int(e.Code), e.Code)
	}
	return fmt.Sprintf("thingsboard: websocket closed with status %d (%s): %s", int(e.Code), e.Code, e.Reason)
}

// CloseStatus returns the close code of err when it is, or wraps, a *CloseError, and
// -1 otherwise.
func CloseStatus(err error) CloseCode {
	var ce *CloseError
	if errors.As(err, &ce) {
		return ce.Code
	}
	return -1
}

// Errors of the WebSocket client.
var (
	// ErrConnectionLost is wrapped by the error of the event that tells a subscriber its
	// connection was lost; the error also wraps the cause (often a *CloseError). The
	// subscription stays registered and is sent again once the client reconnects.
	ErrConnectionLost = errors.New("thingsboard: websocket connection lost")
	// ErrTelemetryClosed: the subscription ended, or the call failed, because
	// TelemetryService.Close was called.
	ErrTelemetryClosed = errors.New("thingsboard: telemetry service closed")
	// ErrSubscriptionClosed is returned by Subscription.Next after the subscription was
	// closed by its owner.
	ErrSubscriptionClosed = errors.New("thingsboard: subscription closed")
	// ErrLegacyUnsupported: the command does not exist in the legacy protocol, or the
	// legacy protocol cannot authenticate with an API key.
	ErrLegacyUnsupported = errors.New("thingsboard: not supported by the legacy WebSocket protocol")
)

// TelemetryUpdate is an update of an ATTRIBUTES, TIMESERIES or TIMESERIES_HISTORY command
// (the server's TelemetrySubscriptionUpdate). The first update of a subscription holds the
// current values, possibly none; later ones hold only what changed.
type TelemetryUpdate struct {
	// SubscriptionID is the command id of the subscription.
	SubscriptionID int                   `json:"subscriptionId"`
	ErrorCode      SubscriptionErrorCode `json:"errorCode"`
	ErrorMsg       string                `json:"errorMsg"`
	// Data maps each key to its values, in the order the server sends them (history
	// newest first). A deleted attribute or latest value arrives as a value with Ts 0 and
	// an empty Value.
	Data map[string][]TelemetryValue `json:"data"`
	// LatestValues maps each key of Data to the timestamp of its last value.
	LatestValues map[string]int64 `json:"latestValues"`
}

// TelemetryValue is one [ts, "value"] pair of a TelemetryUpdate. The server sends every
// value as a string; other JSON values are kept as their JSON text.
type TelemetryValue struct {
	// Ts is the epoch-millisecond timestamp; 0 marks a deletion.
	Ts    int64
	Value string
}

// Deleted reports whether the pair is the server's deletion marker [0, ""].
func (v TelemetryValue) Deleted() bool { return v.Ts == 0 && v.Value == "" }

// MarshalJSON writes the pair as [ts, "value"].
func (v TelemetryValue) MarshalJSON() ([]byte, error) {
	b := make([]byte, 0, 24+len(v.Value))
	b = append(b, '[')
	b = strconv.AppendInt(b, v.Ts, 10)
	b = append(b, ',')
	s, err := json.Marshal(v.Value)
	if err != nil {
		return nil, err
	}
	b = append(b, s...)
	return append(b, ']'), nil
}

// UnmarshalJSON reads a [ts, value] pair. Extra elements are ignored.
func (v *TelemetryValue) UnmarshalJSON(b []byte) error {
	var raw []json.RawMessage
	if err := json.Unmarshal(b, &raw); err != nil {
		return fmt.Errorf("thingsboard: telemetry value: %w", err)
	}
	if len(raw) < 2 {
		return fmt.Errorf("thingsboard: telemetry value: want [ts, value], got %d elements", len(raw))
	}
	var ts json.Number
	if err := json.Unmarshal(raw[0], &ts); err != nil {
		return fmt.Errorf("thingsboard: telemetry value timestamp: %w", err)
	}
	n, err := ts.Int64()
	if err != nil {
		f, ferr := ts.Float64()
		if ferr != nil {
			return fmt.Errorf("thingsboard: telemetry value timestamp: %w", err)
		}
		n = int64(f)
	}
	v.Ts = n
	val := bytes.TrimSpace(raw[1])
	switch {
	case len(val) > 0 && val[0] == '"':
		return json.Unmarshal(val, &v.Value)
	case bytes.Equal(val, []byte("null")):
		v.Value = ""
	default:
		v.Value = string(val)
	}
	return nil
}

// Latest returns the last value of key in the update.
func (u TelemetryUpdate) Latest(key string) (TelemetryValue, bool) {
	vs := u.Data[key]
	if len(vs) == 0 {
		return TelemetryValue{}, false
	}
	return vs[len(vs)-1], true
}

func (u *TelemetryUpdate) status() (SubscriptionErrorCode, string) { return u.ErrorCode, u.ErrorMsg }

// CmdUpdateType names the kind of a command update: the cmdUpdateType field.
type CmdUpdateType string

// Kinds of command updates.
const (
	CmdUpdateEntityData         CmdUpdateType = "ENTITY_DATA"
	CmdUpdateAlarmData          CmdUpdateType = "ALARM_DATA"
	CmdUpdateAlarmCountData     CmdUpdateType = "ALARM_COUNT_DATA"
	CmdUpdateAlarmStatus        CmdUpdateType = "ALARM_STATUS"
	CmdUpdateCountData          CmdUpdateType = "COUNT_DATA"
	CmdUpdateNotifications      CmdUpdateType = "NOTIFICATIONS"
	CmdUpdateNotificationsCount CmdUpdateType = "NOTIFICATIONS_COUNT"
)

// AlarmStatusUpdate is an update of an ALARM_STATUS command: whether the originator has
// an active alarm of the requested types and severities.
type AlarmStatusUpdate struct {
	CmdID         int                   `json:"cmdId"`
	ErrorCode     SubscriptionErrorCode `json:"errorCode"`
	ErrorMsg      string                `json:"errorMsg"`
	CmdUpdateType CmdUpdateType         `json:"cmdUpdateType"`
	Active        bool                  `json:"active"`
}

func (u *AlarmStatusUpdate) status() (SubscriptionErrorCode, string) { return u.ErrorCode, u.ErrorMsg }

// NotificationsUpdate is an update of a NOTIFICATIONS command. The first one lists the
// latest unread notifications; later ones carry either a fresh list or one changed
// notification in Update.
type NotificationsUpdate struct {
	CmdID            int                   `json:"cmdId"`
	ErrorCode        SubscriptionErrorCode `json:"errorCode"`
	ErrorMsg         string                `json:"errorMsg"`
	CmdUpdateType    CmdUpdateType         `json:"cmdUpdateType"`
	Notifications    []Notification        `json:"notifications"`
	Update           *Notification         `json:"update"`
	TotalUnreadCount int                   `json:"totalUnreadCount"`
	SequenceNumber   int                   `json:"sequenceNumber"`
}

func (u *NotificationsUpdate) status() (SubscriptionErrorCode, string) {
	return u.ErrorCode, u.ErrorMsg
}

// NotificationsCountUpdate is an update of a NOTIFICATIONS_COUNT command.
type NotificationsCountUpdate struct {
	CmdID            int                   `json:"cmdId"`
	ErrorCode        SubscriptionErrorCode `json:"errorCode"`
	ErrorMsg         string                `json:"errorMsg"`
	CmdUpdateType    CmdUpdateType         `json:"cmdUpdateType"`
	TotalUnreadCount int                   `json:"totalUnreadCount"`
	SequenceNumber   int                   `json:"sequenceNumber"`
}

func (u *NotificationsCountUpdate) status() (SubscriptionErrorCode, string) {
	return u.ErrorCode, u.ErrorMsg
}

// NotificationType is the kind of a platform notification, such as GENERAL or ALARM.
type NotificationType string

// Notification types.
const (
	NotificationGeneral                  NotificationType = "GENERAL"
	NotificationAlarm                    NotificationType = "ALARM"
	NotificationDeviceActivity           NotificationType = "DEVICE_ACTIVITY"
	NotificationEntityAction             NotificationType = "ENTITY_ACTION"
	NotificationAlarmComment             NotificationType = "ALARM_COMMENT"
	NotificationRuleEngineLifecycleEvent NotificationType = "RULE_ENGINE_COMPONENT_LIFECYCLE_EVENT"
	NotificationAlarmAssignment          NotificationType = "ALARM_ASSIGNMENT"
	NotificationNewPlatformVersion       NotificationType = "NEW_PLATFORM_VERSION"
	NotificationEntitiesLimit            NotificationType = "ENTITIES_LIMIT"
	NotificationAPIUsageLimit            NotificationType = "API_USAGE_LIMIT"
	NotificationRuleNode                 NotificationType = "RULE_NODE"
	NotificationRateLimits               NotificationType = "RATE_LIMITS"
	NotificationEdgeConnection           NotificationType = "EDGE_CONNECTION"
	NotificationEdgeCommunicationFailure NotificationType = "EDGE_COMMUNICATION_FAILURE"
	NotificationTaskProcessingFailure    NotificationType = "TASK_PROCESSING_FAILURE"
	NotificationResourcesShortage        NotificationType = "RESOURCES_SHORTAGE"
)

// Notification is a platform notification delivered to a user.
type Notification struct {
	ID             EntityID                   `json:"id"`
	CreatedTime    int64                      `json:"createdTime"`
	RequestID      EntityID                   `json:"requestId,omitzero"`
	RecipientID    EntityID                   `json:"recipientId,omitzero"`
	Type           NotificationType           `json:"type"`
	DeliveryMethod NotificationDeliveryMethod `json:"deliveryMethod,omitzero"`
	Subject        string                     `json:"subject,omitzero"`
	Text           string                     `json:"text"`
	// AdditionalConfig and Info are free-form JSON.
	AdditionalConfig json.RawMessage `json:"additionalConfig,omitzero"`
	Info             json.RawMessage `json:"info,omitzero"`
	// Status is SENT or READ.
	Status string `json:"status,omitzero"`
}

// messageID finds the routing id of a server message: its top-level "cmdId" or
// "subscriptionId" member, whichever comes first. It reads only as far as needed and
// never allocates.
func messageID(b []byte) (int, bool) {
	i := skipWS(b, 0)
	if i >= len(b) || b[i] != '{' {
		return 0, false
	}
	i++
	for {
		i = skipWS(b, i)
		if i >= len(b) || b[i] != '"' {
			return 0, false
		}
		ks := i + 1
		ke, ok := stringEnd(b, i)
		if !ok {
			return 0, false
		}
		key := b[ks : ke-1]
		i = skipWS(b, ke)
		if i >= len(b) || b[i] != ':' {
			return 0, false
		}
		i = skipWS(b, i+1)
		if string(key) == "cmdId" || string(key) == "subscriptionId" {
			n, ok := parseInt(b, i)
			return n, ok
		}
		if i, ok = skipValue(b, i); !ok {
			return 0, false
		}
		i = skipWS(b, i)
		if i >= len(b) || b[i] != ',' {
			return 0, false
		}
		i++
	}
}

func skipWS(b []byte, i int) int {
	for i < len(b) && (b[i] == ' ' || b[i] == '\t' || b[i] == '\n' || b[i] == '\r') {
		i++
	}
	return i
}

// stringEnd returns the index just past the string starting at b[i] == '"'.
func stringEnd(b []byte, i int) (int, bool) {
	for j := i + 1; j < len(b); j++ {
		switch b[j] {
		case '\\':
			j++
		case '"':
			return j + 1, true
		}
	}
	return 0, false
}

// skipValue returns the index just past the JSON value starting at b[i].
func skipValue(b []byte, i int) (int, bool) {
	if i >= len(b) {
		return 0, false
	}
	switch b[i] {
	case '"':
		return stringEnd(b, i)
	case '{', '[':
		depth := 0
		for j := i; j < len(b); j++ {
			switch b[j] {
			case '"':
				e, ok := stringEnd(b, j)
				if !ok {
					return 0, false
				}
				j = e - 1
			case '{', '[':
				depth++
			case '}', ']':
				depth--
				if depth == 0 {
					return j + 1, true
				}
			}
		}
		return 0, false
	default:
		j := i
		for j < len(b) && b[j] != ',' && b[j] != '}' && b[j] != ']' && b[j] != ' ' && b[j] != '\n' && b[j] != '\r' && b[j] != '\t' {
			j++
		}
		return j, j > i
	}
}

func parseInt(b []byte, i int) (int, bool) {
	neg := false
	if i < len(b) && b[i] == '-' {
		neg = true
		i++
	}
	start := i
	n := 0
	for i < len(b) && b[i] >= '0' && b[i] <= '9' {
		if n > (1<<31)/10 {
			return 0, false
		}
		n = n*10 + int(b[i]-'0')
		i++
	}
	if i == start {
		return 0, false
	}
	if neg {
		n = -n
	}
	return n, true
}
