package emulator

import (
	"cmp"
	"slices"

	tb "github.com/tbgo/thingsboard"
)

// Notifications over the WebSocket: NOTIFICATIONS, NOTIFICATIONS_COUNT,
// MARK_NOTIFICATIONS_AS_READ and MARK_ALL_NOTIFICATIONS_AS_READ. Notifications live
// in the store's "notifications" table; NotifyUser adds one.

const notificationsTable = "notifications"

// notificationEvent is the CustomEvent data of a change of a user's notifications.
type notificationEvent struct {
	UserID string
	// New is the notification just sent, nil when notifications were read.
	New *tb.Notification
}

// NotifyUser sends a GENERAL notification to the user (status SENT) and returns it.
func (s *Server) NotifyUser(userID, subject, text string) tb.Notification {
	n := tb.Notification{ID: tb.NewEntityID(tb.EntityTypeNotification, s.store.NewUUID()), CreatedTime: s.Now(),
		RecipientID: tb.NewEntityID(tb.EntityTypeUser, userID), Type: tb.NotificationGeneral, DeliveryMethod: tb.NotificationDeliveryWeb,
		Subject: subject, Text: text, Status: "SENT"}
	_ = s.store.Write(func(tx *Tx) error {
		Table[string, tb.Notification](tx, notificationsTable)[n.ID.ID] = n
		tx.Emit(Event{Kind: CustomEvent, Name: notificationsTable, Data: notificationEvent{UserID: userID, New: &n}})
		return nil
	})
	return n
}

// unread returns the user's unread notifications, newest first.
func (s *Server) unread(userID string) []tb.Notification {
	var out []tb.Notification
	s.store.Read(func(tx *Tx) {
		for _, n := range Table[string, tb.Notification](tx, notificationsTable) {
			if n.RecipientID.ID == userID && n.Status != "READ" {
				out = append(out, n)
			}
		}
	})
	slices.SortFunc(out, func(a, b tb.Notification) int {
		return cmp.Or(cmp.Compare(b.CreatedTime, a.CreatedTime), cmp.Compare(b.ID.ID, a.ID.ID))
	})
	return out
}

type wsNotificationsUpdate struct {
	CmdID            int               `json:"cmdId"`
	ErrorCode        int               `json:"errorCode"`
	ErrorMsg         *string           `json:"errorMsg"`
	Notifications    []tb.Notification `json:"notifications"`
	Update           *tb.Notification  `json:"update"`
	TotalUnreadCount int               `json:"totalUnreadCount"`
	SequenceNumber   int               `json:"sequenceNumber"`
	CmdUpdateType    string            `json:"cmdUpdateType"`
}

type wsNotificationsCountUpdate struct {
	CmdID            int     `json:"cmdId"`
	ErrorCode        int     `json:"errorCode"`
	ErrorMsg         *string `json:"errorMsg"`
	TotalUnreadCount int     `json:"totalUnreadCount"`
	SequenceNumber   int     `json:"sequenceNumber"`
	CmdUpdateType    string  `json:"cmdUpdateType"`
}

type wsNotificationsSub struct {
	cmdID int
	user  string
	count bool // NOTIFICATIONS_COUNT
	limit int
	types []string
	seq   int
}

func (sub *wsNotificationsSub) list(ss *wsSession) ([]tb.Notification, int) {
	all := ss.h.s.unread(sub.user)
	var out []tb.Notification
	for _, n := range all {
		if len(sub.types) > 0 && !slices.Contains(sub.types, string(n.Type)) {
			continue
		}
		if len(out) < sub.limit {
			out = append(out, n)
		}
	}
	if out == nil {
		out = []tb.Notification{}
	}
	return out, len(all)
}

func (sub *wsNotificationsSub) sendAll(ss *wsSession) {
	sub.seq++
	if sub.count {
		_, total := sub.list(ss)
		ss.send(wsNotificationsCountUpdate{CmdID: sub.cmdID, TotalUnreadCount: total, SequenceNumber: sub.seq, CmdUpdateType: "NOTIFICATIONS_COUNT"})
		return
	}
	list, total := sub.list(ss)
	ss.send(wsNotificationsUpdate{CmdID: sub.cmdID, Notifications: list, TotalUnreadCount: total, SequenceNumber: sub.seq, CmdUpdateType: "NOTIFICATIONS"})
}

func (ss *wsSession) handleNotifications(p *Principal, c *wsNotificationsCmd) {
	sub := &wsNotificationsSub{cmdID: c.CmdID, user: p.UserID, limit: c.Limit, types: c.Types}
	ss.subs[c.CmdID] = sub
	sub.sendAll(ss)
}

func (ss *wsSession) handleNotificationsCount(p *Principal, c *wsNotificationsCountCmd) {
	sub := &wsNotificationsSub{cmdID: c.CmdID, user: p.UserID, count: true}
	ss.subs[c.CmdID] = sub
	sub.sendAll(ss)
}

// handleMarkRead marks the user's notifications with the given ids as read, or all of
// them when ids is nil.
func (ss *wsSession) handleMarkRead(p *Principal, ids []string) {
	_ = ss.h.s.store.Write(func(tx *Tx) error {
		t := Table[string, tb.Notification](tx, notificationsTable)
		changed := false
		for id, n := range t {
			if n.RecipientID.ID != p.UserID || n.Status == "READ" || (ids != nil && !slices.Contains(ids, id)) {
				continue
			}
			n.Status = "READ"
			t[id] = n
			changed = true
		}
		if changed {
			tx.Emit(Event{Kind: CustomEvent, Name: notificationsTable, Data: notificationEvent{UserID: p.UserID}})
		}
		return nil
	})
}

func (sub *wsNotificationsSub) onEvent(ss *wsSession, ev Event) {
	ne, ok := ev.Data.(notificationEvent)
	if ev.Kind != CustomEvent || ev.Name != notificationsTable || !ok || ne.UserID != sub.user {
		return
	}
	if ne.New == nil || sub.count || (len(sub.types) > 0 && !slices.Contains(sub.types, string(ne.New.Type))) {
		sub.sendAll(ss)
		return
	}
	sub.seq++
	_, total := sub.list(ss)
	ss.send(wsNotificationsUpdate{CmdID: sub.cmdID, Update: ne.New, TotalUnreadCount: total, SequenceNumber: sub.seq, CmdUpdateType: "NOTIFICATIONS"})
}
