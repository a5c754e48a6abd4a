package thingsboard

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"strings"
)

// AttributesSubscriptionCmd subscribes to the attributes of one entity (an ATTRIBUTES command).
type AttributesSubscriptionCmd struct {
	// EntityID is the entity whose attributes are watched.
	EntityID EntityID
	// Keys limits the subscription to these keys; empty means every key.
	Keys []string
	// Scope limits it to one scope; empty means every scope.
	Scope AttributeScope
}

// TimeseriesScopeLatest, as TimeseriesSubscriptionCmd.Scope, makes the server send only values newer
// than the latest one it already sent.
const TimeseriesScopeLatest = "LATEST_TELEMETRY"

// TimeseriesSubscriptionCmd subscribes to the time series of one entity (a TIMESERIES command).
// With TimeWindow > 0 and Keys the first update holds the history of
// [StartTs, StartTs+TimeWindow]; otherwise it holds the latest values. Later updates
// carry new values as they are saved.
type TimeseriesSubscriptionCmd struct {
	// EntityID is the entity whose time series are watched.
	EntityID EntityID
	// Keys limits the subscription to these keys; empty means every key.
	Keys []string
	// Scope is empty or TimeseriesScopeLatest.
	Scope string
	// StartTs and TimeWindow (epoch milliseconds and milliseconds) select the initial
	// history. Interval, Limit (0 means 100) and Agg shape it.
	StartTs    int64
	TimeWindow int64
	Interval   int64
	Limit      int
	Agg        Aggregation
}

// TimeseriesHistoryCmd reads the history of some time series of one entity over the WebSocket (a
// TIMESERIES_HISTORY command): one answer, no subscription.
type TimeseriesHistoryCmd struct {
	// EntityID is the entity to read; Keys (required) are the time series.
	EntityID EntityID
	Keys     []string
	// StartTs and EndTs bound the history in epoch milliseconds.
	StartTs int64
	EndTs   int64
	// Interval is the aggregation interval in milliseconds, Limit the maximum number of
	// points per key (0 means 100), Agg the aggregation (empty means NONE).
	Interval int64
	Limit    int
	Agg      Aggregation
}

// AlarmStatusCmd subscribes to whether an entity has active alarms (an ALARM_STATUS
// command, ThingsBoard 3.9+).
type AlarmStatusCmd struct {
	// OriginatorID is the entity whose alarms are watched.
	OriginatorID EntityID
	// TypeList and SeverityList limit the alarms considered; empty means any.
	TypeList     []string
	SeverityList []AlarmSeverity
}

// NotificationsCmd subscribes to the user's unread notifications (a NOTIFICATIONS
// command).
type NotificationsCmd struct {
	// Limit is how many of the latest unread notifications the updates list.
	Limit int
	// Types limits the notifications to these types; empty means every type.
	Types []NotificationType
}

// wsCmd is one command as the session keeps it: its type name and its wire body, which
// holds the cmdId.
type wsCmd struct {
	typ  string
	body any
}

// Command type names (WsCmdType).
const (
	cmdAttributes                 = "ATTRIBUTES"
	cmdTimeseries                 = "TIMESERIES"
	cmdTimeseriesHistory          = "TIMESERIES_HISTORY"
	cmdEntityData                 = "ENTITY_DATA"
	cmdEntityCount                = "ENTITY_COUNT"
	cmdAlarmData                  = "ALARM_DATA"
	cmdAlarmCount                 = "ALARM_COUNT"
	cmdAlarmStatus                = "ALARM_STATUS"
	cmdNotifications              = "NOTIFICATIONS"
	cmdNotificationsCount         = "NOTIFICATIONS_COUNT"
	cmdMarkNotificationsAsRead    = "MARK_NOTIFICATIONS_AS_READ"
	cmdMarkAllNotificationsAsRead = "MARK_ALL_NOTIFICATIONS_AS_READ"
	cmdAlarmDataUnsubscribe       = "ALARM_DATA_UNSUBSCRIBE"
	cmdAlarmCountUnsubscribe      = "ALARM_COUNT_UNSUBSCRIBE"
	cmdEntityDataUnsubscribe      = "ENTITY_DATA_UNSUBSCRIBE"
	cmdEntityCountUnsubscribe     = "ENTITY_COUNT_UNSUBSCRIBE"
	cmdNotificationsUnsubscribe   = "NOTIFICATIONS_UNSUBSCRIBE"
	cmdAlarmStatusUnsubscribe     = "ALARM_STATUS_UNSUBSCRIBE"
)

// legacyArrays maps command types to the arrays of the legacy telemetry wrapper.
var legacyArrays = map[string]string{
	cmdAttributes:             "attrSubCmds",
	cmdTimeseries:             "tsSubCmds",
	cmdTimeseriesHistory:      "historyCmds",
	cmdEntityData:             "entityDataCmds",
	cmdEntityDataUnsubscribe:  "entityDataUnsubscribeCmds",
	cmdAlarmData:              "alarmDataCmds",
	cmdAlarmDataUnsubscribe:   "alarmDataUnsubscribeCmds",
	cmdEntityCount:            "entityCountCmds",
	cmdEntityCountUnsubscribe: "entityCountUnsubscribeCmds",
	cmdAlarmCount:             "alarmCountCmds",
	cmdAlarmCountUnsubscribe:  "alarmCountUnsubscribeCmds",
}

// Wire bodies. Every field is one the server knows; empty optional fields are omitted.

type wsSubscriptionBody struct {
	CmdID       int        `json:"cmdId"`
	EntityType  EntityType `json:"entityType"`
	EntityID    string     `json:"entityId"`
	Keys        string     `json:"keys"`
	Scope       string     `json:"scope,omitempty"`
	Unsubscribe bool       `json:"unsubscribe,omitempty"`
}

type wsTimeseriesBody struct {
	wsSubscriptionBody
	StartTs    int64       `json:"startTs,omitempty"`
	TimeWindow int64       `json:"timeWindow,omitempty"`
	Interval   int64       `json:"interval,omitempty"`
	Limit      int         `json:"limit,omitempty"`
	Agg        Aggregation `json:"agg,omitempty"`
}

type wsHistoryBody struct {
	CmdID      int         `json:"cmdId"`
	EntityType EntityType  `json:"entityType"`
	EntityID   string      `json:"entityId"`
	Keys       string      `json:"keys"`
	StartTs    int64       `json:"startTs"`
	EndTs      int64       `json:"endTs"`
	Interval   int64       `json:"interval,omitempty"`
	Limit      int         `json:"limit,omitempty"`
	Agg        Aggregation `json:"agg,omitempty"`
}

type wsAlarmStatusBody struct {
	CmdID        int             `json:"cmdId"`
	OriginatorID EntityID        `json:"originatorId"`
	TypeList     []string        `json:"typeList,omitempty"`
	SeverityList []AlarmSeverity `json:"severityList,omitempty"`
}

type wsNotificationsBody struct {
	CmdID int                `json:"cmdId"`
	Limit int                `json:"limit"`
	Types []NotificationType `json:"types,omitempty"`
}

type wsMarkAsReadBody struct {
	CmdID         int      `json:"cmdId"`
	Notifications []string `json:"notifications"`
}

// wsIDBody is the body of commands that carry only their cmdId: unsubscribes,
// NOTIFICATIONS_COUNT and MARK_ALL_NOTIFICATIONS_AS_READ.
type wsIDBody struct {
	CmdID int `json:"cmdId"`
}

type wsAuthBody struct {
	CmdID  int    `json:"cmdId"`
	Token  string `json:"token,omitempty"`
	APIKey string `json:"apiKey,omitempty"`
}

func (b wsSubscriptionBody) withCmdID(id int) any  { b.CmdID = id; return b }
func (b wsTimeseriesBody) withCmdID(id int) any    { b.CmdID = id; return b }
func (b wsHistoryBody) withCmdID(id int) any       { b.CmdID = id; return b }
func (b wsAlarmStatusBody) withCmdID(id int) any   { b.CmdID = id; return b }
func (b wsNotificationsBody) withCmdID(id int) any { b.CmdID = id; return b }
func (b wsMarkAsReadBody) withCmdID(id int) any    { b.CmdID = id; return b }
func (b wsIDBody) withCmdID(id int) any            { b.CmdID = id; return b }

func checkEntity(op, name string, id EntityID) error {
	if id.ID == "" {
		return fmt.Errorf("thingsboard: %s: %s: empty entity id", op, name)
	}
	if id.EntityType == "" {
		return fmt.Errorf("thingsboard: %s: %s: empty entity type", op, name)
	}
	return nil
}

func (c AttributesSubscriptionCmd) wire(id int, unsubscribe bool) wsCmd {
	return wsCmd{typ: cmdAttributes, body: wsSubscriptionBody{CmdID: id, EntityType: c.EntityID.EntityType,
		EntityID: c.EntityID.ID, Keys: strings.Join(c.Keys, ","), Scope: string(c.Scope), Unsubscribe: unsubscribe}}
}

func (c TimeseriesSubscriptionCmd) wire(id int, unsubscribe bool) wsCmd {
	b := wsTimeseriesBody{wsSubscriptionBody: wsSubscriptionBody{CmdID: id, EntityType: c.EntityID.EntityType,
		EntityID: c.EntityID.ID, Keys: strings.Join(c.Keys, ","), Scope: c.Scope, Unsubscribe: unsubscribe}}
	if !unsubscribe {
		b.StartTs, b.TimeWindow, b.Interval, b.Limit, b.Agg = c.StartTs, c.TimeWindow, c.Interval, c.Limit, c.Agg
	}
	return wsCmd{typ: cmdTimeseries, body: b}
}

func (c TimeseriesHistoryCmd) wire(id int) wsCmd {
	return wsCmd{typ: cmdTimeseriesHistory, body: wsHistoryBody{CmdID: id, EntityType: c.EntityID.EntityType,
		EntityID: c.EntityID.ID, Keys: strings.Join(c.Keys, ","), StartTs: c.StartTs, EndTs: c.EndTs,
		Interval: c.Interval, Limit: c.Limit, Agg: c.Agg}}
}

// encodeCmd writes one command: for the 3.7+ protocol with its "type" member first.
func encodeCmd(legacy bool, c wsCmd) ([]byte, error) {
	body, err := json.Marshal(c.body)
	if err != nil {
		return nil, fmt.Errorf("thingsboard: encoding %s command: %w", c.typ, err)
	}
	if legacy {
		return body, nil
	}
	if len(body) < 2 || body[0] != '{' {
		return nil, fmt.Errorf("thingsboard: encoding %s command: not a JSON object", c.typ)
	}
	out := make([]byte, 0, len(body)+len(c.typ)+12)
	out = append(out, `{"type":"`...)
	out = append(out, c.typ...)
	out = append(out, '"')
	if !bytes.Equal(body, []byte("{}")) {
		out = append(out, ',')
		out = append(out, body[1:]...)
	} else {
		out = append(out, '}')
	}
	return out, nil
}

type encodedCmd struct {
	typ  string
	data []byte
}

// maxCmdsPerMessage is how many commands go in one frame, as the web UI does.
const maxCmdsPerMessage = 10

// ErrCommandTooBig is returned by a Subscribe or Update call whose command alone
// exceeds RealtimeOptions.MaxMessageSize, the largest message the server accepts.
var ErrCommandTooBig = errors.New("thingsboard: WebSocket command exceeds the server's message size limit")

// checkSize reports whether c fits in a frame of maxSize bytes on its own.
func checkSize(legacy bool, c wsCmd, maxSize int) error {
	data, err := encodeCmd(legacy, c)
	if err != nil {
		return err
	}
	_, err = buildMessages(legacy, nil, []encodedCmd{{typ: c.typ, data: data}}, maxSize)
	return err
}

// buildMessages packs commands into frames of at most maxCmdsPerMessage commands and
// maxSize bytes. auth, when not nil, goes in the first frame (3.7+ protocol only); a
// frame is written for it even without commands.
func buildMessages(legacy bool, auth *wsAuthBody, cmds []encodedCmd, maxSize int) ([][]byte, error) {
	var authJSON []byte
	if auth != nil {
		var err error
		if authJSON, err = json.Marshal(auth); err != nil {
			return nil, err
		}
	}
	var msgs [][]byte
	for len(cmds) > 0 || authJSON != nil {
		n, size := 0, 2+len(authJSON)+len(`"authCmd":,"cmds":[]`)
		for n < len(cmds) && n < maxCmdsPerMessage {
			add := len(cmds[n].data) + 1
			if legacy {
				add += len(legacyArrays[cmds[n].typ]) + 6
			}
			if size+add > maxSize {
				break
			}
			size += add
			n++
		}
		if n == 0 && len(cmds) > 0 && authJSON == nil {
			return nil, ErrCommandTooBig
		}
		var msg []byte
		if legacy {
			msg = legacyMessage(cmds[:n])
		} else {
			msg = v2Message(authJSON, cmds[:n]) // with n == 0: the authCmd alone
		}
		msgs = append(msgs, msg)
		cmds = cmds[n:]
		authJSON = nil
	}
	return msgs, nil
}

func v2Message(auth []byte, cmds []encodedCmd) []byte {
	var b bytes.Buffer
	b.WriteByte('{')
	if auth != nil {
		b.WriteString(`"authCmd":`)
		b.Write(auth)
	}
	if len(cmds) > 0 {
		if auth != nil {
			b.WriteByte(',')
		}
		b.WriteString(`"cmds":[`)
		for i, c := range cmds {
			if i > 0 {
				b.WriteByte(',')
			}
			b.Write(c.data)
		}
		b.WriteByte(']')
	}
	b.WriteByte('}')
	return b.Bytes()
}

func legacyMessage(cmds []encodedCmd) []byte {
	var order []string
	groups := map[string][][]byte{}
	for _, c := range cmds {
		name := legacyArrays[c.typ]
		if _, ok := groups[name]; !ok {
			order = append(order, name)
		}
		groups[name] = append(groups[name], c.data)
	}
	var b bytes.Buffer
	b.WriteByte('{')
	for i, name := range order {
		if i > 0 {
			b.WriteByte(',')
		}
		b.WriteByte('"')
		b.WriteString(name)
		b.WriteString(`":[`)
		for j, d := range groups[name] {
			if j > 0 {
				b.WriteByte(',')
			}
			b.Write(d)
		}
		b.WriteByte(']')
	}
	b.WriteByte('}')
	return b.Bytes()
}
