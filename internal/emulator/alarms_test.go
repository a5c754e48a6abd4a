package emulator_test

import (
	"context"
	"encoding/json"
	"errors"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	tb "github.com/tbgo/thingsboard"
	"github.com/tbgo/thingsboard/internal/emulator"
	"github.com/tbgo/thingsboard/thingsboardtest"
)

// almRaise saves a new alarm of the given type and severity on the originator.
func almRaise(t *testing.T, c *tb.Client, originator tb.EntityID, typ string, sev tb.AlarmSeverity, edit ...func(*tb.Alarm)) *tb.Alarm {
	t.Helper()
	a := &tb.Alarm{Originator: originator, Type: typ, Severity: sev}
	for _, e := range edit {
		e(a)
	}
	saved, err := c.Alarms.Save(context.Background(), a)
	if err != nil {
		t.Fatalf("save alarm %s: %v", typ, err)
	}
	return saved
}

// almTypes returns the types of a page of alarms, in order.
func almTypes(p *tb.Page[tb.AlarmInfo]) []string {
	var out []string
	for _, a := range p.Data {
		out = append(out, a.Type)
	}
	return out
}

// almRecord returns the store record of an alarm.
func almRecord(t *testing.T, srv *thingsboardtest.Server, id string) emulator.Record {
	t.Helper()
	rec, ok := srv.Emulator().Store().Get(id)
	if !ok {
		t.Fatalf("alarm %s not in the store", id)
	}
	return rec
}

func almWithin(t *testing.T, what string, ts, lo, hi int64) {
	t.Helper()
	if ts < lo || ts > hi {
		t.Errorf("%s = %d, want within [%d, %d]", what, ts, lo, hi)
	}
}

func TestAlarmLifecycle(t *testing.T) {
	clock := thingsboardtest.NewClock(time.Date(2030, 1, 2, 3, 4, 5, 0, time.UTC))
	srv := thingsboardtest.NewServer(t, thingsboardtest.WithClock(clock))
	c := arLogin(t, srv, thingsboardtest.TenantEmail, thingsboardtest.TenantPassword)
	ctx := context.Background()
	dev := arDevice(srv, "Thermostat T1")
	var events []emulator.Event
	var mu sync.Mutex
	cancel := srv.Emulator().Store().Subscribe(func(e emulator.Event) {
		if e.Entity.EntityType == tb.EntityTypeAlarm {
			mu.Lock()
			events = append(events, e)
			mu.Unlock()
		}
	})
	defer cancel()

	before := clock.Millis()
	a := almRaise(t, c, dev, "High Temperature", tb.SeverityMajor, func(a *tb.Alarm) {
		a.Details = json.RawMessage(`{"temperature":31}`)
	})
	after := clock.Millis()
	if a.ID.EntityType != tb.EntityTypeAlarm || a.Status != tb.StatusActiveUnack || a.Name != "High Temperature" ||
		a.Acknowledged || a.Cleared || a.TenantID.ID != srv.Demo().TenantID || !a.CustomerID.IsZero() || a.Originator != dev {
		t.Fatalf("saved = %+v", a)
	}
	almWithin(t, "startTs", a.StartTs, before, after)
	almWithin(t, "createdTime", a.CreatedTime, before, after)
	if a.EndTs != a.StartTs || a.AckTs != 0 || string(a.Details) != `{"temperature":31}` {
		t.Errorf("saved = %+v", a)
	}
	info, err := c.Alarms.GetInfo(ctx, a.ID.ID)
	if err != nil || info.OriginatorName != "Thermostat T1" || info.OriginatorLabel != "Thermostat T1" || info.Assignee != nil {
		t.Fatalf("info = %+v, %v", info, err)
	}

	clock.Advance(time.Minute)
	before = clock.Millis()
	acked, err := c.Alarms.Ack(ctx, a.ID.ID)
	if err != nil {
		t.Fatal(err)
	}
	almWithin(t, "ackTs", acked.AckTs, before, clock.Millis())
	if acked.Status != tb.StatusActiveAck || !acked.Acknowledged || acked.OriginatorName != "Thermostat T1" {
		t.Errorf("acked = %+v", acked)
	}
	_, err = c.Alarms.Ack(ctx, a.ID.ID)
	arWantAPIError(t, err, 400, tb.CodeBadRequestParams, "Alarm was already acknowledged!")

	clock.Advance(time.Minute)
	cleared, err := c.Alarms.Clear(ctx, a.ID.ID)
	if err != nil || cleared.Status != tb.StatusClearedAck || cleared.ClearTs <= acked.AckTs {
		t.Fatalf("cleared = %+v, %v", cleared, err)
	}
	_, err = c.Alarms.Clear(ctx, a.ID.ID)
	arWantAPIError(t, err, 400, tb.CodeBadRequestParams, "Alarm was already cleared!")

	admin := srv.Demo().TenantAdminID
	assigned, err := c.Alarms.Assign(ctx, a.ID.ID, admin)
	if err != nil || assigned.AssigneeID.ID != admin || assigned.Assignee == nil || assigned.Assignee.Email != thingsboardtest.TenantEmail ||
		assigned.AssignTs == 0 {
		t.Fatalf("assigned = %+v, %v", assigned, err)
	}
	_, err = c.Alarms.Assign(ctx, a.ID.ID, admin)
	arWantAPIError(t, err, 400, tb.CodeBadRequestParams, "Alarm was already assigned to this user!")
	_, err = c.Alarms.Assign(ctx, a.ID.ID, "1e1c4f50-1d2f-11ef-a3b1-0d0e5c6f7a09")
	arWantAPIError(t, err, 404, tb.CodeItemNotFound, "User with id [1e1c4f50-1d2f-11ef-a3b1-0d0e5c6f7a09] is not found")
	unassigned, err := c.Alarms.Unassign(ctx, a.ID.ID)
	if err != nil || !unassigned.AssigneeID.IsZero() || unassigned.Assignee != nil {
		t.Fatalf("unassigned = %+v, %v", unassigned, err)
	}
	_, err = c.Alarms.Unassign(ctx, a.ID.ID)
	arWantAPIError(t, err, 400, tb.CodeBadRequestParams, "Alarm was already unassigned!")

	// The system comments the server writes, then a user comment.
	note, err := c.Alarms.SaveComment(ctx, a.ID.ID, tb.NewAlarmComment("Checking the sensor"))
	if err != nil || note.Type != tb.AlarmCommentOther || note.UserID.ID != admin || note.AlarmID != a.ID ||
		note.Name != `{"text":"Checking the sensor"}` {
		t.Fatalf("comment = %+v, %v", note, err)
	}
	edit := *note
	edit.Comment = tb.AlarmCommentBody{Text: "Sensor replaced"}
	edited, err := c.Alarms.SaveComment(ctx, a.ID.ID, &edit)
	if err != nil || edited.ID != note.ID || !edited.Comment.Edited || edited.Comment.EditedOn == 0 || edited.Comment.Text != "Sensor replaced" ||
		edited.CreatedTime != note.CreatedTime {
		t.Fatalf("edited = %+v, %v", edited, err)
	}
	var comments []tb.AlarmCommentInfo
	for cm, err := range c.Alarms.ListCommentsAll(ctx, a.ID.ID, tb.NewPageLink(2)) {
		if err != nil {
			t.Fatal(err)
		}
		comments = append(comments, cm)
	}
	want := []struct{ typ, subtype, text string }{
		{"SYSTEM", "ACKED_BY_USER", "Alarm was acknowledged by user tenant@thingsboard.org"},
		{"SYSTEM", "CLEARED_BY_USER", "Alarm was cleared by user tenant@thingsboard.org"},
		{"SYSTEM", "ASSIGNED_TO_USER", "Alarm was assigned by user tenant@thingsboard.org to user tenant@thingsboard.org"},
		{"SYSTEM", "UNASSIGNED_BY_USER", "Alarm was unassigned by user tenant@thingsboard.org"},
		{"OTHER", "", "Sensor replaced"},
	}
	if len(comments) != len(want) {
		t.Fatalf("comments = %+v", comments)
	}
	for i, w := range want {
		cm := comments[i]
		if string(cm.Type) != w.typ || cm.Comment.Subtype != w.subtype || cm.Comment.Text != w.text || cm.UserID.ID != admin ||
			cm.Email != thingsboardtest.TenantEmail {
			t.Errorf("comment %d = %+v", i, cm)
		}
	}
	if comments[0].Comment.Param("userName") != thingsboardtest.TenantEmail || comments[2].Comment.Param("assigneeName") != thingsboardtest.TenantEmail {
		t.Errorf("comment parameters: %+v, %+v", comments[0].Comment, comments[2].Comment)
	}
	desc, err := c.Alarms.ListComments(ctx, a.ID.ID, tb.PageLink{PageSize: 1, SortProperty: "createdTime", SortOrder: tb.DESC})
	if err != nil || len(desc.Data) != 1 || desc.Data[0].Comment.Text != "Sensor replaced" || desc.TotalElements != 5 || !desc.HasNext {
		t.Errorf("newest comment = %+v, %v", desc, err)
	}
	err = c.Alarms.DeleteComment(ctx, a.ID.ID, comments[0].ID.ID)
	arWantAPIError(t, err, 400, tb.CodeBadRequestParams, "System comment could not be deleted")
	if err := c.Alarms.DeleteComment(ctx, a.ID.ID, note.ID.ID); err != nil {
		t.Fatal(err)
	}
	last, _ := c.Alarms.ListComments(ctx, a.ID.ID, tb.PageLink{PageSize: 1, Page: 4})
	if len(last.Data) != 1 || last.Data[0].Type != tb.AlarmCommentSystem || last.Data[0].Comment.Subtype != "COMMENT_DELETED" ||
		last.Data[0].Comment.Text != "Comment was deleted by user tenant@thingsboard.org" || !last.Data[0].UserID.IsZero() {
		t.Errorf("deleted comment = %+v", last.Data)
	}

	// The store record carries the fields queries use.
	rec := almRecord(t, srv, a.ID.ID)
	for k, v := range map[string]string{"type": "High Temperature", "severity": "MAJOR", "status": "CLEARED_ACK",
		"originatorId": dev.ID, "originatorType": "DEVICE", "assigneeId": "", "acknowledged": "true", "cleared": "true",
		"propagate": "false", "propagatedTo": ""} {
		if rec.Fields[k] != v {
			t.Errorf("field %s = %q, want %q", k, rec.Fields[k], v)
		}
	}
	if _, ok := rec.Value.(*tb.AlarmInfo); !ok {
		t.Errorf("record value is %T", rec.Value)
	}

	ok, err := c.Alarms.Delete(ctx, a.ID.ID)
	if err != nil || !ok {
		t.Fatalf("delete = %v, %v", ok, err)
	}
	_, err = c.Alarms.Get(ctx, a.ID.ID)
	arWantAPIError(t, err, 404, tb.CodeItemNotFound, "Alarm with id ["+a.ID.ID+"] is not found")

	mu.Lock()
	defer mu.Unlock()
	var kinds []emulator.EventKind
	for _, e := range events {
		kinds = append(kinds, e.Kind)
	}
	// created, ack, clear, assign, unassign, deleted
	wantKinds := []emulator.EventKind{emulator.EntityCreated, emulator.EntityUpdated, emulator.EntityUpdated, emulator.EntityUpdated,
		emulator.EntityUpdated, emulator.EntityDeleted}
	if !slices.Equal(kinds, wantKinds) {
		t.Errorf("alarm events = %v, want %v", kinds, wantKinds)
	}
}

func TestAlarmDeduplication(t *testing.T) {
	srv := thingsboardtest.NewServer(t)
	c := arLogin(t, srv, thingsboardtest.TenantEmail, thingsboardtest.TenantPassword)
	ctx := context.Background()
	dev := arDevice(srv, "Test Device A1")

	first := almRaise(t, c, dev, "Overheat", tb.SeverityMinor)
	if first.CustomerID.ID != srv.Demo().CustomerID("Customer A") {
		t.Errorf("customerId = %+v, want the originator's customer", first.CustomerID)
	}
	second := almRaise(t, c, dev, "Overheat", tb.SeverityCritical)
	if second.ID != first.ID || second.Severity != tb.SeverityCritical || second.CreatedTime != first.CreatedTime {
		t.Fatalf("second save = %+v, want an update of %s", second, first.ID.ID)
	}
	other := almRaise(t, c, dev, "Offline", tb.SeverityWarning)
	if other.ID == first.ID {
		t.Fatal("another type reused the alarm")
	}
	comments, _ := c.Alarms.ListComments(ctx, first.ID.ID, tb.NewPageLink(10))
	if len(comments.Data) != 1 || comments.Data[0].Comment.Subtype != "SEVERITY_CHANGED" ||
		comments.Data[0].Comment.Text != "Alarm severity was updated from MINOR to CRITICAL" {
		t.Errorf("comments = %+v", comments.Data)
	}
	if _, err := c.Alarms.Clear(ctx, first.ID.ID); err != nil {
		t.Fatal(err)
	}
	third := almRaise(t, c, dev, "Overheat", tb.SeverityMajor)
	if third.ID == first.ID {
		t.Error("a cleared alarm was reused")
	}

	// Saving with an id updates that alarm; acknowledged and cleared flags apply.
	upd := *other
	upd.Severity, upd.Acknowledged = tb.SeverityMajor, true
	saved, err := c.Alarms.Save(ctx, &upd)
	if err != nil || saved.ID != other.ID || saved.Severity != tb.SeverityMajor || saved.Status != tb.StatusActiveAck {
		t.Fatalf("update = %+v, %v", saved, err)
	}
	_, err = c.Alarms.Save(ctx, &tb.Alarm{Originator: dev, Type: "Bad", Severity: tb.SeverityMajor, StartTs: 10, EndTs: 5})
	arWantAPIError(t, err, 400, tb.CodeBadRequestParams, "Alarm start ts can't be greater then alarm end ts!")
	missing := tb.NewEntityID(tb.EntityTypeDevice, "6f1c2a30-1d2f-11ef-a3b1-0d0e5c6f7a01")
	_, err = c.Alarms.Save(ctx, &tb.Alarm{Originator: missing, Type: "Bad", Severity: tb.SeverityMajor})
	arWantAPIError(t, err, 404, tb.CodeItemNotFound, "Device with id ["+missing.ID+"] is not found")
}

func TestAlarmPropagation(t *testing.T) {
	srv := thingsboardtest.NewServer(t)
	c := arLogin(t, srv, thingsboardtest.TenantEmail, thingsboardtest.TenantPassword)
	ctx := context.Background()
	custA := srv.Demo().CustomerID("Customer A")
	building := arAsset(t, c, "Building", custA)
	room := arAsset(t, c, "Room", custA)
	dev := arDevice(srv, "Test Device A1")
	for _, r := range []tb.EntityRelation{tb.NewRelation(building, "Contains", room), tb.NewRelation(room, "Contains", dev)} {
		if err := c.Relations.Save(ctx, &r); err != nil {
			t.Fatal(err)
		}
	}
	propagated := almRaise(t, c, dev, "Smoke", tb.SeverityCritical, func(a *tb.Alarm) { a.Propagate = true })
	local := almRaise(t, c, dev, "Battery", tb.SeverityWarning)
	onlyManages := almRaise(t, c, dev, "Tamper", tb.SeverityMajor, func(a *tb.Alarm) {
		a.Propagate, a.PropagateRelationTypes = true, []string{"Manages"}
	})
	owner := almRaise(t, c, dev, "Offline", tb.SeverityMinor, func(a *tb.Alarm) { a.PropagateToOwner, a.PropagateToTenant = true, true })

	list := func(e tb.EntityID) []string {
		t.Helper()
		p, err := c.Alarms.ListByEntity(ctx, e, tb.TimePageLink{PageLink: tb.PageLink{PageSize: 10, SortProperty: "type"}}, nil)
		if err != nil {
			t.Fatal(err)
		}
		return almTypes(p)
	}
	if got := list(dev); !slices.Equal(got, []string{"Battery", "Offline", "Smoke", "Tamper"}) {
		t.Errorf("device alarms = %q", got)
	}
	for _, e := range []tb.EntityID{building, room} {
		if got := list(e); !slices.Equal(got, []string{"Smoke"}) {
			t.Errorf("asset alarms = %q", got)
		}
	}
	if got := list(tb.NewEntityID(tb.EntityTypeCustomer, custA)); !slices.Equal(got, []string{"Offline"}) {
		t.Errorf("customer alarms = %q", got)
	}
	if got := list(tb.NewEntityID(tb.EntityTypeTenant, srv.Demo().TenantID)); !slices.Equal(got, []string{"Offline"}) {
		t.Errorf("tenant alarms = %q", got)
	}
	v2, err := c.Alarms.ListByEntityV2(ctx, building, tb.NewTimePageLink(10, 0, 0), &tb.AlarmFilter{SeverityList: []tb.AlarmSeverity{tb.SeverityCritical}})
	if err != nil || !slices.Equal(almTypes(v2), []string{"Smoke"}) {
		t.Errorf("v2 asset alarms = %q, %v", almTypes(v2), err)
	}

	rec := almRecord(t, srv, propagated.ID.ID)
	targets := strings.Split(rec.Fields["propagatedTo"], ",")
	slices.Sort(targets)
	wantTargets := []string{building.ID, room.ID}
	slices.Sort(wantTargets)
	if !slices.Equal(targets, wantTargets) {
		t.Errorf("propagatedTo = %q, want %q", targets, wantTargets)
	}
	if r := almRecord(t, srv, local.ID.ID); r.Fields["propagatedTo"] != "" {
		t.Errorf("local propagatedTo = %q", r.Fields["propagatedTo"])
	}
	if r := almRecord(t, srv, onlyManages.ID.ID); r.Fields["propagatedTo"] != "" {
		t.Errorf("Manages-only propagatedTo = %q", r.Fields["propagatedTo"])
	}
	if r := almRecord(t, srv, owner.ID.ID); r.Fields["propagatedTo"] != custA+","+srv.Demo().TenantID {
		t.Errorf("owner propagatedTo = %q", r.Fields["propagatedTo"])
	}

	sev := func(e tb.EntityID, opts *tb.HighestSeverityOptions) tb.AlarmSeverity {
		t.Helper()
		s, err := c.Alarms.HighestSeverity(ctx, e, opts)
		if err != nil {
			t.Fatal(err)
		}
		return s
	}
	if s := sev(dev, nil); s != tb.SeverityCritical {
		t.Errorf("device highest = %s", s)
	}
	if s := sev(building, nil); s != tb.SeverityCritical {
		t.Errorf("building highest = %s", s)
	}
	if _, err := c.Alarms.Clear(ctx, propagated.ID.ID); err != nil {
		t.Fatal(err)
	}
	if s := sev(dev, &tb.HighestSeverityOptions{SearchStatus: tb.SearchStatusActive}); s != tb.SeverityMajor {
		t.Errorf("device highest active = %s", s)
	}
	if s := sev(building, &tb.HighestSeverityOptions{Status: tb.StatusClearedUnack}); s != tb.SeverityCritical {
		t.Errorf("building highest cleared = %s", s)
	}

	// Deleting an entity deletes the alarms it raised and drops it from propagation
	// lists, shortly after (the server's housekeeper does it in the background).
	if err := c.Assets.Delete(ctx, room.ID); err != nil {
		t.Fatal(err)
	}
	almEventually(t, "room dropped from propagatedTo", func() bool {
		return almRecord(t, srv, propagated.ID.ID).Fields["propagatedTo"] == building.ID
	})
	if err := c.Devices.Delete(ctx, dev.ID); err != nil {
		t.Fatal(err)
	}
	almEventually(t, "device alarms deleted", func() bool {
		_, err := c.Alarms.Get(ctx, local.ID.ID)
		return errors.Is(err, tb.ErrNotFound)
	})
	if got := list(building); len(got) != 0 {
		t.Errorf("building alarms after the device was deleted = %q", got)
	}
}

// almEventually waits up to two seconds for cond.
func almEventually(t *testing.T, what string, cond func() bool) {
	t.Helper()
	for deadline := time.Now().Add(2 * time.Second); time.Now().Before(deadline); time.Sleep(5 * time.Millisecond) {
		if cond() {
			return
		}
	}
	t.Fatalf("timed out waiting: %s", what)
}

func TestAlarmFilters(t *testing.T) {
	clock := thingsboardtest.NewClock(time.Date(2030, 1, 1, 0, 0, 0, 0, time.UTC))
	srv := thingsboardtest.NewServer(t, thingsboardtest.WithClock(clock))
	c := arLogin(t, srv, thingsboardtest.TenantEmail, thingsboardtest.TenantPassword)
	ctx := context.Background()
	t1, t2 := arDevice(srv, "Thermostat T1"), arDevice(srv, "Thermostat T2")
	admin := srv.Demo().TenantAdminID

	a := almRaise(t, c, t1, "High Temperature", tb.SeverityMajor)
	clock.Advance(time.Hour)
	mid := clock.Millis()
	b := almRaise(t, c, t1, "Low Humidity", tb.SeverityMinor)
	clock.Advance(time.Hour)
	cc := almRaise(t, c, t2, "High Temperature", tb.SeverityCritical)
	clock.Advance(time.Hour)
	d := almRaise(t, c, t2, "Offline", tb.SeverityWarning)
	if _, err := c.Alarms.Ack(ctx, a.ID.ID); err != nil {
		t.Fatal(err)
	}
	if _, err := c.Alarms.Clear(ctx, b.ID.ID); err != nil {
		t.Fatal(err)
	}
	if _, err := c.Alarms.Ack(ctx, cc.ID.ID); err != nil {
		t.Fatal(err)
	}
	if _, err := c.Alarms.Clear(ctx, cc.ID.ID); err != nil {
		t.Fatal(err)
	}
	if _, err := c.Alarms.Assign(ctx, d.ID.ID, admin); err != nil {
		t.Fatal(err)
	}
	// a: ACTIVE_ACK MAJOR, b: CLEARED_UNACK MINOR, cc: CLEARED_ACK CRITICAL, d: ACTIVE_UNACK WARNING (assigned)
	ids := func(p *tb.Page[tb.AlarmInfo], err error) []string {
		t.Helper()
		if err != nil {
			t.Fatal(err)
		}
		var out []string
		for _, x := range p.Data {
			out = append(out, map[string]string{a.ID.ID: "a", b.ID.ID: "b", cc.ID.ID: "c", d.ID.ID: "d"}[x.ID.ID])
		}
		return out
	}
	pl := tb.NewTimePageLink(10, 0, 0)
	for _, tt := range []struct {
		name string
		got  []string
		want []string
	}{
		{"all", ids(c.Alarms.List(ctx, pl, nil)), []string{"a", "b", "c", "d"}},
		{"active", ids(c.Alarms.List(ctx, pl, &tb.AlarmListOptions{SearchStatus: tb.SearchStatusActive})), []string{"a", "d"}},
		{"cleared", ids(c.Alarms.List(ctx, pl, &tb.AlarmListOptions{SearchStatus: tb.SearchStatusCleared})), []string{"b", "c"}},
		{"ack", ids(c.Alarms.List(ctx, pl, &tb.AlarmListOptions{SearchStatus: tb.SearchStatusAck})), []string{"a", "c"}},
		{"unack", ids(c.Alarms.List(ctx, pl, &tb.AlarmListOptions{SearchStatus: tb.SearchStatusUnack})), []string{"b", "d"}},
		{"status", ids(c.Alarms.List(ctx, pl, &tb.AlarmListOptions{Status: tb.StatusClearedUnack})), []string{"b"}},
		{"assignee", ids(c.Alarms.List(ctx, pl, &tb.AlarmListOptions{AssigneeID: admin})), []string{"d"}},
		{"by entity", ids(c.Alarms.ListByEntity(ctx, t2, pl, nil)), []string{"c", "d"}},
		{"by entity unack", ids(c.Alarms.ListByEntity(ctx, t1, pl, &tb.AlarmListOptions{SearchStatus: tb.SearchStatusUnack})), []string{"b"}},
		{"time window", ids(c.Alarms.List(ctx, tb.NewTimePageLink(10, mid, mid+90*time.Minute.Milliseconds()), nil)), []string{"b", "c"}},
		{"text search", ids(c.Alarms.List(ctx, tb.TimePageLink{PageLink: tb.PageLink{PageSize: 10, TextSearch: "temp"}}, nil)), []string{"a", "c"}},
		{"search by status", ids(c.Alarms.List(ctx, tb.TimePageLink{PageLink: tb.PageLink{PageSize: 10, TextSearch: "cleared_u"}}, nil)), []string{"b"}},
		{"sorted desc", ids(c.Alarms.List(ctx, tb.TimePageLink{PageLink: tb.PageLink{PageSize: 10, SortProperty: "createdTime", SortOrder: tb.DESC}}, nil)), []string{"d", "c", "b", "a"}},
		{"sorted by severity (as text)", ids(c.Alarms.List(ctx, tb.TimePageLink{PageLink: tb.PageLink{PageSize: 10, SortProperty: "severity"}}, nil)), []string{"c", "a", "b", "d"}},
		{"page 2", ids(c.Alarms.List(ctx, tb.TimePageLink{PageLink: tb.PageLink{PageSize: 3, Page: 1}}, nil)), []string{"d"}},
		{"v2 active+unack", ids(c.Alarms.ListV2(ctx, pl, &tb.AlarmFilter{StatusList: []tb.AlarmSearchStatus{tb.SearchStatusActive, tb.SearchStatusUnack}})), []string{"d"}},
		{"v2 active+cleared", ids(c.Alarms.ListV2(ctx, pl, &tb.AlarmFilter{StatusList: []tb.AlarmSearchStatus{tb.SearchStatusActive, tb.SearchStatusCleared}})), []string{"a", "b", "c", "d"}},
		{"v2 any", ids(c.Alarms.ListV2(ctx, pl, &tb.AlarmFilter{StatusList: []tb.AlarmSearchStatus{tb.SearchStatusAny, tb.SearchStatusAck}})), []string{"a", "b", "c", "d"}},
		{"v2 severities", ids(c.Alarms.ListV2(ctx, pl, &tb.AlarmFilter{SeverityList: []tb.AlarmSeverity{tb.SeverityCritical, tb.SeverityWarning}})), []string{"c", "d"}},
		{"v2 types", ids(c.Alarms.ListV2(ctx, pl, &tb.AlarmFilter{TypeList: []string{"Offline", "Low Humidity"}})), []string{"b", "d"}},
		{"v2 by entity", ids(c.Alarms.ListByEntityV2(ctx, t1, pl, &tb.AlarmFilter{StatusList: []tb.AlarmSearchStatus{tb.SearchStatusAck}})), []string{"a"}},
	} {
		if !slices.Equal(tt.got, tt.want) {
			t.Errorf("%s = %q, want %q", tt.name, tt.got, tt.want)
		}
	}
	var all []string
	for x, err := range c.Alarms.ListAll(ctx, tb.NewTimePageLink(3, 0, 0), nil) {
		if err != nil {
			t.Fatal(err)
		}
		all = append(all, x.Type)
	}
	if len(all) != 4 {
		t.Errorf("ListAll = %q", all)
	}
	types, err := c.Alarms.Types(ctx, tb.PageLink{PageSize: 2, SortOrder: tb.DESC})
	if err != nil || len(types.Data) != 2 || types.Data[0].Type != "Offline" || types.Data[1].Type != "Low Humidity" ||
		types.TotalElements != 3 || types.Data[0].EntityType != tb.EntityTypeAlarm || types.Data[0].TenantID.ID != srv.Demo().TenantID {
		t.Errorf("types = %+v, %v", types, err)
	}
	var names []string
	for st, err := range c.Alarms.TypesAll(ctx, tb.PageLink{PageSize: 1, TextSearch: "HIGH"}) {
		if err != nil {
			t.Fatal(err)
		}
		names = append(names, st.Type)
	}
	if !slices.Equal(names, []string{"High Temperature"}) {
		t.Errorf("TypesAll(HIGH) = %q", names)
	}
	// One comma-separated value is split, as Spring binds String[] parameters.
	st, body := arRaw(t, srv.URL, c, "GET", "/api/v2/alarms?pageSize=10&page=0&typeList=Offline,Low%20Humidity", "")
	if st != 200 || !arContains(body, `"totalElements":2`) {
		t.Errorf("comma list: %d %s", st, body)
	}
}

// TestAlarmServerValidation sends requests that the client would refuse or that break
// the specification, to check the server's own answers.
func TestAlarmServerValidation(t *testing.T) {
	emu, base, c := arUnchecked(t)
	dev := tb.NewEntityID(tb.EntityTypeDevice, emu.Demo().DeviceID("Test Device A1"))
	for _, tt := range []struct {
		method, path, body string
		status             int
		msg                string
	}{
		{"POST", "/api/alarm", `{"originator":` + arJSONID(dev) + `,"type":"X"}`, 400, "Validation error: severity must not be null"},
		{"POST", "/api/alarm", `{"originator":` + arJSONID(dev) + `,"severity":"MAJOR"}`, 400, "Validation error: type must not be null"},
		{"POST", "/api/alarm", `{"type":"X","severity":"MAJOR"}`, 404, "Requested item wasn't found!"},
		{"POST", "/api/alarm", `{"originator":` + arJSONID(dev) + `,"type":"X","severity":"HUGE"}`, 400, "HUGE"},
		{"GET", "/api/alarms?pageSize=10&page=0&sortProperty=nope", "", 400, "Invalid sort property"},
		{"GET", "/api/alarms?pageSize=10&page=0&searchStatus=ACTIVE&status=ACTIVE_ACK", "", 400,
			"Invalid alarms search query: Both parameters 'searchStatus' and 'status' can't be specified at the same time!"},
		{"GET", "/api/alarms?pageSize=10&page=0&searchStatus=NOPE", "", 400, "No enum constant org.thingsboard.server.common.data.alarm.AlarmSearchStatus.NOPE"},
		{"GET", "/api/v2/alarms?pageSize=10&page=0&severityList=LOUD", "", 400, "No enum constant org.thingsboard.server.common.data.alarm.AlarmSeverity.LOUD"},
		{"GET", "/api/alarms?page=0", "", 400, "Required request parameter 'pageSize' for method parameter type int is not present"},
		{"GET", "/api/alarm/" + dev.ID, "", 404, "Alarm with id [" + dev.ID + "] is not found"},
		{"POST", "/api/alarm/" + dev.ID + "/comment", `{"comment":null}`, 404, "Alarm with id [" + dev.ID + "] is not found"},
	} {
		st, b := arRaw(t, base, c, tt.method, tt.path, tt.body)
		if st != tt.status || !arContains(b, tt.msg) {
			t.Errorf("%s %s %s: %d %s, want %d %q", tt.method, tt.path, tt.body, st, b, tt.status, tt.msg)
		}
	}
	a, err := c.Alarms.Save(context.Background(), &tb.Alarm{Originator: dev, Type: "X", Severity: tb.SeverityMinor})
	if err != nil {
		t.Fatal(err)
	}
	if st, b := arRaw(t, base, c, "POST", "/api/alarm/"+a.ID.ID+"/comment", `{"comment":null}`); st != 400 ||
		!arContains(b, "Alarm comment should be specified!") {
		t.Errorf("null comment: %d %s", st, b)
	}
}

func TestAlarmCustomerAccess(t *testing.T) {
	srv := thingsboardtest.NewServer(t)
	tenant := arLogin(t, srv, thingsboardtest.TenantEmail, thingsboardtest.TenantPassword)
	custA := arLogin(t, srv, thingsboardtest.CustomerEmail, thingsboardtest.CustomerPassword)
	ctx := context.Background()
	a1, b1 := arDevice(srv, "Test Device A1"), arDevice(srv, "Test Device B1")
	dht := arDevice(srv, "DHT11 Demo Device")
	custAID := srv.Demo().CustomerID("Customer A")

	alarmA := almRaise(t, tenant, a1, "Leak", tb.SeverityMajor)
	alarmB := almRaise(t, tenant, b1, "Leak", tb.SeverityMajor)
	alarmT := almRaise(t, tenant, dht, "Leak", tb.SeverityMajor)

	if _, err := custA.Alarms.Get(ctx, alarmA.ID.ID); err != nil {
		t.Fatalf("own alarm: %v", err)
	}
	for _, id := range []string{alarmB.ID.ID, alarmT.ID.ID} {
		_, err := custA.Alarms.Get(ctx, id)
		arWantAPIError(t, err, 403, tb.CodePermissionDenied, "You don't have permission to perform this operation!")
		_, err = custA.Alarms.Ack(ctx, id)
		arWantAPIError(t, err, 403, tb.CodePermissionDenied, "")
	}
	_, err := custA.Alarms.ListByEntity(ctx, b1, tb.NewTimePageLink(10, 0, 0), nil)
	arWantAPIError(t, err, 403, tb.CodePermissionDenied, "")
	all, err := custA.Alarms.List(ctx, tb.NewTimePageLink(10, 0, 0), nil)
	if err != nil || len(all.Data) != 1 || all.Data[0].ID != alarmA.ID {
		t.Errorf("customer alarms = %+v, %v", all, err)
	}
	v2, err := custA.Alarms.ListV2(ctx, tb.NewTimePageLink(10, 0, 0), nil)
	if err != nil || len(v2.Data) != 1 {
		t.Errorf("customer v2 alarms = %+v, %v", v2, err)
	}
	if all, _ := tenant.Alarms.List(ctx, tb.NewTimePageLink(10, 0, 0), nil); len(all.Data) != 3 {
		t.Errorf("tenant alarms = %d", len(all.Data))
	}

	// A customer user raises alarms on its devices, naming its customer.
	_, err = custA.Alarms.Save(ctx, &tb.Alarm{Originator: a1, Type: "Door", Severity: tb.SeverityMinor})
	arWantAPIError(t, err, 403, tb.CodePermissionDenied, "")
	own, err := custA.Alarms.Save(ctx, &tb.Alarm{Originator: a1, Type: "Door", Severity: tb.SeverityMinor,
		CustomerID: tb.NewEntityID(tb.EntityTypeCustomer, custAID)})
	if err != nil || own.CustomerID.ID != custAID {
		t.Fatalf("customer save = %+v, %v", own, err)
	}
	acked, err := custA.Alarms.Ack(ctx, own.ID.ID)
	if err != nil || acked.Status != tb.StatusActiveAck {
		t.Fatalf("customer ack = %+v, %v", acked, err)
	}
	cm, _ := custA.Alarms.ListComments(ctx, own.ID.ID, tb.NewPageLink(10))
	if len(cm.Data) != 1 || cm.Data[0].Comment.Text != "Alarm was acknowledged by user customer@thingsboard.org" {
		t.Errorf("customer ack comment = %+v", cm.Data)
	}
	// A customer user may not edit another user's comment.
	tc, err := tenant.Alarms.SaveComment(ctx, own.ID.ID, tb.NewAlarmComment("from the tenant"))
	if err != nil {
		t.Fatal(err)
	}
	_, err = custA.Alarms.SaveComment(ctx, own.ID.ID, &tb.AlarmComment{ID: tc.ID, Comment: tb.AlarmCommentBody{Text: "mine"}})
	arWantAPIError(t, err, 403, tb.CodePermissionDenied, "User is not allowed to edit other user's comment")
	err = custA.Alarms.DeleteComment(ctx, own.ID.ID, tc.ID.ID)
	arWantAPIError(t, err, 403, tb.CodePermissionDenied, "User is not allowed to delete other user's comment")
	types, err := custA.Alarms.Types(ctx, tb.NewPageLink(10))
	if err != nil || len(types.Data) != 2 {
		t.Errorf("customer types = %+v, %v", types, err)
	}
	if ok, err := custA.Alarms.Delete(ctx, own.ID.ID); err != nil || !ok {
		t.Errorf("customer delete = %v, %v", ok, err)
	}
}

// TestAlarmHighestSeverityNone checks that the server answers an empty body when the
// entity has no alarm.
func TestAlarmHighestSeverityNone(t *testing.T) {
	srv := thingsboardtest.NewServer(t)
	c := arLogin(t, srv, thingsboardtest.TenantEmail, thingsboardtest.TenantPassword)
	dev := tb.NewEntityID(tb.EntityTypeDevice, srv.Demo().DeviceID("Test Device A1"))
	sev, err := c.Alarms.HighestSeverity(context.Background(), dev, nil)
	if err != nil || sev != "" {
		t.Errorf("highest severity without alarms = %q, %v", sev, err)
	}
}

// TestAlarmsInEntityQuery checks that the alarm records work with the alarm data
// query: the alarms of an asset include those propagated to it when asked.
func TestAlarmsInEntityQuery(t *testing.T) {
	srv := thingsboardtest.NewServer(t)
	c := arLogin(t, srv, thingsboardtest.TenantEmail, thingsboardtest.TenantPassword)
	ctx := context.Background()
	building := arAsset(t, c, "Building", tb.NullUUID)
	dev := arDevice(srv, "Thermostat T2")
	if err := c.Relations.Save(ctx, &tb.EntityRelation{From: building, To: dev, Type: tb.RelationContains}); err != nil {
		t.Fatal(err)
	}
	smoke := almRaise(t, c, dev, "Smoke", tb.SeverityCritical, func(a *tb.Alarm) { a.Propagate = true })
	almRaise(t, c, dev, "Battery", tb.SeverityWarning)
	query := func(e tb.EntityID, propagated bool) []string {
		t.Helper()
		q := tb.AlarmDataQuery{
			EntityFilter: tb.SingleEntityFilter{SingleEntity: tb.AliasEntityID(e)},
			PageLink: tb.AlarmDataPageLink{EntityDataPageLink: tb.EntityDataPageLink{PageSize: 10},
				SearchPropagatedAlarms: propagated},
		}
		page, err := c.EntityQuery.FindAlarmData(ctx, q)
		if err != nil {
			t.Fatal(err)
		}
		var types []string
		for _, a := range page.Data {
			types = append(types, a.Type)
			if a.Type == "Smoke" && (a.ID != smoke.ID || a.OriginatorName != "Thermostat T2" || a.Status != tb.StatusActiveUnack) {
				t.Errorf("alarm data = %+v", a)
			}
		}
		slices.Sort(types)
		return types
	}
	if got := query(dev, false); !slices.Equal(got, []string{"Battery", "Smoke"}) {
		t.Errorf("device alarms = %q", got)
	}
	if got := query(building, true); !slices.Equal(got, []string{"Smoke"}) {
		t.Errorf("building alarms with propagation = %q", got)
	}
	if got := query(building, false); len(got) != 0 {
		t.Errorf("building alarms without propagation = %q", got)
	}
}
