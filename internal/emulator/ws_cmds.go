package emulator

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"strings"

	tb "github.com/tbgo/thingsboard"
)

// Commands as the server decodes them: every field the server knows and no other, so
// that an unknown field fails the message as Jackson's FAIL_ON_UNKNOWN_PROPERTIES
// does. "type" is accepted everywhere (the server ignores it where it is not the type
// discriminator).

type wsAuthCmd struct {
	Type   string `json:"type"`
	CmdID  int    `json:"cmdId"`
	Token  string `json:"token"`
	APIKey string `json:"apiKey"`
}

type wsCommand interface{ id() int }

type wsAttrsCmd struct {
	Type        string `json:"type"`
	CmdID       int    `json:"cmdId"`
	EntityType  string `json:"entityType"`
	EntityID    string `json:"entityId"`
	Keys        string `json:"keys"`
	Scope       string `json:"scope"`
	Unsubscribe bool   `json:"unsubscribe"`
}

type wsTsCmd struct {
	wsAttrsCmd
	StartTs    int64  `json:"startTs"`
	TimeWindow int64  `json:"timeWindow"`
	Interval   int64  `json:"interval"`
	Limit      int    `json:"limit"`
	Agg        string `json:"agg"`
}

type wsHistoryCmd struct {
	Type       string `json:"type"`
	CmdID      int    `json:"cmdId"`
	EntityType string `json:"entityType"`
	EntityID   string `json:"entityId"`
	Keys       string `json:"keys"`
	StartTs    int64  `json:"startTs"`
	EndTs      int64  `json:"endTs"`
	Interval   int64  `json:"interval"`
	Limit      int    `json:"limit"`
	Agg        string `json:"agg"`
}

type wsEntityDataCmd struct {
	Type          string               `json:"type"`
	CmdID         int                  `json:"cmdId"`
	Query         *tb.EntityDataQuery  `json:"query"`
	HistoryCmd    *tb.EntityHistoryCmd `json:"historyCmd"`
	LatestCmd     *tb.LatestValueCmd   `json:"latestCmd"`
	TsCmd         *tb.TimeSeriesCmd    `json:"tsCmd"`
	AggHistoryCmd *tb.AggHistoryCmd    `json:"aggHistoryCmd"`
	AggTsCmd      *tb.AggTimeSeriesCmd `json:"aggTsCmd"`
}

func (c *wsEntityDataCmd) hasSubCmd() bool {
	return c.HistoryCmd != nil || c.LatestCmd != nil || c.TsCmd != nil || c.AggHistoryCmd != nil || c.AggTsCmd != nil
}

type wsEntityCountCmd struct {
	Type  string               `json:"type"`
	CmdID int                  `json:"cmdId"`
	Query *tb.EntityCountQuery `json:"query"`
}

type wsAlarmDataCmd struct {
	Type  string             `json:"type"`
	CmdID int                `json:"cmdId"`
	Query *tb.AlarmDataQuery `json:"query"`
}

type wsAlarmCountCmd struct {
	Type  string              `json:"type"`
	CmdID int                 `json:"cmdId"`
	Query *tb.AlarmCountQuery `json:"query"`
}

type wsAlarmStatusCmd struct {
	Type         string             `json:"type"`
	CmdID        int                `json:"cmdId"`
	OriginatorID *tb.EntityID       `json:"originatorId"`
	TypeList     []string           `json:"typeList"`
	SeverityList []tb.AlarmSeverity `json:"severityList"`
}

type wsNotificationsCmd struct {
	Type  string   `json:"type"`
	CmdID int      `json:"cmdId"`
	Limit int      `json:"limit"`
	Types []string `json:"types"`
}

type wsNotificationsCountCmd struct {
	Type  string `json:"type"`
	CmdID int    `json:"cmdId"`
}

type wsMarkReadCmd struct {
	Type          string   `json:"type"`
	CmdID         int      `json:"cmdId"`
	Notifications []string `json:"notifications"`
}

type wsMarkAllReadCmd struct {
	Type  string `json:"type"`
	CmdID int    `json:"cmdId"`
}

// wsUnsubCmd is every *_UNSUBSCRIBE command.
type wsUnsubCmd struct {
	Type  string `json:"type"`
	CmdID int    `json:"cmdId"`
}

func (c *wsAttrsCmd) id() int              { return c.CmdID }
func (c *wsHistoryCmd) id() int            { return c.CmdID }
func (c *wsEntityDataCmd) id() int         { return c.CmdID }
func (c *wsEntityCountCmd) id() int        { return c.CmdID }
func (c *wsAlarmDataCmd) id() int          { return c.CmdID }
func (c *wsAlarmCountCmd) id() int         { return c.CmdID }
func (c *wsAlarmStatusCmd) id() int        { return c.CmdID }
func (c *wsNotificationsCmd) id() int      { return c.CmdID }
func (c *wsNotificationsCountCmd) id() int { return c.CmdID }
func (c *wsMarkReadCmd) id() int           { return c.CmdID }
func (c *wsMarkAllReadCmd) id() int        { return c.CmdID }
func (c *wsUnsubCmd) id() int              { return c.CmdID }

// wsCmdTypes maps the "type" of a 3.7+ command to a new value to decode it into.
var wsCmdTypes = map[string]func() wsCommand{
	"ATTRIBUTES":                     func() wsCommand { return &wsAttrsCmd{} },
	"TIMESERIES":                     func() wsCommand { return &wsTsCmd{} },
	"TIMESERIES_HISTORY":             func() wsCommand { return &wsHistoryCmd{} },
	"ENTITY_DATA":                    func() wsCommand { return &wsEntityDataCmd{} },
	"ENTITY_COUNT":                   func() wsCommand { return &wsEntityCountCmd{} },
	"ALARM_DATA":                     func() wsCommand { return &wsAlarmDataCmd{} },
	"ALARM_COUNT":                    func() wsCommand { return &wsAlarmCountCmd{} },
	"ALARM_STATUS":                   func() wsCommand { return &wsAlarmStatusCmd{} },
	"NOTIFICATIONS":                  func() wsCommand { return &wsNotificationsCmd{} },
	"NOTIFICATIONS_COUNT":            func() wsCommand { return &wsNotificationsCountCmd{} },
	"MARK_NOTIFICATIONS_AS_READ":     func() wsCommand { return &wsMarkReadCmd{} },
	"MARK_ALL_NOTIFICATIONS_AS_READ": func() wsCommand { return &wsMarkAllReadCmd{} },
	"ALARM_DATA_UNSUBSCRIBE":         func() wsCommand { return &wsUnsubCmd{} },
	"ALARM_COUNT_UNSUBSCRIBE":        func() wsCommand { return &wsUnsubCmd{} },
	"ENTITY_DATA_UNSUBSCRIBE":        func() wsCommand { return &wsUnsubCmd{} },
	"ENTITY_COUNT_UNSUBSCRIBE":       func() wsCommand { return &wsUnsubCmd{} },
	"NOTIFICATIONS_UNSUBSCRIBE":      func() wsCommand { return &wsUnsubCmd{} },
	"ALARM_STATUS_UNSUBSCRIBE":       func() wsCommand { return &wsUnsubCmd{} },
}

// strictDecode decodes b into v, refusing unknown fields.
func strictDecode(b []byte, v any) error {
	dec := json.NewDecoder(bytes.NewReader(b))
	dec.DisallowUnknownFields()
	if err := dec.Decode(v); err != nil {
		if f, ok := strings.CutPrefix(err.Error(), "json: unknown field "); ok {
			return fmt.Errorf("Unrecognized field %s, not marked as ignorable", f)
		}
		return err
	}
	return nil
}

// parseWSMessage decodes one message of a session of the given kind into its authCmd
// (3.7+ wrapper only) and its commands, in the order the server handles them.
func parseWSMessage(kind wsKind, msg []byte) (*wsAuthCmd, []wsCommand, error) {
	switch kind {
	case wsTelemetry:
		var w struct {
			AttrSubCmds                []*wsAttrsCmd       `json:"attrSubCmds"`
			TsSubCmds                  []*wsTsCmd          `json:"tsSubCmds"`
			HistoryCmds                []*wsHistoryCmd     `json:"historyCmds"`
			EntityDataCmds             []*wsEntityDataCmd  `json:"entityDataCmds"`
			EntityDataUnsubscribeCmds  []*wsUnsubCmd       `json:"entityDataUnsubscribeCmds"`
			AlarmDataCmds              []*wsAlarmDataCmd   `json:"alarmDataCmds"`
			AlarmDataUnsubscribeCmds   []*wsUnsubCmd       `json:"alarmDataUnsubscribeCmds"`
			EntityCountCmds            []*wsEntityCountCmd `json:"entityCountCmds"`
			EntityCountUnsubscribeCmds []*wsUnsubCmd       `json:"entityCountUnsubscribeCmds"`
			AlarmCountCmds             []*wsAlarmCountCmd  `json:"alarmCountCmds"`
			AlarmCountUnsubscribeCmds  []*wsUnsubCmd       `json:"alarmCountUnsubscribeCmds"`
		}
		if err := strictDecode(msg, &w); err != nil {
			return nil, nil, err
		}
		var cmds []wsCommand
		for _, c := range w.AttrSubCmds {
			cmds = append(cmds, c)
		}
		for _, c := range w.TsSubCmds {
			cmds = append(cmds, c)
		}
		cmds = appendCmds(cmds, w.HistoryCmds)
		cmds = appendCmds(cmds, w.EntityDataCmds)
		cmds = appendCmds(cmds, w.EntityDataUnsubscribeCmds)
		cmds = appendCmds(cmds, w.AlarmDataCmds)
		cmds = appendCmds(cmds, w.AlarmDataUnsubscribeCmds)
		cmds = appendCmds(cmds, w.EntityCountCmds)
		cmds = appendCmds(cmds, w.EntityCountUnsubscribeCmds)
		cmds = appendCmds(cmds, w.AlarmCountCmds)
		cmds = appendCmds(cmds, w.AlarmCountUnsubscribeCmds)
		return nil, cmds, nil
	case wsNotifications:
		var w struct {
			UnreadCountSubCmd *wsNotificationsCountCmd `json:"unreadCountSubCmd"`
			UnreadSubCmd      *wsNotificationsCmd      `json:"unreadSubCmd"`
			MarkAsReadCmd     *wsMarkReadCmd           `json:"markAsReadCmd"`
			MarkAllAsReadCmd  *wsMarkAllReadCmd        `json:"markAllAsReadCmd"`
			UnsubCmd          *wsUnsubCmd              `json:"unsubCmd"`
		}
		if err := strictDecode(msg, &w); err != nil {
			return nil, nil, err
		}
		var cmds []wsCommand
		if w.UnreadCountSubCmd != nil {
			cmds = append(cmds, w.UnreadCountSubCmd)
		}
		if w.UnreadSubCmd != nil {
			cmds = append(cmds, w.UnreadSubCmd)
		}
		if w.MarkAsReadCmd != nil {
			cmds = append(cmds, w.MarkAsReadCmd)
		}
		if w.MarkAllAsReadCmd != nil {
			cmds = append(cmds, w.MarkAllAsReadCmd)
		}
		if w.UnsubCmd != nil {
			cmds = append(cmds, w.UnsubCmd)
		}
		return nil, cmds, nil
	}
	var w struct {
		AuthCmd *wsAuthCmd        `json:"authCmd"`
		Cmds    []json.RawMessage `json:"cmds"`
	}
	if err := strictDecode(msg, &w); err != nil {
		return nil, nil, err
	}
	cmds := make([]wsCommand, 0, len(w.Cmds))
	for _, raw := range w.Cmds {
		var head struct {
			Type *string `json:"type"`
		}
		if err := json.Unmarshal(raw, &head); err != nil {
			return nil, nil, err
		}
		if head.Type == nil {
			return nil, nil, errors.New("missing type id when trying to resolve subtype of WsCmd: missing type id property 'type'")
		}
		mk, ok := wsCmdTypes[*head.Type]
		if !ok {
			return nil, nil, fmt.Errorf("Could not resolve type id '%s' as a subtype of WsCmd", *head.Type)
		}
		c := mk()
		if err := strictDecode(raw, c); err != nil {
			return nil, nil, err
		}
		cmds = append(cmds, c)
	}
	return w.AuthCmd, cmds, nil
}

func appendCmds[T wsCommand](cmds []wsCommand, add []T) []wsCommand {
	for _, c := range add {
		cmds = append(cmds, c)
	}
	return cmds
}

// Subscription error codes (SubscriptionErrorCode).
const (
	wsInternalError = 1
	wsBadRequest    = 2
	wsUnauthorized  = 3
)

// wsV1Update is the server's TelemetrySubscriptionUpdate, also its error shape for
// validation errors of every command.
type wsV1Update struct {
	SubscriptionID int                `json:"subscriptionId"`
	ErrorCode      int                `json:"errorCode"`
	ErrorMsg       *string            `json:"errorMsg"`
	Data           map[string][][]any `json:"data"`
	LatestValues   map[string]int64   `json:"latestValues"`
}

func (ss *wsSession) sendV1Error(id, code int, msg string) {
	ss.send(wsV1Update{SubscriptionID: id, ErrorCode: code, ErrorMsg: &msg, LatestValues: map[string]int64{}})
}

// validCmdID refuses negative command ids as the server does.
func (ss *wsSession) validCmdID(id int) bool {
	if id < 0 {
		ss.sendV1Error(id, wsBadRequest, "Cmd id is negative value!")
		return false
	}
	return true
}

// handleCmd runs one command of an authenticated session.
func (ss *wsSession) handleCmd(p *Principal, c wsCommand) {
	switch c := c.(type) {
	case *wsAttrsCmd:
		ss.handleAttributes(p, c)
	case *wsTsCmd:
		ss.handleTimeseries(p, c)
	case *wsHistoryCmd:
		ss.handleHistory(p, c)
	case *wsEntityDataCmd:
		ss.handleEntityData(p, c)
	case *wsEntityCountCmd:
		ss.handleEntityCount(p, c)
	case *wsAlarmDataCmd:
		ss.handleAlarmData(p, c)
	case *wsAlarmCountCmd:
		ss.handleAlarmCount(p, c)
	case *wsAlarmStatusCmd:
		ss.handleAlarmStatus(p, c)
	case *wsNotificationsCmd:
		ss.handleNotifications(p, c)
	case *wsNotificationsCountCmd:
		ss.handleNotificationsCount(p, c)
	case *wsMarkReadCmd:
		ss.handleMarkRead(p, c.Notifications)
	case *wsMarkAllReadCmd:
		ss.handleMarkRead(p, nil)
	case *wsUnsubCmd:
		delete(ss.subs, c.CmdID)
	}
}
