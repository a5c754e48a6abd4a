package emulator

import (
	"bytes"
	"cmp"
	"encoding/json"
	"fmt"
	"net/http"
	"slices"
	"strconv"
	"strings"
	"sync"

	tb "github.com/tbgo/thingsboard"
)

// Alarms and alarm comments.
//
// Each alarm is a store Record of entity type ALARM. Its Value is a *tb.AlarmInfo
// (the server's AlarmInfo JSON); its Fields carry what queries filter and sort on:
// type, severity, status (ACTIVE_UNACK, ACTIVE_ACK, CLEARED_UNACK or CLEARED_ACK),
// originatorId, originatorType, assigneeId (empty when unassigned), startTs, endTs,
// ackTs, clearTs, assignTs, createdTime, acknowledged, cleared, propagate,
// propagateToOwner and propagateToTenant ("true" or "false"), and propagatedTo: the
// comma-separated UUIDs of the other entities the alarm shows on (the entities with
// a relation path to the originator when it propagates, its owner, its tenant). The
// record's CustomerID is the originator's customer when the alarm was raised. Every
// change is a Put or Delete of that record, so store subscribers see alarm events.
// When an entity is deleted, its alarms are deleted shortly after, in the background.
//
// Comments live in the extension table "alarmComments", by alarm id, oldest first.

func init() {
	Register(func(s *Server) {
		s.Handle("POST /api/alarm", Authed(s.alarmSave, TenantAdmin, CustomerUser))
		s.Handle("GET /api/alarm/{alarmId}", Authed(s.alarmGet(false), TenantAdmin, CustomerUser))
		s.Handle("GET /api/alarm/info/{alarmId}", Authed(s.alarmGet(true), TenantAdmin, CustomerUser))
		s.Handle("DELETE /api/alarm/{alarmId}", Authed(s.alarmDelete, TenantAdmin, CustomerUser))
		s.Handle("POST /api/alarm/{alarmId}/ack", Authed(s.alarmAck, TenantAdmin, CustomerUser))
		s.Handle("POST /api/alarm/{alarmId}/clear", Authed(s.alarmClear, TenantAdmin, CustomerUser))
		s.Handle("POST /api/alarm/{alarmId}/assign/{assigneeId}", Authed(s.alarmAssign, TenantAdmin, CustomerUser))
		s.Handle("DELETE /api/alarm/{alarmId}/assign", Authed(s.alarmUnassign, TenantAdmin, CustomerUser))
		s.Handle("GET /api/alarm/{entityType}/{entityId}", Authed(s.alarmList(true, false)))
		s.Handle("GET /api/alarms", Authed(s.alarmList(false, false), TenantAdmin, CustomerUser))
		s.Handle("GET /api/v2/alarm/{entityType}/{entityId}", Authed(s.alarmList(true, true)))
		s.Handle("GET /api/v2/alarms", Authed(s.alarmList(false, true), TenantAdmin, CustomerUser))
		s.Handle("GET /api/alarm/highestSeverity/{entityType}/{entityId}", Authed(s.alarmHighestSeverity, TenantAdmin, CustomerUser))
		s.Handle("GET /api/alarm/types", Authed(s.alarmTypes, TenantAdmin, CustomerUser))
		s.Handle("GET /api/alarm/{alarmId}/comment", Authed(s.alarmComments))
		s.Handle("POST /api/alarm/{alarmId}/comment", Authed(s.alarmSaveComment, TenantAdmin, CustomerUser))
		s.Handle("DELETE /api/alarm/{alarmId}/comment/{commentId}", Authed(s.alarmDeleteComment, TenantAdmin, CustomerUser))
		s.OnClose(s.store.Subscribe(s.alarmHousekeeper()))
	})
}

// alarmHousekeeper returns a store listener that, like the server's housekeeper,
// deletes the alarms raised by an entity after the entity is deleted and forgets the
// entity in the propagation lists of the other alarms. The work runs in the
// background, in order, since listeners may not write to the store.
func (s *Server) alarmHousekeeper() func(Event) {
	var mu sync.Mutex
	var queue []tb.EntityID
	running := false
	work := func() {
		for {
			mu.Lock()
			if len(queue) == 0 {
				running = false
				mu.Unlock()
				return
			}
			id := queue[0]
			queue = queue[1:]
			mu.Unlock()
			_ = s.store.Write(func(tx *Tx) error {
				for _, rec := range tx.List(tb.EntityTypeAlarm, nil) {
					targets := alarmPropagated(rec)
					switch {
					case rec.Fields["originatorId"] == id.ID:
						tx.Delete(rec.ID.ID)
						delete(alarmComments(tx), rec.ID.ID)
					case slices.Contains(targets, id.ID):
						alarmPut(tx, alarmOf(rec), slices.DeleteFunc(targets, func(t string) bool { return t == id.ID }))
					}
				}
				return nil
			})
		}
	}
	return func(e Event) {
		if e.Kind != EntityDeleted || e.Entity.EntityType == tb.EntityTypeAlarm {
			return
		}
		mu.Lock()
		defer mu.Unlock()
		queue = append(queue, e.Entity)
		if !running {
			running = true
			go work()
		}
	}
}

// alarmSeverities are the severity names, most severe first.
var alarmSeverities = []tb.AlarmSeverity{tb.SeverityCritical, tb.SeverityMajor, tb.SeverityMinor, tb.SeverityWarning, tb.SeverityIndeterminate}

// ---- records ----

// alarmOf returns the alarm a record holds (a copy that may be changed).
func alarmOf(rec Record) tb.AlarmInfo {
	if a, ok := rec.Value.(*tb.AlarmInfo); ok && a != nil {
		return *a
	}
	var a tb.AlarmInfo
	_ = remarshal(rec.Value, &a)
	return a
}

// alarmPropagated returns the propagatedTo UUIDs of an alarm record.
func alarmPropagated(rec Record) []string {
	if rec.Fields["propagatedTo"] == "" {
		return nil
	}
	return strings.Split(rec.Fields["propagatedTo"], ",")
}

// alarmTargets returns the entities an alarm propagates to besides its originator:
// with Propagate, every entity with a path of COMMON relations to the originator
// (of the given relation types when PropagateRelationTypes is set); the owner (the
// customer, else the tenant) with PropagateToOwner; the tenant with PropagateToTenant.
func alarmTargets(tx *Tx, a *tb.AlarmInfo) []string {
	var out []string
	add := func(id string) {
		if id != "" && id != tb.NullUUID && id != a.Originator.ID && !slices.Contains(out, id) {
			out = append(out, id)
		}
	}
	if a.Propagate {
		for _, r := range WalkRelations(tx, RelationWalk{Root: a.Originator, Direction: "TO"}) {
			if len(a.PropagateRelationTypes) == 0 || slices.Contains(a.PropagateRelationTypes, r.Type) {
				add(r.From.ID)
			}
		}
	}
	if a.PropagateToOwner {
		if a.CustomerID.IsNull() {
			add(a.TenantID.ID)
		} else {
			add(a.CustomerID.ID)
		}
	}
	if a.PropagateToTenant {
		add(a.TenantID.ID)
	}
	return out
}

// alarmDecorate fills the derived fields of an alarm from the store: name, status,
// the originator's name and label ("Deleted" when it is gone) and the assignee.
func alarmDecorate(tx *Tx, a *tb.AlarmInfo) {
	a.Name = a.Type
	a.Status = tb.AlarmStatusOf(a.Acknowledged, a.Cleared)
	a.OriginatorName, a.OriginatorLabel, a.OriginatorDisplayName = "Deleted", "Deleted", "Deleted"
	if rec, ok := tx.GetTyped(a.Originator); ok {
		f := rec.Fields
		name := cmp.Or(f["name"], f["title"], f["email"])
		label := name
		switch a.Originator.EntityType {
		case tb.EntityTypeDevice, tb.EntityTypeAsset, tb.EntityTypeEdge:
			label = cmp.Or(f["label"], f["name"])
		case tb.EntityTypeCustomer:
			label = cmp.Or(f["title"], f["email"])
		}
		a.OriginatorName, a.OriginatorLabel, a.OriginatorDisplayName = name, label, label
	}
	a.Assignee = nil
	if !a.AssigneeID.IsZero() {
		as := &tb.AlarmAssignee{ID: a.AssigneeID}
		if u, ok := tx.GetTyped(a.AssigneeID); ok {
			as.FirstName, as.LastName, as.Email = u.Fields["firstName"], u.Fields["lastName"], u.Fields["email"]
		}
		a.Assignee = as
	}
}

// alarmPut stores the alarm with its propagation targets and returns the stored
// record. A new alarm (empty id) gets its id and createdTime here.
func alarmPut(tx *Tx, a tb.AlarmInfo, propagatedTo []string) Record {
	customer := cmp.Or(a.CustomerID.ID, tb.NullUUID)
	rec := tx.Stamp(Record{ID: tb.NewEntityID(tb.EntityTypeAlarm, a.ID.ID), TenantID: a.TenantID.ID, CustomerID: customer,
		CreatedTime: a.CreatedTime})
	a.ID, a.CreatedTime = rec.ID, rec.CreatedTime
	alarmDecorate(tx, &a)
	i64 := func(n int64) string { return strconv.FormatInt(n, 10) }
	rec.Fields = map[string]string{
		"type": a.Type, "severity": string(a.Severity), "status": string(a.Status),
		"originatorId": a.Originator.ID, "originatorType": string(a.Originator.EntityType),
		"assigneeId": a.AssigneeID.ID,
		"startTs":    i64(a.StartTs), "endTs": i64(a.EndTs), "ackTs": i64(a.AckTs), "clearTs": i64(a.ClearTs),
		"assignTs":     i64(a.AssignTs),
		"acknowledged": strconv.FormatBool(a.Acknowledged), "cleared": strconv.FormatBool(a.Cleared),
		"propagate": strconv.FormatBool(a.Propagate), "propagateToOwner": strconv.FormatBool(a.PropagateToOwner),
		"propagateToTenant": strconv.FormatBool(a.PropagateToTenant),
		"propagatedTo":      strings.Join(propagatedTo, ","),
	}
	rec.Value = &a
	return tx.Put(rec)
}

// alarmView returns the alarm of a record with its derived fields up to date.
func alarmView(tx *Tx, rec Record) tb.AlarmInfo {
	a := alarmOf(rec)
	alarmDecorate(tx, &a)
	return a
}

// alarmCheck is checkAlarmId: the alarm must exist in the caller's tenant (404) and
// belong to the caller's customer for a customer user (403).
func alarmCheck(tx *Tx, p *Principal, id string) (Record, error) {
	rec, ok := tx.GetTyped(tb.NewEntityID(tb.EntityTypeAlarm, id))
	if !ok {
		return Record{}, NotFound("Alarm", id)
	}
	if err := Authorize(tx, p, rec, tb.OperationRead); err != nil {
		return Record{}, err
	}
	return rec, nil
}

// alarmUserTitle is the server's User.getTitle: "first last", else the email.
func alarmUserTitle(first, last, email string) string {
	return cmp.Or(strings.TrimSpace(first+" "+last), email)
}

// alarmCallerTitle is the caller's title, as system comments name users.
func alarmCallerTitle(p *Principal) string { return alarmUserTitle(p.FirstName, p.LastName, p.Email) }

// ---- comments ----

// alarmComment is one stored comment. Comment is the JSON value as received, with its
// key order (the server writes its text as the comment's "name").
type alarmComment struct {
	ID, AlarmID, UserID string // UserID is empty for comments without an author
	Type                string
	Comment             json.RawMessage
	CreatedTime         int64
}

func alarmComments(tx *Tx) map[string][]*alarmComment {
	return Table[string, []*alarmComment](tx, "alarmComments")
}

// alarmJSONObject builds a JSON object with its keys in the given order.
func alarmJSONObject(kv ...any) json.RawMessage {
	var b bytes.Buffer
	b.WriteByte('{')
	for i := 0; i+1 < len(kv); i += 2 {
		if i > 0 {
			b.WriteByte(',')
		}
		k, _ := json.Marshal(kv[i])
		v, _ := json.Marshal(kv[i+1])
		b.Write(k)
		b.WriteByte(':')
		b.Write(v)
	}
	b.WriteByte('}')
	return b.Bytes()
}

// alarmSystemComment adds a SYSTEM comment by the given user ("" for none): the text
// (format filled with the parameter values), the subtype and the parameters, given as
// name, value pairs.
func alarmSystemComment(tx *Tx, s *Server, alarmID, userID, subtype, format string, params ...string) {
	var args []any
	for i := 1; i < len(params); i += 2 {
		args = append(args, params[i])
	}
	kv := []any{"text", fmt.Sprintf(format, args...), "subtype", subtype}
	for i := 0; i+1 < len(params); i += 2 {
		kv = append(kv, params[i], params[i+1])
	}
	m := alarmComments(tx)
	m[alarmID] = append(m[alarmID], &alarmComment{ID: s.store.NewUUID(), AlarmID: alarmID, UserID: userID,
		Type: string(tb.AlarmCommentSystem), Comment: alarmJSONObject(kv...), CreatedTime: tx.Now()})
}

// alarmCommentOut is an AlarmComment or AlarmCommentInfo in the server's JSON shape.
type alarmCommentOut struct {
	ID          tb.AlarmCommentID `json:"id"`
	CreatedTime int64             `json:"createdTime"`
	AlarmID     tb.EntityID       `json:"alarmId"`
	UserID      *tb.EntityID      `json:"userId"`
	Type        string            `json:"type"`
	Comment     json.RawMessage   `json:"comment"`
	Name        string            `json:"name"`
}

type alarmCommentInfoOut struct {
	alarmCommentOut
	FirstName *string `json:"firstName"`
	LastName  *string `json:"lastName"`
	Email     *string `json:"email"`
}

func (c *alarmComment) out() alarmCommentOut {
	o := alarmCommentOut{ID: tb.AlarmCommentID{ID: c.ID}, CreatedTime: c.CreatedTime,
		AlarmID: tb.NewEntityID(tb.EntityTypeAlarm, c.AlarmID), Type: c.Type, Comment: c.Comment, Name: string(c.Comment)}
	if c.UserID != "" {
		u := tb.NewEntityID(tb.EntityTypeUser, c.UserID)
		o.UserID = &u
	}
	return o
}

func (c *alarmComment) info(tx *Tx) alarmCommentInfoOut {
	o := alarmCommentInfoOut{alarmCommentOut: c.out()}
	if c.UserID != "" {
		if u, ok := tx.GetTyped(tb.NewEntityID(tb.EntityTypeUser, c.UserID)); ok {
			str := func(k string) *string {
				if v, ok := u.Fields[k]; ok && v != "" {
					return &v
				}
				return nil
			}
			o.FirstName, o.LastName, o.Email = str("firstName"), str("lastName"), str("email")
		}
	}
	return o
}

// ---- changes ----

// alarmChange applies one state change (ack, clear, assign, unassign) to a stored
// alarm and returns the updated record. The change reports false when there is
// nothing to do.
func (s *Server) alarmChange(tx *Tx, rec Record, change func(a *tb.AlarmInfo) bool) (Record, bool) {
	a := alarmOf(rec)
	if !change(&a) {
		return rec, false
	}
	return alarmPut(tx, a, alarmPropagated(rec)), true
}

func (s *Server) alarmDoAck(tx *Tx, p *Principal, rec Record, ts int64) (Record, error) {
	rec, ok := s.alarmChange(tx, rec, func(a *tb.AlarmInfo) bool {
		if a.Acknowledged {
			return false
		}
		a.Acknowledged, a.AckTs = true, cmp.Or(max(ts, 0), tx.Now())
		return true
	})
	if !ok {
		return rec, BadRequest("Alarm was already acknowledged!")
	}
	t := alarmCallerTitle(p)
	alarmSystemComment(tx, s, rec.ID.ID, p.UserID, "ACKED_BY_USER", "Alarm was acknowledged by user %s", "userName", t)
	return rec, nil
}

func (s *Server) alarmDoClear(tx *Tx, p *Principal, rec Record, ts int64) (Record, error) {
	rec, ok := s.alarmChange(tx, rec, func(a *tb.AlarmInfo) bool {
		if a.Cleared {
			return false
		}
		a.Cleared, a.ClearTs = true, cmp.Or(max(ts, 0), tx.Now())
		return true
	})
	if !ok {
		return rec, BadRequest("Alarm was already cleared!")
	}
	alarmSystemComment(tx, s, rec.ID.ID, p.UserID, "CLEARED_BY_USER", "Alarm was cleared by user %s", "userName", alarmCallerTitle(p))
	return rec, nil
}

func (s *Server) alarmDoAssign(tx *Tx, p *Principal, rec Record, user Record, ts int64) (Record, error) {
	rec, ok := s.alarmChange(tx, rec, func(a *tb.AlarmInfo) bool {
		if a.AssigneeID.ID == user.ID.ID {
			return false
		}
		a.AssigneeID, a.AssignTs = tb.NewEntityID(tb.EntityTypeUser, user.ID.ID), cmp.Or(max(ts, 0), tx.Now())
		return true
	})
	if !ok {
		return rec, BadRequest("Alarm was already assigned to this user!")
	}
	f := user.Fields
	alarmSystemComment(tx, s, rec.ID.ID, p.UserID, "ASSIGNED_TO_USER", "Alarm was assigned by user %s to user %s",
		"userName", alarmCallerTitle(p), "assigneeName", alarmUserTitle(f["firstName"], f["lastName"], f["email"]))
	return rec, nil
}

func (s *Server) alarmDoUnassign(tx *Tx, p *Principal, rec Record, ts int64) (Record, error) {
	rec, ok := s.alarmChange(tx, rec, func(a *tb.AlarmInfo) bool {
		if a.AssigneeID.IsZero() {
			return false
		}
		a.AssigneeID, a.AssignTs = tb.EntityID{}, cmp.Or(max(ts, 0), tx.Now())
		return true
	})
	if !ok {
		return rec, BadRequest("Alarm was already unassigned!")
	}
	alarmSystemComment(tx, s, rec.ID.ID, p.UserID, "UNASSIGNED_BY_USER", "Alarm was unassigned by user %s", "userName", alarmCallerTitle(p))
	return rec, nil
}

// alarmCheckUser is checkUserId(READ) for an assignee.
func alarmCheckUser(tx *Tx, p *Principal, id string) (Record, error) {
	return relCheckEntity(tx, p, tb.NewEntityID(tb.EntityTypeUser, id), false)
}

// alarmSave creates or updates an alarm. A new alarm of a type that is active on the
// same originator updates that alarm instead (the server's deduplication); then the
// acknowledged, cleared and assignee values of the body are applied.
func (s *Server) alarmSave(w http.ResponseWriter, r *http.Request, p *Principal) error {
	var body tb.Alarm
	if err := DecodeJSON(r, &body); err != nil {
		return err
	}
	if body.Originator.IsZero() {
		return ItemNotFound()
	}
	originator, err := ParseEntityID(string(body.Originator.EntityType), body.Originator.ID)
	if err != nil {
		return err
	}
	if body.Severity != "" && !slices.Contains(alarmSeverities, body.Severity) {
		return BadRequest("JSON parse error: Cannot deserialize value of type `org.thingsboard.server.common.data.alarm.AlarmSeverity` from String \"%s\": not one of the values accepted for Enum class: [CRITICAL, MAJOR, MINOR, WARNING, INDETERMINATE]", body.Severity)
	}
	var out tb.Alarm
	err = s.store.Write(func(tx *Tx) error {
		var existing Record
		if body.ID.ID != "" {
			id, err := ParseUUID(body.ID.ID)
			if err != nil {
				return err
			}
			if existing, err = alarmCheck(tx, p, id); err != nil {
				return err
			}
		} else if p.IsCustomerUser() && body.CustomerID.ID != p.CustomerID {
			return PermissionDenied()
		}
		orig, err := relCheckEntity(tx, p, originator, false)
		if err != nil {
			return err
		}
		var assignee Record
		if !body.AssigneeID.IsZero() {
			if assignee, err = alarmCheckUser(tx, p, body.AssigneeID.ID); err != nil {
				return err
			}
		}
		var problems []string
		if body.Severity == "" {
			problems = append(problems, "severity must not be null")
		}
		if existing.ID.ID == "" && body.Type == "" {
			problems = append(problems, "type must not be null")
		}
		if len(problems) > 0 {
			slices.Sort(problems)
			return BadRequest("Validation error: %s", strings.Join(problems, ", "))
		}
		if body.EndTs > 0 && body.StartTs > body.EndTs {
			return BadRequest("Alarm start ts can't be greater then alarm end ts!")
		}
		start := cmp.Or(body.StartTs, tx.Now())
		end := cmp.Or(body.EndTs, start)
		if existing.ID.ID == "" {
			// Find the active alarm of this type on the originator (latest start first).
			for _, rec := range tx.List(tb.EntityTypeAlarm, func(rec Record) bool {
				return rec.Fields["originatorId"] == originator.ID && rec.Fields["type"] == body.Type && rec.Fields["cleared"] != "true"
			}) {
				if existing.ID.ID == "" || alarmOf(rec).StartTs > alarmOf(existing).StartTs {
					existing = rec
				}
			}
		}
		var rec Record
		if existing.ID.ID == "" {
			customer := orig.CustomerID
			bodyCustomer := strings.TrimPrefix(body.CustomerID.ID, tb.NullUUID)
			switch {
			case bodyCustomer != "" && customer == tb.NullUUID:
				return BadRequest("Can't assign alarm to customer. Originator is not assigned to customer!")
			case bodyCustomer != "" && bodyCustomer != customer:
				return BadRequest("Can't assign alarm to customer. Originator belongs to different customer!")
			}
			a := tb.AlarmInfo{Alarm: tb.Alarm{TenantID: tb.NewEntityID(tb.EntityTypeTenant, p.TenantID), Type: body.Type,
				Originator: originator, Severity: body.Severity, StartTs: start, EndTs: end, Details: body.Details,
				Propagate: body.Propagate, PropagateToOwner: body.PropagateToOwner, PropagateToTenant: body.PropagateToTenant,
				PropagateRelationTypes: body.PropagateRelationTypes}}
			if customer != tb.NullUUID {
				a.CustomerID = tb.NewEntityID(tb.EntityTypeCustomer, customer)
			}
			rec = alarmPut(tx, a, alarmTargets(tx, &a))
		} else {
			a := alarmOf(existing)
			old := a
			a.Severity, a.StartTs, a.EndTs, a.Details = body.Severity, start, end, body.Details
			a.Propagate, a.PropagateToOwner, a.PropagateToTenant = body.Propagate, body.PropagateToOwner, body.PropagateToTenant
			a.PropagateRelationTypes = body.PropagateRelationTypes
			rec = existing
			if a.Severity != old.Severity || a.StartTs != old.StartTs || a.EndTs != old.EndTs || !bytes.Equal(a.Details, old.Details) ||
				a.Propagate != old.Propagate || a.PropagateToOwner != old.PropagateToOwner || a.PropagateToTenant != old.PropagateToTenant ||
				!slices.Equal(a.PropagateRelationTypes, old.PropagateRelationTypes) {
				targets := alarmPropagated(existing)
				if a.Propagate != old.Propagate || a.PropagateToOwner != old.PropagateToOwner || a.PropagateToTenant != old.PropagateToTenant ||
					!slices.Equal(a.PropagateRelationTypes, old.PropagateRelationTypes) {
					targets = alarmTargets(tx, &a)
				}
				rec = alarmPut(tx, a, targets)
				if a.Severity != old.Severity {
					alarmSystemComment(tx, s, rec.ID.ID, p.UserID, "SEVERITY_CHANGED", "Alarm severity was updated from %s to %s",
						"oldSeverity", string(old.Severity), "newSeverity", string(a.Severity))
				}
			}
		}
		cur := alarmOf(rec)
		if body.Acknowledged && !cur.Acknowledged {
			if rec, err = s.alarmDoAck(tx, p, rec, body.AckTs); err != nil {
				return err
			}
		}
		if body.Cleared && !cur.Cleared {
			if rec, err = s.alarmDoClear(tx, p, rec, body.ClearTs); err != nil {
				return err
			}
		}
		switch {
		case assignee.ID.ID != "" && assignee.ID.ID != cur.AssigneeID.ID:
			rec, err = s.alarmDoAssign(tx, p, rec, assignee, body.AssignTs)
		case assignee.ID.ID == "" && !cur.AssigneeID.IsZero():
			rec, err = s.alarmDoUnassign(tx, p, rec, body.AssignTs)
		}
		if err != nil {
			return err
		}
		out = alarmView(tx, rec).Alarm
		return nil
	})
	if err != nil {
		return err
	}
	return WriteJSON(w, out)
}

func (s *Server) alarmGet(info bool) HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request, p *Principal) error {
		id, err := PathUUID(r, "alarmId")
		if err != nil {
			return err
		}
		var a tb.AlarmInfo
		s.store.Read(func(tx *Tx) {
			var rec Record
			if rec, err = alarmCheck(tx, p, id); err == nil {
				a = alarmView(tx, rec)
			}
		})
		if err != nil {
			return err
		}
		if info {
			return WriteJSON(w, a)
		}
		return WriteJSON(w, a.Alarm)
	}
}

func (s *Server) alarmDelete(w http.ResponseWriter, r *http.Request, p *Principal) error {
	id, err := PathUUID(r, "alarmId")
	if err != nil {
		return err
	}
	err = s.store.Write(func(tx *Tx) error {
		if _, err := alarmCheck(tx, p, id); err != nil {
			return err
		}
		tx.Delete(id)
		delete(alarmComments(tx), id)
		return nil
	})
	if err != nil {
		return err
	}
	return WriteJSON(w, true)
}

// alarmAction runs one state change on the alarm of the path and answers with the
// AlarmInfo.
func (s *Server) alarmAction(w http.ResponseWriter, r *http.Request, p *Principal,
	act func(tx *Tx, rec Record) (Record, error)) error {
	id, err := PathUUID(r, "alarmId")
	if err != nil {
		return err
	}
	var out tb.AlarmInfo
	err = s.store.Write(func(tx *Tx) error {
		rec, err := alarmCheck(tx, p, id)
		if err != nil {
			return err
		}
		if rec, err = act(tx, rec); err != nil {
			return err
		}
		out = alarmView(tx, rec)
		return nil
	})
	if err != nil {
		return err
	}
	return WriteJSON(w, out)
}

func (s *Server) alarmAck(w http.ResponseWriter, r *http.Request, p *Principal) error {
	return s.alarmAction(w, r, p, func(tx *Tx, rec Record) (Record, error) { return s.alarmDoAck(tx, p, rec, 0) })
}

func (s *Server) alarmClear(w http.ResponseWriter, r *http.Request, p *Principal) error {
	return s.alarmAction(w, r, p, func(tx *Tx, rec Record) (Record, error) { return s.alarmDoClear(tx, p, rec, 0) })
}

func (s *Server) alarmAssign(w http.ResponseWriter, r *http.Request, p *Principal) error {
	userID, err := PathUUID(r, "assigneeId")
	if err != nil {
		return err
	}
	return s.alarmAction(w, r, p, func(tx *Tx, rec Record) (Record, error) {
		user, err := alarmCheckUser(tx, p, userID)
		if err != nil {
			return rec, err
		}
		return s.alarmDoAssign(tx, p, rec, user, 0)
	})
}

func (s *Server) alarmUnassign(w http.ResponseWriter, r *http.Request, p *Principal) error {
	return s.alarmAction(w, r, p, func(tx *Tx, rec Record) (Record, error) { return s.alarmDoUnassign(tx, p, rec, 0) })
}

// ---- lists ----

// alarmFilter is a parsed alarm list query.
type alarmFilter struct {
	cleared, acked *bool // nil: not filtered
	severities     []tb.AlarmSeverity
	types          []string
	assignee       string
	start, end     int64 // createdTime bounds, 0 when open
	search         string
}

func (f *alarmFilter) matches(rec Record) bool {
	fl := rec.Fields
	if f.cleared != nil && (fl["cleared"] == "true") != *f.cleared {
		return false
	}
	if f.acked != nil && (fl["acknowledged"] == "true") != *f.acked {
		return false
	}
	if len(f.severities) > 0 && !slices.Contains(f.severities, tb.AlarmSeverity(fl["severity"])) {
		return false
	}
	if len(f.types) > 0 && !slices.Contains(f.types, fl["type"]) {
		return false
	}
	if f.assignee != "" && fl["assigneeId"] != f.assignee {
		return false
	}
	if f.start != 0 && rec.CreatedTime < f.start || f.end != 0 && rec.CreatedTime > f.end {
		return false
	}
	if f.search != "" {
		s := strings.ToLower(f.search)
		if !strings.Contains(strings.ToLower(fl["type"]), s) && !strings.Contains(strings.ToLower(fl["severity"]), s) &&
			!strings.Contains(strings.ToLower(fl["status"]), s) {
			return false
		}
	}
	return true
}

func alarmBool(b bool) *bool { return &b }

// setSearchStatus narrows the filter to one AlarmSearchStatus.
func (f *alarmFilter) setSearchStatus(s tb.AlarmSearchStatus) {
	switch s {
	case tb.SearchStatusActive:
		f.cleared = alarmBool(false)
	case tb.SearchStatusCleared:
		f.cleared = alarmBool(true)
	case tb.SearchStatusAck:
		f.acked = alarmBool(true)
	case tb.SearchStatusUnack:
		f.acked = alarmBool(false)
	}
}

// setStatus narrows the filter to one AlarmStatus.
func (f *alarmFilter) setStatus(s tb.AlarmStatus) {
	f.cleared, f.acked = alarmBool(s.IsCleared()), alarmBool(s.IsAcknowledged())
}

// setStatusList applies a v2 statusList: each of the two flags is filtered when the
// list holds exactly one of its values; ANY disables both.
func (f *alarmFilter) setStatusList(list []tb.AlarmSearchStatus) {
	if len(list) == 0 || slices.Contains(list, tb.SearchStatusAny) {
		return
	}
	cl, ac := slices.Contains(list, tb.SearchStatusCleared), slices.Contains(list, tb.SearchStatusActive)
	if cl != ac {
		f.cleared = alarmBool(cl)
	}
	ack, unack := slices.Contains(list, tb.SearchStatusAck), slices.Contains(list, tb.SearchStatusUnack)
	if ack != unack {
		f.acked = alarmBool(ack)
	}
}

func alarmEnumError(enum, v string) error {
	return BadRequest("No enum constant org.thingsboard.server.common.data.alarm.%s.%s", enum, v)
}

func alarmParseSearchStatus(v string) (tb.AlarmSearchStatus, error) {
	s := tb.AlarmSearchStatus(v)
	switch s {
	case tb.SearchStatusAny, tb.SearchStatusActive, tb.SearchStatusCleared, tb.SearchStatusAck, tb.SearchStatusUnack:
		return s, nil
	}
	return "", alarmEnumError("AlarmSearchStatus", v)
}

func alarmParseStatus(v string) (tb.AlarmStatus, error) {
	s := tb.AlarmStatus(v)
	switch s {
	case tb.StatusActiveUnack, tb.StatusActiveAck, tb.StatusClearedUnack, tb.StatusClearedAck:
		return s, nil
	}
	return "", alarmEnumError("AlarmStatus", v)
}

// alarmListParam returns a multi-value parameter as Spring binds it to String[]: repeated
// values, or one value split at commas.
func alarmListParam(r *http.Request, name string) []string {
	vs := r.URL.Query()[name]
	if len(vs) == 1 {
		vs = strings.Split(vs[0], ",")
	}
	out := make([]string, 0, len(vs))
	for _, v := range vs {
		if v = strings.TrimSpace(v); v != "" {
			out = append(out, v)
		}
	}
	return out
}

// alarmStatusParams reads searchStatus, status and assigneeId (v1 lists and highest
// severity).
func alarmStatusParams(r *http.Request, f *alarmFilter) error {
	q := r.URL.Query()
	var ss tb.AlarmSearchStatus
	var st tb.AlarmStatus
	var err error
	if v := q.Get("searchStatus"); v != "" {
		if ss, err = alarmParseSearchStatus(v); err != nil {
			return err
		}
	}
	if v := q.Get("status"); v != "" {
		if st, err = alarmParseStatus(v); err != nil {
			return err
		}
	}
	if ss != "" && st != "" {
		return BadRequest("Invalid alarms search query: Both parameters 'searchStatus' and 'status' can't be specified at the same time!")
	}
	if ss != "" {
		f.setSearchStatus(ss)
	} else if st != "" {
		f.setStatus(st)
	}
	return nil
}

func alarmAssigneeParam(r *http.Request, f *alarmFilter) error {
	if q := r.URL.Query(); q.Has("assigneeId") {
		id, err := ParseUUID(q.Get("assigneeId"))
		if err != nil {
			return err
		}
		f.assignee = id
	}
	return nil
}

// alarmSortProperties are the sort properties of the alarm lists. Severities sort as
// text, as the server's database column does.
var alarmSortProperties = []string{"createdTime", "startTs", "endTs", "type", "ackTs", "clearTs", "severity", "status"}

// alarmList serves the alarm lists: per entity (alarms raised by it or propagated to
// it) or all the caller's alarms (the tenant's, or the customer's for a customer
// user), with the v1 or the v2 filters.
func (s *Server) alarmList(byEntity, v2 bool) HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request, p *Principal) error {
		var entity tb.EntityID
		var f alarmFilter
		var err error
		if byEntity {
			if entity, err = ParseEntityID(r.PathValue("entityType"), r.PathValue("entityId")); err != nil {
				return err
			}
		}
		if v2 {
			var statuses []tb.AlarmSearchStatus
			for _, v := range alarmListParam(r, "statusList") {
				st, err := alarmParseSearchStatus(v)
				if err != nil {
					return err
				}
				statuses = append(statuses, st)
			}
			f.setStatusList(statuses)
			for _, v := range alarmListParam(r, "severityList") {
				if !slices.Contains(alarmSeverities, tb.AlarmSeverity(v)) {
					return alarmEnumError("AlarmSeverity", v)
				}
				f.severities = append(f.severities, tb.AlarmSeverity(v))
			}
			f.types = alarmListParam(r, "typeList")
		} else if err := alarmStatusParams(r, &f); err != nil {
			return err
		}
		if err := alarmAssigneeParam(r, &f); err != nil {
			return err
		}
		pl, err := ParsePageLink(r)
		if err != nil {
			return err
		}
		if err := pl.CheckSort(alarmSortProperties...); err != nil {
			return err
		}
		if f.start, err = IntParam(r, "startTime", 0); err != nil {
			return err
		}
		if f.end, err = IntParam(r, "endTime", 0); err != nil {
			return err
		}
		f.search = pl.TextSearch
		var page tb.Page[tb.AlarmInfo]
		s.store.Read(func(tx *Tx) {
			if byEntity {
				if _, err = relCheckEntity(tx, p, entity, false); err != nil {
					return
				}
			}
			readable := Readable(tx, p)
			recs := tx.List(tb.EntityTypeAlarm, func(rec Record) bool {
				if rec.TenantID != p.TenantID {
					return false
				}
				if byEntity {
					if rec.Fields["originatorId"] != entity.ID && !slices.Contains(alarmPropagated(rec), entity.ID) {
						return false
					}
				} else if !readable(rec) {
					return false
				}
				return f.matches(rec)
			})
			SortRecords(recs, pl)
			recPage := Paginate(recs, pl)
			page = tb.Page[tb.AlarmInfo]{Data: make([]tb.AlarmInfo, len(recPage.Data)), TotalPages: recPage.TotalPages,
				TotalElements: recPage.TotalElements, HasNext: recPage.HasNext}
			for i, rec := range recPage.Data {
				page.Data[i] = alarmView(tx, rec)
			}
		})
		if err != nil {
			return err
		}
		return WriteJSON(w, page)
	}
}

// alarmHighestSeverity answers the highest severity among the entity's alarms that
// the filters select, or an empty body when there is none.
func (s *Server) alarmHighestSeverity(w http.ResponseWriter, r *http.Request, p *Principal) error {
	entity, err := ParseEntityID(r.PathValue("entityType"), r.PathValue("entityId"))
	if err != nil {
		return err
	}
	var f alarmFilter
	if err := alarmStatusParams(r, &f); err != nil {
		return err
	}
	f.assignee = strings.ToLower(r.URL.Query().Get("assigneeId"))
	best := -1
	s.store.Read(func(tx *Tx) {
		if _, err = relCheckEntity(tx, p, entity, false); err != nil {
			return
		}
		for _, rec := range tx.List(tb.EntityTypeAlarm, func(rec Record) bool {
			return rec.TenantID == p.TenantID &&
				(rec.Fields["originatorId"] == entity.ID || slices.Contains(alarmPropagated(rec), entity.ID)) && f.matches(rec)
		}) {
			if i := slices.Index(alarmSeverities, tb.AlarmSeverity(rec.Fields["severity"])); i >= 0 && (best < 0 || i < best) {
				best = i
			}
		}
	})
	if err != nil {
		return err
	}
	if best < 0 {
		w.WriteHeader(http.StatusOK)
		return nil
	}
	return WriteJSON(w, alarmSeverities[best])
}

// alarmTypes lists the alarm types of the caller's tenant, sorted by type.
func (s *Server) alarmTypes(w http.ResponseWriter, r *http.Request, p *Principal) error {
	pl, err := ParsePageLink(r)
	if err != nil {
		return err
	}
	var types []string
	s.store.Read(func(tx *Tx) {
		for _, rec := range tx.List(tb.EntityTypeAlarm, func(rec Record) bool { return rec.TenantID == p.TenantID }) {
			t := rec.Fields["type"]
			if !slices.Contains(types, t) && (pl.TextSearch == "" || strings.Contains(strings.ToLower(t), strings.ToLower(pl.TextSearch))) {
				types = append(types, t)
			}
		}
	})
	slices.Sort(types)
	if pl.SortOrder == "DESC" {
		slices.Reverse(types)
	}
	tenant := tb.NewEntityID(tb.EntityTypeTenant, p.TenantID)
	subtypes := make([]tb.EntitySubtype, len(types))
	for i, t := range types {
		subtypes[i] = tb.EntitySubtype{TenantID: tenant, EntityType: tb.EntityTypeAlarm, Type: t}
	}
	return WriteJSON(w, Paginate(subtypes, pl))
}

// ---- comment routes ----

func (s *Server) alarmComments(w http.ResponseWriter, r *http.Request, p *Principal) error {
	id, err := PathUUID(r, "alarmId")
	if err != nil {
		return err
	}
	pl, err := ParsePageLink(r)
	if err != nil {
		return err
	}
	if err := pl.CheckSort("createdTime", "id"); err != nil {
		return err
	}
	var page tb.Page[alarmCommentInfoOut]
	s.store.Read(func(tx *Tx) {
		if _, err = alarmCheck(tx, p, id); err != nil {
			return
		}
		list := slices.Clone(alarmComments(tx)[id])
		if pl.SortProperty != "" && pl.SortOrder == "DESC" {
			slices.Reverse(list) // oldest first by both createdTime and id
		}
		cp := Paginate(list, pl)
		page = tb.Page[alarmCommentInfoOut]{Data: make([]alarmCommentInfoOut, len(cp.Data)), TotalPages: cp.TotalPages,
			TotalElements: cp.TotalElements, HasNext: cp.HasNext}
		for i, c := range cp.Data {
			page.Data[i] = c.info(tx)
		}
	})
	if err != nil {
		return err
	}
	return WriteJSON(w, page)
}

// alarmJSONPut sets keys of a JSON object, keeping the order of the existing keys and
// adding new ones at the end.
func alarmJSONPut(obj json.RawMessage, kv ...any) (json.RawMessage, bool) {
	dec := json.NewDecoder(bytes.NewReader(obj))
	if t, err := dec.Token(); err != nil || t != json.Delim('{') {
		return nil, false
	}
	var keys []string
	vals := map[string]json.RawMessage{}
	for dec.More() {
		t, err := dec.Token()
		if err != nil {
			return nil, false
		}
		k := t.(string)
		var v json.RawMessage
		if err := dec.Decode(&v); err != nil {
			return nil, false
		}
		if _, dup := vals[k]; !dup {
			keys = append(keys, k)
		}
		vals[k] = v
	}
	for i := 0; i+1 < len(kv); i += 2 {
		k := kv[i].(string)
		v, _ := json.Marshal(kv[i+1])
		if _, ok := vals[k]; !ok {
			keys = append(keys, k)
		}
		vals[k] = v
	}
	var b bytes.Buffer
	b.WriteByte('{')
	for i, k := range keys {
		if i > 0 {
			b.WriteByte(',')
		}
		kb, _ := json.Marshal(k)
		b.Write(kb)
		b.WriteByte(':')
		b.Write(vals[k])
	}
	b.WriteByte('}')
	return b.Bytes(), true
}

func (s *Server) alarmSaveComment(w http.ResponseWriter, r *http.Request, p *Principal) error {
	alarmID, err := PathUUID(r, "alarmId")
	if err != nil {
		return err
	}
	var body struct {
		ID *struct {
			ID string `json:"id"`
		} `json:"id"`
		Comment json.RawMessage `json:"comment"`
	}
	if err := DecodeJSON(r, &body); err != nil {
		return err
	}
	var out alarmCommentOut
	err = s.store.Write(func(tx *Tx) error {
		if _, err := alarmCheck(tx, p, alarmID); err != nil {
			return err
		}
		comments := alarmComments(tx)
		var old *alarmComment
		if body.ID != nil {
			cid, err := ParseUUID(body.ID.ID)
			if err != nil {
				return err
			}
			if old, err = alarmFindComment(tx, alarmID, cid); err != nil {
				return err
			}
			if old.UserID != "" && old.UserID != p.UserID {
				return Errorf(http.StatusForbidden, tb.CodePermissionDenied, "User is not allowed to edit other user's comment")
			}
		}
		raw := bytes.TrimSpace(body.Comment)
		if len(raw) == 0 || string(raw) == "null" {
			return BadRequest("Alarm comment should be specified!")
		}
		var compact bytes.Buffer
		if err := json.Compact(&compact, raw); err != nil {
			return BadRequest("JSON parse error: %v", err)
		}
		if compact.Len() > 10000 {
			return BadRequest("Validation error: comment length must be equal or less than 10000")
		}
		if old == nil {
			c := &alarmComment{ID: s.store.NewUUID(), AlarmID: alarmID, UserID: p.UserID, Type: string(tb.AlarmCommentOther),
				Comment: compact.Bytes(), CreatedTime: tx.Now()}
			comments[alarmID] = append(comments[alarmID], c)
			out = c.out()
			return nil
		}
		if old.Type == string(tb.AlarmCommentSystem) {
			return BadRequest("System alarm comment can't be updated!")
		}
		edited, ok := alarmJSONPut(compact.Bytes(), "edited", "true", "editedOn", tx.Now())
		if !ok {
			return BadRequest("Alarm comment should be a JSON object")
		}
		upd := *old
		upd.Comment, upd.UserID = edited, p.UserID
		list := comments[alarmID]
		for i, c := range list {
			if c.ID == old.ID {
				list[i] = &upd
			}
		}
		out = upd.out()
		return nil
	})
	if err != nil {
		return err
	}
	return WriteJSON(w, out)
}

// alarmFindComment is checkAlarmCommentId.
func alarmFindComment(tx *Tx, alarmID, commentID string) (*alarmComment, error) {
	for id, list := range alarmComments(tx) {
		for _, c := range list {
			if c.ID != commentID {
				continue
			}
			if id != alarmID {
				return nil, BadRequest("Alarm id does not match with comment alarm id")
			}
			return c, nil
		}
	}
	return nil, Errorf(http.StatusNotFound, tb.CodeItemNotFound, "Alarm comment with id [%s] is not found", commentID)
}

// alarmDeleteComment replaces a user comment by a system note of its deletion.
func (s *Server) alarmDeleteComment(w http.ResponseWriter, r *http.Request, p *Principal) error {
	alarmID, err := PathUUID(r, "alarmId")
	if err != nil {
		return err
	}
	commentID, err := PathUUID(r, "commentId")
	if err != nil {
		return err
	}
	err = s.store.Write(func(tx *Tx) error {
		if _, err := alarmCheck(tx, p, alarmID); err != nil {
			return err
		}
		c, err := alarmFindComment(tx, alarmID, commentID)
		if err != nil {
			return err
		}
		if !p.IsTenantAdmin() && c.UserID != "" && c.UserID != p.UserID {
			return Errorf(http.StatusForbidden, tb.CodePermissionDenied, "User is not allowed to delete other user's comment")
		}
		if c.Type != string(tb.AlarmCommentOther) {
			return BadRequest("System comment could not be deleted")
		}
		t := alarmCallerTitle(p)
		upd := *c
		upd.Type, upd.UserID = string(tb.AlarmCommentSystem), ""
		upd.Comment = alarmJSONObject("text", fmt.Sprintf("Comment was deleted by user %s", t), "subtype", "COMMENT_DELETED", "userName", t)
		list := alarmComments(tx)[alarmID]
		for i := range list {
			if list[i].ID == c.ID {
				list[i] = &upd
			}
		}
		return nil
	})
	if err != nil {
		return err
	}
	w.WriteHeader(http.StatusOK)
	return nil
}
