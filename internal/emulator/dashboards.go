package emulator

import (
	"cmp"
	"encoding/json"
	"net/http"
	"slices"
	"strings"

	tb "github.com/tbgo/thingsboard"
)

// Dashboards: DashboardController. A dashboard's assignment to a customer is kept as
// the server keeps it: in the dashboard's assignedCustomers (what permission checks
// read) and as a "Contains" relation of group DASHBOARD from the customer (what the
// customer's dashboard list reads).

const (
	// maxDatapointsLimit is the server's default ui.dashboard.max_datapoints_limit.
	maxDatapointsLimit = 50000
	// assignRelation and assignGroup are the relation from a customer to a dashboard
	// assigned to it.
	assignRelation = "Contains"
	assignGroup    = "DASHBOARD"
)

var dashboardSorts = []string{"createdTime", "title"}

func init() {
	RegisterModel(tb.EntityTypeDashboard, modelConverter[tb.Dashboard](dashboardKeys))
	Register(func(s *Server) {
		both := []tb.Authority{TenantAdmin, CustomerUser}
		s.Handle("GET /api/dashboard/serverTime", Authed(s.serverTime))
		s.Handle("GET /api/dashboard/maxDatapointsLimit", Authed(s.maxDatapoints))
		s.Handle("GET /api/dashboard/info/{dashboardId}", Authed(s.getDashboardInfo))
		s.Handle("GET /api/dashboard/{dashboardId}", Authed(s.getDashboard, both...))
		s.Handle("POST /api/dashboard", Authed(s.saveDashboard, TenantAdmin))
		s.Handle("DELETE /api/dashboard/{dashboardId}", Authed(s.deleteDashboard, TenantAdmin))
		s.Handle("GET /api/tenant/dashboards", Authed(s.tenantDashboards, TenantAdmin))
		s.Handle("GET /api/tenant/{tenantId}/dashboards", Authed(s.tenantDashboardsByID, SysAdmin))
		s.Handle("GET /api/customer/{customerId}/dashboards", Authed(s.customerDashboards, both...))
		s.Handle("GET /api/dashboards/list", Authed(s.dashboardsByIDs, both...))
		s.Handle("GET /api/dashboards", Authed(s.dashboardsByIDs, both...))
		s.Handle("POST /api/customer/{customerId}/dashboard/{dashboardId}", Authed(s.assignDashboard, TenantAdmin))
		s.Handle("DELETE /api/customer/{customerId}/dashboard/{dashboardId}", Authed(s.unassignDashboard, TenantAdmin))
		s.Handle("POST /api/customer/public/dashboard/{dashboardId}", Authed(s.assignDashboardToPublic, TenantAdmin))
		s.Handle("DELETE /api/customer/public/dashboard/{dashboardId}", Authed(s.unassignDashboardFromPublic, TenantAdmin))
		s.Handle("POST /api/dashboard/{dashboardId}/customers", Authed(s.updateDashboardCustomers, TenantAdmin))
		s.Handle("POST /api/dashboard/{dashboardId}/customers/add", Authed(s.addDashboardCustomers, TenantAdmin))
		s.Handle("POST /api/dashboard/{dashboardId}/customers/remove", Authed(s.removeDashboardCustomers, TenantAdmin))
		s.Handle("GET /api/dashboard/home", Authed(s.homeDashboard))
		s.Handle("GET /api/dashboard/home/info", Authed(s.homeDashboardInfo))
		s.Handle("GET /api/tenant/dashboard/home/info", Authed(s.tenantHomeDashboardInfo, TenantAdmin))
		s.Handle("POST /api/tenant/dashboard/home/info", Authed(s.setTenantHomeDashboardInfo, TenantAdmin))
		// Professional Edition.
		s.Handle("GET /api/user/dashboards", Authed(s.userDashboards, both...))
		s.Handle("GET /api/customer/dashboard/home/info", Authed(s.customerHomeDashboardInfo, CustomerUser))
		s.Handle("POST /api/customer/dashboard/home/info", Authed(s.setCustomerHomeDashboardInfo, CustomerUser))
	})
}

func (s *Server) serverTime(w http.ResponseWriter, _ *http.Request, _ *Principal) error {
	return WriteJSON(w, s.Now())
}

func (s *Server) maxDatapoints(w http.ResponseWriter, _ *http.Request, _ *Principal) error {
	return WriteJSON(w, maxDatapointsLimit)
}

// dashboardOf returns a copy of the dashboard stored in rec.
func dashboardOf(rec Record) (*tb.Dashboard, error) {
	d, err := cloneModel[tb.Dashboard](rec.Value)
	if err != nil {
		return nil, err
	}
	d.AssignedCustomers = slices.Clone(d.AssignedCustomers)
	return d, nil
}

// readableDashboard loads a dashboard the caller may read: 404 when it does not
// exist; 403 when it is another tenant's or, for a customer user, not assigned to its
// customer. The system administrator may read every dashboard.
func readableDashboard(tx *Tx, p *Principal, id string) (Record, error) {
	rec, ok := tx.GetTyped(tb.NewEntityID(tb.EntityTypeDashboard, id))
	if !ok {
		return Record{}, NotFound("Dashboard", id)
	}
	switch {
	case p.IsSysAdmin():
		return rec, nil
	case isPE(tx) && (p.IsTenantAdmin() || Authorize(tx, p, rec, tb.OperationRead) == nil):
		// The permission model; a dashboard assigned to the customer stays readable too.
		return rec, nil
	case rec.TenantID != p.TenantID:
		return Record{}, PermissionDenied()
	case p.IsCustomerUser():
		d, err := dashboardOf(rec)
		if err != nil {
			return Record{}, err
		}
		if !d.IsAssignedTo(p.CustomerID) {
			return Record{}, PermissionDenied()
		}
	}
	return rec, nil
}

// tenantDashboard loads a dashboard of the caller's tenant for a change.
func tenantDashboard(tx *Tx, p *Principal, id string) (Record, *tb.Dashboard, error) {
	rec, ok := tx.GetTyped(tb.NewEntityID(tb.EntityTypeDashboard, id))
	if !ok {
		return Record{}, nil, NotFound("Dashboard", id)
	}
	if isPE(tx) {
		if err := Authorize(tx, p, rec, tb.OperationWrite); err != nil {
			return Record{}, nil, err
		}
	} else if rec.TenantID != p.TenantID || !p.IsTenantAdmin() {
		return Record{}, nil, PermissionDenied()
	}
	d, err := dashboardOf(rec)
	return rec, d, err
}

// dashboardInfoOf returns the dashboard without its configuration.
func (s *Server) dashboardInfoOf(rec Record) (tb.DashboardInfo, error) {
	d, err := dashboardOf(rec)
	if err != nil {
		return tb.DashboardInfo{}, err
	}
	return d.DashboardInfo, nil
}

func (s *Server) getDashboardInfo(w http.ResponseWriter, r *http.Request, p *Principal) error {
	id, err := PathUUID(r, "dashboardId")
	if err != nil {
		return err
	}
	var rec Record
	s.store.Read(func(tx *Tx) { rec, err = readableDashboard(tx, p, id) })
	if err != nil {
		return err
	}
	info, err := s.dashboardInfoOf(rec)
	if err != nil {
		return err
	}
	return WriteJSON(w, shaped(&info, dashboardInfoKeys))
}

func (s *Server) getDashboard(w http.ResponseWriter, r *http.Request, p *Principal) error {
	id, err := PathUUID(r, "dashboardId")
	if err != nil {
		return err
	}
	var rec Record
	s.store.Read(func(tx *Tx) { rec, err = readableDashboard(tx, p, id) })
	if err != nil {
		return err
	}
	d, err := dashboardOf(rec)
	if err != nil {
		return err
	}
	if strings.EqualFold(r.URL.Query().Get("includeResources"), "true") {
		// The emulator keeps no images or other resources to export with a dashboard.
		d.Resources = []json.RawMessage{}
	}
	return WriteJSON(w, shaped(d, dashboardKeys))
}

// putDashboard stores d (old is the stored record on update, zero on create) and
// returns the stored record.
func (s *Server) putDashboard(tx *Tx, d *tb.Dashboard, old Record) Record {
	rec := tx.Stamp(Record{ID: tb.NewEntityID(tb.EntityTypeDashboard, old.ID.ID), TenantID: d.TenantID.ID,
		CustomerID: tb.NullUUID, OwnerID: tb.NewEntityID(tb.EntityTypeTenant, d.TenantID.ID)})
	d.ID, d.CreatedTime, d.Version, d.Name = rec.ID, rec.CreatedTime, rec.Version, d.Title
	d.TenantID.EntityType = tb.EntityTypeTenant
	d.Resources = nil
	if s.cfg.edition == CE {
		d.CustomerID, d.OwnerID, d.OwnerName, d.Groups = tb.EntityID{}, tb.EntityID{}, "", nil
	} else {
		d.CustomerID, d.OwnerID = tb.NewEntityID(tb.EntityTypeCustomer, tb.NullUUID), rec.OwnerID
	}
	rec.Fields = map[string]string{"title": d.Title, "name": d.Title}
	rec.Value = shaped(d, dashboardKeys)
	return tx.Put(rec)
}

func (s *Server) saveDashboard(w http.ResponseWriter, r *http.Request, p *Principal) error {
	var in tb.Dashboard
	if err := DecodeJSON(r, &in); err != nil {
		return err
	}
	in.TenantID = p.TenantEntityID()
	var out Record
	err := s.store.Write(func(tx *Tx) error {
		old, err := savedEntity(in.ID.ID, in.Version, "Dashboard", func(id string) (Record, error) {
			rec, _, err := tenantDashboard(tx, p, id)
			return rec, err
		})
		if err != nil {
			return err
		}
		if strings.TrimSpace(in.Title) == "" {
			return BadRequest("Dashboard title should be specified!")
		}
		d := in
		out = s.putDashboard(tx, &d, old)
		return nil
	})
	return writeResult(w, out.Value, err)
}

func (s *Server) deleteDashboard(w http.ResponseWriter, r *http.Request, p *Principal) error {
	id, err := PathUUID(r, "dashboardId")
	if err != nil {
		return err
	}
	err = s.store.Write(func(tx *Tx) error {
		if _, _, err := tenantDashboard(tx, p, id); err != nil {
			return err
		}
		tx.Delete(id)
		return nil
	})
	return writeOK(w, err)
}

// writeDashboardPage searches, sorts and pages dashboard records and writes their
// infos. With mobile, dashboards hidden on mobile are left out and the rest are
// ordered by their mobile order first.
func (s *Server) writeDashboardPage(w http.ResponseWriter, r *http.Request, list func(tx *Tx) ([]Record, error)) error {
	pl, err := ParsePageLink(r)
	if err != nil {
		return err
	}
	if err := pl.CheckSort(dashboardSorts...); err != nil {
		return err
	}
	mobile := strings.EqualFold(r.URL.Query().Get("mobile"), "true")
	var recs []Record
	s.store.Read(func(tx *Tx) { recs, err = list(tx) })
	if err != nil {
		return err
	}
	recs = slices.Clone(SearchRecords(recs, pl, "title"))
	infos := make(map[string]tb.DashboardInfo, len(recs))
	for _, rec := range recs {
		info, err := s.dashboardInfoOf(rec)
		if err != nil {
			return err
		}
		infos[rec.ID.ID] = info
	}
	if mobile {
		recs = slices.DeleteFunc(recs, func(rec Record) bool { return infos[rec.ID.ID].MobileHide })
	}
	SortRecords(recs, pl)
	if mobile {
		// ORDER BY mobileOrder ASC (nulls last), then the requested order.
		slices.SortStableFunc(recs, func(a, b Record) int {
			x, y := infos[a.ID.ID].MobileOrder, infos[b.ID.ID].MobileOrder
			switch {
			case x == nil && y == nil:
				return 0
			case x == nil:
				return 1
			case y == nil:
				return -1
			}
			return cmp.Compare(*x, *y)
		})
	}
	page := Paginate(recs, pl)
	out := tb.Page[*modelValue[tb.DashboardInfo]]{Data: make([]*modelValue[tb.DashboardInfo], len(page.Data)),
		TotalPages: page.TotalPages, TotalElements: page.TotalElements, HasNext: page.HasNext}
	for i, rec := range page.Data {
		info := infos[rec.ID.ID]
		out.Data[i] = shaped(&info, dashboardInfoKeys)
	}
	return WriteJSON(w, out)
}

func (s *Server) tenantDashboards(w http.ResponseWriter, r *http.Request, p *Principal) error {
	return s.writeDashboardPage(w, r, func(tx *Tx) ([]Record, error) {
		return tx.ListByTenant(tb.EntityTypeDashboard, p.TenantID), nil
	})
}

func (s *Server) tenantDashboardsByID(w http.ResponseWriter, r *http.Request, _ *Principal) error {
	tenant, err := PathUUID(r, "tenantId")
	if err != nil {
		return err
	}
	return s.writeDashboardPage(w, r, func(tx *Tx) ([]Record, error) {
		if _, ok := tx.GetTyped(tb.NewEntityID(tb.EntityTypeTenant, tenant)); !ok {
			return nil, NotFound("Tenant", tenant)
		}
		return tx.ListByTenant(tb.EntityTypeDashboard, tenant), nil
	})
}

// assignedDashboards returns the dashboards assigned to a customer, in creation order.
func assignedDashboards(tx *Tx, tenantID, customerID string) []Record {
	ids := map[string]bool{}
	for _, rel := range tx.RelationsFrom(tb.NewEntityID(tb.EntityTypeCustomer, customerID), assignRelation, assignGroup) {
		if rel.To.EntityType == tb.EntityTypeDashboard {
			ids[rel.To.ID] = true
		}
	}
	return tx.List(tb.EntityTypeDashboard, func(rec Record) bool { return rec.TenantID == tenantID && ids[rec.ID.ID] })
}

func (s *Server) customerDashboards(w http.ResponseWriter, r *http.Request, p *Principal) error {
	customer, err := PathUUID(r, "customerId")
	if err != nil {
		return err
	}
	return s.writeDashboardPage(w, r, func(tx *Tx) ([]Record, error) {
		if _, err := readableCustomer(tx, p, customer); err != nil {
			return nil, err
		}
		return assignedDashboards(tx, p.TenantID, customer), nil
	})
}

// userDashboards lists the dashboards available to the caller (Professional
// Edition): every dashboard of the tenant for a tenant administrator, the dashboards
// assigned to its customer for a customer user.
func (s *Server) userDashboards(w http.ResponseWriter, r *http.Request, p *Principal) error {
	if op := r.URL.Query().Get("operation"); op != "" && !slices.Contains([]string{"ALL", "CREATE", "READ", "WRITE", "DELETE",
		"RPC_CALL", "READ_CREDENTIALS", "WRITE_CREDENTIALS", "READ_ATTRIBUTES", "WRITE_ATTRIBUTES", "READ_TELEMETRY",
		"WRITE_TELEMETRY", "ADD_TO_GROUP", "REMOVE_FROM_GROUP", "CHANGE_OWNER", "IMPERSONATE", "CLAIM_DEVICES",
		"SHARE_GROUP", "ASSIGN_TO_TENANT", "READ_CALCULATED_FIELD", "WRITE_CALCULATED_FIELD"}, op) {
		return typeMismatch("operation", op, "Operation")
	}
	return s.writeDashboardPage(w, r, func(tx *Tx) ([]Record, error) {
		if isPE(tx) {
			op := tb.Operation(r.URL.Query().Get("operation"))
			if op == "" {
				op = tb.OperationRead
			}
			allowed := Allowed(tx, p, op)
			assigned := map[string]bool{}
			if p.IsCustomerUser() && op == tb.OperationRead {
				for _, rec := range assignedDashboards(tx, p.TenantID, p.CustomerID) {
					assigned[rec.ID.ID] = true
				}
			}
			return slices.DeleteFunc(tx.ListByTenant(tb.EntityTypeDashboard, p.TenantID), func(rec Record) bool {
				return !allowed(rec) && !assigned[rec.ID.ID]
			}), nil
		}
		if p.IsTenantAdmin() {
			return tx.ListByTenant(tb.EntityTypeDashboard, p.TenantID), nil
		}
		return assignedDashboards(tx, p.TenantID, p.CustomerID), nil
	})
}

func (s *Server) dashboardsByIDs(w http.ResponseWriter, r *http.Request, p *Principal) error {
	ids, err := uuidListParam(r, "dashboardIds")
	if err != nil {
		return err
	}
	out := []*modelValue[tb.DashboardInfo]{}
	var recs []Record
	s.store.Read(func(tx *Tx) {
		for _, id := range ids {
			if rec, err := readableDashboard(tx, p, id); err == nil {
				recs = append(recs, rec)
			}
		}
	})
	for _, rec := range recs {
		info, err := s.dashboardInfoOf(rec)
		if err != nil {
			return err
		}
		out = append(out, shaped(&info, dashboardInfoKeys))
	}
	return WriteJSON(w, out)
}

// assignDashboardTo assigns the dashboard to the customer unless it already is, and
// returns the dashboard as stored.
func (s *Server) assignDashboardTo(tx *Tx, rec Record, d *tb.Dashboard, customer Record) Record {
	if d.IsAssignedTo(customer.ID.ID) {
		return rec
	}
	d.AssignedCustomers = append(d.AssignedCustomers, tb.ShortCustomerInfo{CustomerID: customer.ID,
		Title: customer.Fields["title"], Public: isPublicCustomer(customer)})
	tx.SaveRelation(Relation{From: customer.ID, To: rec.ID, Type: assignRelation, TypeGroup: assignGroup})
	return s.putDashboard(tx, d, rec)
}

// unassignDashboardFrom removes the dashboard's assignment to the customer, if any, and
// returns the dashboard as stored.
func (s *Server) unassignDashboardFrom(tx *Tx, rec Record, d *tb.Dashboard, customerID string) Record {
	if !d.IsAssignedTo(customerID) {
		return rec
	}
	d.AssignedCustomers = slices.DeleteFunc(d.AssignedCustomers, func(c tb.ShortCustomerInfo) bool { return c.CustomerID.ID == customerID })
	tx.DeleteRelation(tb.NewEntityID(tb.EntityTypeCustomer, customerID), rec.ID, assignRelation, assignGroup)
	return s.putDashboard(tx, d, rec)
}

// changeDashboard runs change on the dashboard named by the request's {dashboardId}
// in a write transaction and writes the resulting dashboard.
func (s *Server) changeDashboard(w http.ResponseWriter, r *http.Request, p *Principal,
	change func(tx *Tx, rec Record, d *tb.Dashboard) (Record, error)) error {
	id, err := PathUUID(r, "dashboardId")
	if err != nil {
		return err
	}
	var out Record
	err = s.store.Write(func(tx *Tx) error {
		rec, d, err := tenantDashboard(tx, p, id)
		if err != nil {
			return err
		}
		out, err = change(tx, rec, d)
		return err
	})
	return writeResult(w, out.Value, err)
}

func (s *Server) assignDashboard(w http.ResponseWriter, r *http.Request, p *Principal) error {
	return s.changeCustomerDashboard(w, r, p, func(tx *Tx, rec Record, d *tb.Dashboard, c Record) Record {
		return s.assignDashboardTo(tx, rec, d, c)
	})
}

func (s *Server) unassignDashboard(w http.ResponseWriter, r *http.Request, p *Principal) error {
	return s.changeCustomerDashboard(w, r, p, func(tx *Tx, rec Record, d *tb.Dashboard, c Record) Record {
		return s.unassignDashboardFrom(tx, rec, d, c.ID.ID)
	})
}

// changeCustomerDashboard is changeDashboard with the readable customer of the
// customerId path segment.
func (s *Server) changeCustomerDashboard(w http.ResponseWriter, r *http.Request, p *Principal, fn func(tx *Tx, rec Record, d *tb.Dashboard, c Record) Record) error {
	customer, err := PathUUID(r, "customerId")
	if err != nil {
		return err
	}
	if _, err := PathUUID(r, "dashboardId"); err != nil {
		return err
	}
	var c Record
	s.store.Read(func(tx *Tx) { c, err = readableCustomer(tx, p, customer) })
	if err != nil {
		return err
	}
	return s.changeDashboard(w, r, p, func(tx *Tx, rec Record, d *tb.Dashboard) (Record, error) {
		return fn(tx, rec, d, c), nil
	})
}

func (s *Server) assignDashboardToPublic(w http.ResponseWriter, r *http.Request, p *Principal) error {
	return s.changePublicDashboard(w, r, p, func(tx *Tx, rec Record, d *tb.Dashboard, pub Record) Record {
		return s.assignDashboardTo(tx, rec, d, pub)
	})
}

func (s *Server) unassignDashboardFromPublic(w http.ResponseWriter, r *http.Request, p *Principal) error {
	return s.changePublicDashboard(w, r, p, func(tx *Tx, rec Record, d *tb.Dashboard, pub Record) Record {
		return s.unassignDashboardFrom(tx, rec, d, pub.ID.ID)
	})
}

// changePublicDashboard is changeDashboard with the tenant's public customer.
func (s *Server) changePublicDashboard(w http.ResponseWriter, r *http.Request, p *Principal, fn func(tx *Tx, rec Record, d *tb.Dashboard, pub Record) Record) error {
	return s.changeDashboard(w, r, p, func(tx *Tx, rec Record, d *tb.Dashboard) (Record, error) {
		pub, err := s.PublicCustomer(tx, p.TenantID)
		if err != nil {
			return Record{}, err
		}
		return fn(tx, rec, d, pub), nil
	})
}

// customerIDsBody reads a JSON array of customer UUIDs; required says whether a
// missing body is an error.
func customerIDsBody(r *http.Request, required bool) ([]string, error) {
	var raw []string
	if err := DecodeJSON(r, &raw); err != nil {
		if e, ok := err.(*Error); ok && !required && e.Message == "Required request body is missing" {
			return nil, nil
		}
		return nil, err
	}
	ids := make([]string, 0, len(raw))
	for _, v := range raw {
		id, err := ParseUUID(v)
		if err != nil {
			return nil, err
		}
		if !slices.Contains(ids, id) {
			ids = append(ids, id)
		}
	}
	return ids, nil
}

// customersOf loads the customers a dashboard is assigned to or unassigned from.
func customersOf(tx *Tx, p *Principal, ids []string) ([]Record, error) {
	out := make([]Record, 0, len(ids))
	for _, id := range ids {
		c, ok := tx.GetTyped(tb.NewEntityID(tb.EntityTypeCustomer, id))
		if !ok {
			return nil, BadRequest("Can't assign dashboard to non-existent customer!")
		}
		if c.TenantID != p.TenantID {
			return nil, BadRequest("Can't assign dashboard to customer from different tenant!")
		}
		out = append(out, c)
	}
	return out, nil
}

// assignDashboardToAll assigns a dashboard to the customers with ids.
func (s *Server) assignDashboardToAll(tx *Tx, p *Principal, rec Record, d *tb.Dashboard, ids []string) (Record, error) {
	customers, err := customersOf(tx, p, ids)
	if err != nil {
		return Record{}, err
	}
	for _, c := range customers {
		rec = s.assignDashboardTo(tx, rec, d, c)
	}
	return rec, nil
}

func (s *Server) updateDashboardCustomers(w http.ResponseWriter, r *http.Request, p *Principal) error {
	ids, err := customerIDsBody(r, false)
	if err != nil {
		return err
	}
	return s.changeDashboard(w, r, p, func(tx *Tx, rec Record, d *tb.Dashboard) (Record, error) {
		rec, err := s.assignDashboardToAll(tx, p, rec, d, ids)
		if err != nil {
			return Record{}, err
		}
		for _, a := range slices.Clone(d.AssignedCustomers) {
			if !slices.Contains(ids, a.CustomerID.ID) {
				rec = s.unassignDashboardFrom(tx, rec, d, a.CustomerID.ID)
			}
		}
		return rec, nil
	})
}

func (s *Server) addDashboardCustomers(w http.ResponseWriter, r *http.Request, p *Principal) error {
	ids, err := customerIDsBody(r, true)
	if err != nil {
		return err
	}
	return s.changeDashboard(w, r, p, func(tx *Tx, rec Record, d *tb.Dashboard) (Record, error) {
		return s.assignDashboardToAll(tx, p, rec, d, ids)
	})
}

func (s *Server) removeDashboardCustomers(w http.ResponseWriter, r *http.Request, p *Principal) error {
	ids, err := customerIDsBody(r, true)
	if err != nil {
		return err
	}
	return s.changeDashboard(w, r, p, func(tx *Tx, rec Record, d *tb.Dashboard) (Record, error) {
		for _, id := range ids {
			rec = s.unassignDashboardFrom(tx, rec, d, id)
		}
		return rec, nil
	})
}

// unassignCustomerDashboards removes every assignment to a deleted customer.
func (s *Server) unassignCustomerDashboards(tx *Tx, customer Record) {
	for _, rec := range assignedDashboards(tx, customer.TenantID, customer.ID.ID) {
		if d, err := dashboardOf(rec); err == nil {
			s.unassignDashboardFrom(tx, rec, d, customer.ID.ID)
		}
	}
}

// refreshAssignedCustomer updates the title and public flag of a saved customer in
// the dashboards assigned to it.
func (s *Server) refreshAssignedCustomer(tx *Tx, customer Record) {
	for _, rec := range assignedDashboards(tx, customer.TenantID, customer.ID.ID) {
		d, err := dashboardOf(rec)
		if err != nil {
			continue
		}
		changed := false
		for i, a := range d.AssignedCustomers {
			if a.CustomerID.ID == customer.ID.ID && a.Title != customer.Fields["title"] {
				d.AssignedCustomers[i].Title, changed = customer.Fields["title"], true
			}
		}
		if changed {
			s.putDashboard(tx, d, rec)
		}
	}
}

// additionalInfoOf returns the additionalInfo object of a stored model value.
func additionalInfoOf(v any) map[string]any {
	var holder struct {
		AdditionalInfo map[string]any `json:"additionalInfo"`
	}
	_ = remarshal(v, &holder)
	return holder.AdditionalInfo
}

// homeFromInfo reads homeDashboardId and homeDashboardHideToolbar (true when absent).
func homeFromInfo(info map[string]any) (id string, hide bool, ok bool) {
	id, _ = info["homeDashboardId"].(string)
	if id == "" || !IsUUID(id) {
		return "", false, false
	}
	hide = true
	if h, set := info["homeDashboardHideToolbar"].(bool); set {
		hide = h
	}
	return strings.ToLower(id), hide, true
}

// homeOf finds the caller's home dashboard: set on the user, else on its customer,
// else on its tenant. A dashboard the caller may not read is skipped.
func homeOf(tx *Tx, p *Principal) (rec Record, hide bool, ok bool) {
	var levels []any
	if u, found := tx.Get(p.UserID); found {
		levels = append(levels, u.Value)
	}
	if p.IsCustomerUser() {
		if c, found := tx.Get(p.CustomerID); found {
			levels = append(levels, c.Value)
		}
	}
	if t, found := tx.Get(p.TenantID); found {
		levels = append(levels, t.Value)
	}
	for _, v := range levels {
		id, h, set := homeFromInfo(additionalInfoOf(v))
		if !set {
			continue
		}
		if d, err := readableDashboard(tx, p, id); err == nil {
			return d, h, true
		}
	}
	return Record{}, false, false
}

// writeNull answers 200 with an empty JSON body: a handler that returned null.
func writeNull(w http.ResponseWriter) {
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(http.StatusOK)
}

// withHome calls fn with the caller's home dashboard and its hideDashboardToolbar
// flag; it answers null when there is none (always for a system administrator).
func (s *Server) withHome(w http.ResponseWriter, p *Principal, fn func(rec Record, hide bool) error) error {
	if p.IsSysAdmin() {
		writeNull(w)
		return nil
	}
	var (
		rec  Record
		hide bool
		ok   bool
	)
	s.store.Read(func(tx *Tx) { rec, hide, ok = homeOf(tx, p) })
	if !ok {
		writeNull(w)
		return nil
	}
	return fn(rec, hide)
}

func (s *Server) homeDashboard(w http.ResponseWriter, _ *http.Request, p *Principal) error {
	return s.withHome(w, p, func(rec Record, hide bool) error {
		d, err := dashboardOf(rec)
		if err != nil {
			return err
		}
		return WriteJSON(w, shaped(&tb.HomeDashboard{Dashboard: *d, HideDashboardToolbar: hide}, dashboardKeys))
	})
}

func (s *Server) homeDashboardInfo(w http.ResponseWriter, _ *http.Request, p *Principal) error {
	return s.withHome(w, p, func(rec Record, hide bool) error {
		return WriteJSON(w, homeInfoJSON(rec.ID.ID, hide))
	})
}

// homeInfoJSON is HomeDashboardInfo as the server writes it: a null dashboardId when
// none is set.
func homeInfoJSON(dashboardID string, hide bool) map[string]any {
	var id any
	if dashboardID != "" {
		id = jsonID(tb.EntityTypeDashboard, dashboardID)
	}
	return map[string]any{"dashboardId": id, "hideDashboardToolbar": hide}
}

// ownHomeInfo reads the home dashboard set on one entity (tenant or customer).
func ownHomeInfo(tx *Tx, entityID string) map[string]any {
	rec, ok := tx.Get(entityID)
	if !ok {
		return homeInfoJSON("", true)
	}
	id, hide, set := homeFromInfo(additionalInfoOf(rec.Value))
	if !set {
		return homeInfoJSON("", true)
	}
	return homeInfoJSON(id, hide)
}

func (s *Server) tenantHomeDashboardInfo(w http.ResponseWriter, _ *http.Request, p *Principal) error {
	var out map[string]any
	s.store.Read(func(tx *Tx) { out = ownHomeInfo(tx, p.TenantID) })
	return WriteJSON(w, out)
}

func (s *Server) customerHomeDashboardInfo(w http.ResponseWriter, _ *http.Request, p *Principal) error {
	var out map[string]any
	s.store.Read(func(tx *Tx) { out = ownHomeInfo(tx, p.CustomerID) })
	return WriteJSON(w, out)
}

// setHomeInfo writes homeDashboardId and homeDashboardHideToolbar into the
// additionalInfo of the stored entity (a tenant or a customer), or removes them.
func (s *Server) setHomeInfo(r *http.Request, p *Principal, entityID string) error {
	var in tb.HomeDashboardInfo
	if err := DecodeJSON(r, &in); err != nil {
		return err
	}
	return s.store.Write(func(tx *Tx) error {
		if in.DashboardID.ID != "" {
			if _, err := readableDashboard(tx, p, strings.ToLower(in.DashboardID.ID)); err != nil {
				return err
			}
		}
		rec, ok := tx.Get(entityID)
		if !ok {
			return ItemNotFound()
		}
		var m map[string]any
		if err := remarshal(rec.Value, &m); err != nil {
			return err
		}
		info, _ := m["additionalInfo"].(map[string]any)
		if info == nil {
			info = map[string]any{}
		}
		if in.DashboardID.ID != "" {
			info["homeDashboardId"] = strings.ToLower(in.DashboardID.ID)
			info["homeDashboardHideToolbar"] = in.HideDashboardToolbar
		} else {
			delete(info, "homeDashboardId")
			delete(info, "homeDashboardHideToolbar")
		}
		m["additionalInfo"] = info
		m["version"] = tx.Stamp(rec).Version
		val, err := s.NewValue(rec.ID.EntityType, m)
		if err != nil {
			return err
		}
		rec.Value = val
		tx.Put(rec)
		return nil
	})
}

func (s *Server) setTenantHomeDashboardInfo(w http.ResponseWriter, r *http.Request, p *Principal) error {
	if err := s.setHomeInfo(r, p, p.TenantID); err != nil {
		return err
	}
	w.WriteHeader(http.StatusOK)
	return nil
}

func (s *Server) setCustomerHomeDashboardInfo(w http.ResponseWriter, r *http.Request, p *Principal) error {
	if err := s.setHomeInfo(r, p, p.CustomerID); err != nil {
		return err
	}
	w.WriteHeader(http.StatusOK)
	return nil
}
