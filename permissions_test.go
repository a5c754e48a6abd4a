package thingsboard

import (
	"context"
	"encoding/json"
	"errors"
	"go/ast"
	"go/parser"
	"go/token"
	"io"
	"iter"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"path/filepath"
	"reflect"
	"regexp"
	"slices"
	"sort"
	"strings"
	"testing"

	"github.com/tbgo/thingsboard/internal/specvalidate"
)

// peCase is one call of a Professional Edition service method: the request it must
// send, the server's answer and the value the method must return.
type peCase struct {
	name   string     // "EntityGroups.Get": the client field and the method
	method string     // HTTP verb
	path   string     // escaped request path
	query  url.Values // nil: no query
	body   string     // expected JSON body; "" for none
	model  string     // the body's model in pe-operations.tsv; "" for none
	status int        // answer status; 0 means 200
	answer string     // answer body
	call   func(ctx context.Context, c *Client) (any, error)
	want   any
}

// Ids used across the PE tests.
const (
	peTenant    = "5a797660-4612-11e7-a919-92ebcb67fe33"
	peCustomer  = "5b2d2a70-1c20-11ef-9c2c-8f8e1cf8a101"
	peGroup     = "5b2d2a70-1c20-11ef-9c2c-8f8e1cf8a102"
	peUserGroup = "5b2d2a70-1c20-11ef-9c2c-8f8e1cf8a103"
	peRole      = "5b2d2a70-1c20-11ef-9c2c-8f8e1cf8a104"
	pePerm      = "5b2d2a70-1c20-11ef-9c2c-8f8e1cf8a105"
	peDevice    = "5b2d2a70-1c20-11ef-9c2c-8f8e1cf8a106"
	peDevice2   = "5b2d2a70-1c20-11ef-9c2c-8f8e1cf8a107"
	peEdge      = "5b2d2a70-1c20-11ef-9c2c-8f8e1cf8a108"
	peGroup2    = "5b2d2a70-1c20-11ef-9c2c-8f8e1cf8a109"
)

var (
	peTenantID   = NewEntityID(EntityTypeTenant, peTenant)
	peCustomerID = NewEntityID(EntityTypeCustomer, peCustomer)
	peDeviceID   = NewEntityID(EntityTypeDevice, peDevice)
)

// pageQuery is the query of NewPageLink(size) plus extra name, value pairs.
func pageQuery(size int, extra ...string) url.Values {
	q := NewPageLink(size).Values()
	for i := 0; i+1 < len(extra); i += 2 {
		q.Set(extra[i], extra[i+1])
	}
	return q
}

// drain collects an iterator.
func drain[T any](seq iter.Seq2[T, error]) ([]T, error) {
	var out []T
	for v, err := range seq {
		if err != nil {
			return out, err
		}
		out = append(out, v)
	}
	return out, nil
}

// peCases returns every case of every PE service.
func peCases() []peCase {
	return slices.Concat(entityGroupCases(), roleCases(), groupPermissionCases(), userPermissionCases(), ownerCases())
}

// peClient returns a client of a server that checks each request against c and answers
// as c says. rt, when not nil, is the client's transport.
func peClient(t *testing.T, c peCase, rt http.RoundTripper) (*Client, *int) {
	t.Helper()
	calls := new(int)
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		*calls++
		peCheckRequest(t, r, c)
		status := c.status
		if status == 0 {
			status = http.StatusOK
		}
		if c.answer != "" {
			w.Header().Set("Content-Type", "application/json")
		}
		w.WriteHeader(status)
		io.WriteString(w, c.answer)
	}))
	t.Cleanup(srv.Close)
	opts := []Option{WithToken(testToken, ""), WithRetry(RetryPolicy{})}
	if rt != nil {
		opts = append(opts, WithHTTPClient(&http.Client{Transport: rt}))
	}
	cl, err := NewClient(srv.URL, opts...)
	if err != nil {
		t.Fatal(err)
	}
	return cl, calls
}

func peCheckRequest(t *testing.T, r *http.Request, c peCase) {
	t.Helper()
	if r.Method != c.method {
		t.Errorf("%s: method = %s, want %s", c.name, r.Method, c.method)
	}
	if p := r.URL.EscapedPath(); p != c.path {
		t.Errorf("%s: path = %s, want %s", c.name, p, c.path)
	}
	got := r.URL.Query()
	if len(got) != 0 || len(c.query) != 0 {
		if !reflect.DeepEqual(got, c.query) {
			t.Errorf("%s: query = %v, want %v", c.name, got, c.query)
		}
	}
	if r.Header.Get("X-Authorization") != "Bearer "+testToken {
		t.Errorf("%s: X-Authorization = %q", c.name, r.Header.Get("X-Authorization"))
	}
	b, _ := io.ReadAll(r.Body)
	if c.body == "" {
		if len(b) != 0 {
			t.Errorf("%s: body = %s, want none", c.name, b)
		}
		return
	}
	if ct := r.Header.Get("Content-Type"); ct != "application/json" {
		t.Errorf("%s: Content-Type = %q", c.name, ct)
	}
	var g, w any
	if err := json.Unmarshal(b, &g); err != nil {
		t.Fatalf("%s: request body %q: %v", c.name, b, err)
	}
	if err := json.Unmarshal([]byte(c.body), &w); err != nil {
		t.Fatalf("%s: bad expected body: %v", c.name, err)
	}
	if !reflect.DeepEqual(g, w) {
		t.Errorf("%s: body = %s\nwant   %s", c.name, b, c.body)
	}
}

// runPECases runs each case as a subtest: one request, as expected, and the expected result.
func runPECases(t *testing.T, cases []peCase) {
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			cl, calls := peClient(t, c, nil)
			got, err := c.call(context.Background(), cl)
			if err != nil {
				t.Fatalf("%s: %v", c.name, err)
			}
			if *calls != 1 {
				t.Errorf("%s: %d requests, want 1", c.name, *calls)
			}
			if !reflect.DeepEqual(got, c.want) {
				gb, _ := json.Marshal(got)
				wb, _ := json.Marshal(c.want)
				t.Errorf("%s: got %#v\n%s\nwant %#v\n%s", c.name, got, gb, c.want, wb)
			}
		})
	}
}

// serviceFields maps the PE service types to their Client fields.
var serviceFields = map[string]string{
	"EntityGroupService":     "EntityGroups",
	"RoleService":            "Roles",
	"GroupPermissionService": "GroupPermissions",
	"UserPermissionService":  "UserPermissions",
	"OwnerService":           "Owners",
}

// peOperations parses the PE service files and returns, for each exported method
// ("EntityGroups.Get"), the "VERB /path" of its //tb:operation lines.
func peOperations(t *testing.T) map[string][]string {
	t.Helper()
	fset := token.NewFileSet()
	ops := map[string][]string{}
	for _, f := range []string{"entity_group.go", "role.go", "group_permission.go", "user_permission.go", "owner.go"} {
		file, err := parser.ParseFile(fset, f, nil, parser.ParseComments)
		if err != nil {
			t.Fatal(err)
		}
		for _, d := range file.Decls {
			fn, ok := d.(*ast.FuncDecl)
			if !ok || fn.Recv == nil || !fn.Name.IsExported() {
				continue
			}
			star, ok := fn.Recv.List[0].Type.(*ast.StarExpr)
			if !ok {
				continue
			}
			field, ok := serviceFields[star.X.(*ast.Ident).Name]
			if !ok {
				continue
			}
			name := field + "." + fn.Name.Name
			ops[name] = nil
			if fn.Doc == nil {
				t.Errorf("%s has no doc comment", name)
				continue
			}
			for _, c := range fn.Doc.List {
				if rest, ok := strings.CutPrefix(c.Text, "//tb:operation "); ok {
					ops[name] = append(ops[name], strings.TrimSpace(rest))
				}
			}
		}
	}
	return ops
}

// templateRE turns a path template such as /api/role/{roleId} into a regexp.
func templateRE(tmpl string) *regexp.Regexp {
	var b strings.Builder
	b.WriteString("^")
	for i, seg := range strings.Split(tmpl, "/") {
		if i > 0 {
			b.WriteString("/")
		}
		if strings.HasPrefix(seg, "{") && strings.HasSuffix(seg, "}") {
			b.WriteString("[^/]+")
		} else {
			b.WriteString(regexp.QuoteMeta(seg))
		}
	}
	b.WriteString("$")
	return regexp.MustCompile(b.String())
}

// TestPEMethodsHaveCases checks that every exported method of the PE services declares
// its operations and has a case, and that each case sends the operation its method declares.
func TestPEMethodsHaveCases(t *testing.T) {
	ops := peOperations(t)
	covered := map[string]bool{}
	for _, c := range peCases() {
		covered[c.name] = true
		decl, ok := ops[c.name]
		if !ok {
			t.Errorf("case %s names no PE method", c.name)
			continue
		}
		match := false
		for _, op := range decl {
			verb, tmpl, _ := strings.Cut(op, " ")
			if verb == c.method && templateRE(tmpl).MatchString(c.path) {
				match = true
			}
		}
		if !match {
			t.Errorf("%s sends %s %s, which none of its //tb:operation lines %q describe", c.name, c.method, c.path, decl)
		}
	}
	for name, decl := range ops {
		if len(decl) == 0 {
			t.Errorf("%s has no //tb:operation line", name)
		}
		if !covered[name] {
			t.Errorf("%s has no test case", name)
		}
	}
}

// peTableRow is one row of pe-operations.tsv.
type peTableRow struct {
	id, verb, path string
	query          []string
	body           string
	re             *regexp.Regexp
}

// refDir returns shared/reference beside the module root, or skips t.
func refDir(t *testing.T) string {
	t.Helper()
	for _, d := range []string{filepath.Join("..", "shared", "reference"), filepath.Join("..", "..", "shared", "reference")} {
		if _, err := os.Stat(filepath.Join(d, "pe-operations.tsv")); err == nil {
			return d
		}
	}
	t.Skip("skipping: ../shared/reference/pe-operations.tsv not found; the PE reference tables are not part of the module")
	return ""
}

func loadPETable(t *testing.T, dir string) []peTableRow {
	t.Helper()
	raw, err := os.ReadFile(filepath.Join(dir, "pe-operations.tsv"))
	if err != nil {
		t.Fatal(err)
	}
	lines := strings.Split(strings.TrimSpace(strings.ReplaceAll(string(raw), "\r\n", "\n")), "\n")
	col := map[string]int{}
	for i, h := range strings.Split(lines[0], "\t") {
		col[h] = i
	}
	var rows []peTableRow
	for _, l := range lines[1:] {
		f := strings.Split(l, "\t")
		r := peTableRow{id: f[col["operationId"]], verb: f[col["verb"]], path: f[col["path"]], body: f[col["body"]]}
		if q := strings.TrimSpace(f[col["query"]]); q != "" {
			r.query = strings.Split(q, ",")
		}
		r.re = templateRE(r.path)
		rows = append(rows, r)
	}
	return rows
}

// mdRoute is one route of pe-only-endpoints.md.
type mdRoute struct {
	verb, path string
	query      []string
	re         *regexp.Regexp
}

var mdRow = regexp.MustCompile("^\\| `([A-Z]+)` \\| `([^`]+)` \\| ([^|]*)\\|")

func loadPEMarkdown(t *testing.T, dir string) []mdRoute {
	t.Helper()
	raw, err := os.ReadFile(filepath.Join(dir, "pe-only-endpoints.md"))
	if err != nil {
		t.Fatal(err)
	}
	var out []mdRoute
	for _, l := range strings.Split(string(raw), "\n") {
		m := mdRow.FindStringSubmatch(strings.TrimSpace(l))
		if m == nil {
			continue
		}
		out = append(out, mdRoute{verb: m[1], path: m[2], query: strings.Fields(m[3]), re: templateRE(m[2])})
	}
	if len(out) < 100 {
		t.Fatalf("pe-only-endpoints.md: only %d routes parsed", len(out))
	}
	return out
}

// routes43 are the routes that ThingsBoard 4.3 PE added under new paths and that the
// python-client list of pe-only-endpoints.md still shows under the older ones.
var routes43 = map[string]string{
	"GET /api/entityGroups/{groupType}/all":                       "GET /api/entityGroups/{groupType} (unpaged)",
	"GET /api/entityGroups/{ownerType}/{ownerId}/{groupType}/all": "GET /api/entityGroups/{ownerType}/{ownerId}/{groupType} (unpaged)",
	"GET /api/entityGroups/{groupType}/shared/all":                "GET /api/entityGroups/{groupType}/shared (unpaged)",
	"GET /api/entityGroups/list":                                  "GET /api/entityGroups?entityGroupIds=",
	"GET /api/roles/list":                                         "GET /api/roles?roleIds=",
}

// optionalBodies are operations whose body the server declares optional
// (@RequestBody(required = false)): the owner changes take an optional list of groups.
var optionalBodies = map[string]bool{"changeOwnerToTenant": true, "changeOwnerToCustomer": true}

// bodyModel names the model of a case's body as the reference table writes it.
func bodyModel(t string) string { return strings.ReplaceAll(t, " ", "") }

// TestPERequestsMatchReference checks each request the PE services send against the
// reference tables: verb and path template, query parameter names and body model in
// pe-operations.tsv (the 4.3 PE specification) and, for routes that it lists,
// pe-only-endpoints.md.
func TestPERequestsMatchReference(t *testing.T) {
	dir := refDir(t)
	table := loadPETable(t, dir)
	md := loadPEMarkdown(t, dir)
	for _, c := range peCases() {
		var row *peTableRow
		for i := range table {
			r := &table[i]
			if r.verb != c.method || !r.re.MatchString(c.path) {
				continue
			}
			// Several rows can share a shape, such as /api/entityGroups/{groupType} and
			// /api/entityGroups/{entityType}/{entityId}; prefer the one with fewer variables.
			if row == nil || strings.Count(r.path, "{") < strings.Count(row.path, "{") {
				row = r
			}
		}
		if row == nil {
			t.Errorf("%s: %s %s is not in pe-operations.tsv", c.name, c.method, c.path)
			continue
		}
		for name := range c.query {
			if !slices.Contains(row.query, name) {
				t.Errorf("%s: query parameter %q is not a parameter of %s %s (%v)", c.name, name, row.verb, row.path, row.query)
			}
		}
		for _, name := range []string{"pageSize", "page"} {
			if slices.Contains(row.query, name) && c.query.Get(name) == "" {
				t.Errorf("%s: %s %s requires %s", c.name, row.verb, row.path, name)
			}
		}
		if c.model == "" && row.body != "" && optionalBodies[row.id] {
			// The body is optional and the case sends none.
		} else if bodyModel(row.body) != bodyModel(c.model) {
			t.Errorf("%s: body model %q, but %s takes %q", c.name, c.model, row.id, row.body)
		}
		key := row.verb + " " + row.path
		found := false
		for _, r := range md {
			if r.verb == c.method && r.path == row.path {
				found = true
				for name := range c.query {
					if !slices.Contains(r.query, name) {
						found = false
					}
				}
				if found {
					break
				}
			}
		}
		if !found {
			if _, ok := routes43[key]; !ok {
				t.Errorf("%s: %s with query %v is not in pe-only-endpoints.md", c.name, key, keys(c.query))
			}
		}
	}
}

func keys(q url.Values) []string {
	var out []string
	for k := range q {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}

// TestPERequestsMatchSpec sends every case through the spec validator: requests and
// answers must match the PE operation table and models, and no request may fall outside them.
func TestPERequestsMatchSpec(t *testing.T) {
	v := specvalidate.ForTest(t)
	for _, c := range peCases() {
		cl, _ := peClient(t, c, v.Transport(nil))
		if _, err := c.call(context.Background(), cl); err != nil {
			t.Errorf("%s: %v", c.name, err)
		}
	}
	if n := v.Exchanges(); n != len(peCases()) {
		t.Errorf("validated %d exchanges, want %d", n, len(peCases()))
	}
	if u := v.Unmatched(); len(u) > 0 {
		t.Errorf("requests outside the spec: %v", u)
	}
	v.Check(t)
}

// TestPEInputValidation checks that bad arguments fail before any request.
func TestPEInputValidation(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		t.Errorf("unexpected request %s %s", r.Method, r.URL)
	}))
	defer srv.Close()
	c, err := NewClient(srv.URL, WithToken(testToken, ""))
	if err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	checks := []struct {
		name string
		err  error
		want string
	}{}
	add := func(name string, err error, want string) {
		checks = append(checks, struct {
			name string
			err  error
			want string
		}{name, err, want})
	}
	_, err = c.EntityGroups.Get(ctx, " ")
	add("EntityGroups.Get", err, "empty entityGroupID")
	_, err = c.EntityGroups.Save(ctx, nil)
	add("EntityGroups.Save nil", err, "nil group")
	_, err = c.EntityGroups.Save(ctx, &EntityGroup{Name: "x"})
	add("EntityGroups.Save type", err, "empty type")
	_, err = c.EntityGroups.ListByOwnerAndType(ctx, peDeviceID, EntityTypeDevice)
	add("EntityGroups.ListByOwnerAndType owner", err, "TENANT or CUSTOMER")
	_, err = c.EntityGroups.GetAllGroup(ctx, EntityID{ID: peTenant}, EntityTypeDevice)
	add("EntityGroups.GetAllGroup owner type", err, "owner has no entity type")
	err = c.EntityGroups.AddEntities(ctx, peGroup, nil)
	add("EntityGroups.AddEntities", err, "empty entityIDs")
	err = c.EntityGroups.RemoveEntities(ctx, peGroup, []string{peDevice, ""})
	add("EntityGroups.RemoveEntities", err, "entityIDs[1] is empty")
	_, err = c.EntityGroups.ListForEntity(ctx, EntityID{EntityType: EntityTypeDevice})
	add("EntityGroups.ListForEntity", err, "entity has an empty UUID")
	err = c.EntityGroups.Share(ctx, peGroup, nil)
	add("EntityGroups.Share", err, "nil request")
	err = c.EntityGroups.ShareWithUserGroup(ctx, peGroup, peUserGroup, "")
	add("EntityGroups.ShareWithUserGroup", err, "empty roleID")
	_, err = c.Roles.ListByIDs(ctx, nil)
	add("Roles.ListByIDs", err, "empty roleIDs")
	_, err = c.Roles.Save(ctx, &Role{Type: RoleTypeGroup})
	add("Roles.Save", err, "empty name")
	_, err = c.GroupPermissions.Save(ctx, &GroupPermission{UserGroupID: NewEntityID(EntityTypeEntityGroup, peUserGroup)})
	add("GroupPermissions.Save", err, "empty roleId")
	_, err = c.UserPermissions.HasEntityPermission(ctx, peDeviceID, "")
	add("UserPermissions.HasEntityPermission", err, "empty operation")
	err = c.Owners.ChangeToCustomer(ctx, "", peDeviceID)
	add("Owners.ChangeToCustomer", err, "empty ownerID")
	err = c.Owners.ChangeToTenant(ctx, peTenant, peDeviceID, "")
	add("Owners.ChangeToTenant", err, "entityGroupIDs[0] is empty")
	for _, ch := range checks {
		if ch.err == nil || !strings.Contains(ch.err.Error(), ch.want) {
			t.Errorf("%s: err = %v, want one containing %q", ch.name, ch.err, ch.want)
		}
		var apiErr *APIError
		if errors.As(ch.err, &apiErr) {
			t.Errorf("%s: got an API error, want a client-side one", ch.name)
		}
	}
}

// TestPEErrorsPassThrough checks that a server error reaches the caller as the *APIError.
func TestPEErrorsPassThrough(t *testing.T) {
	c := peCase{name: "EntityGroups.Get", method: "GET", path: "/api/entityGroup/" + peGroup, status: 403,
		answer: `{"status":403,"message":"You don't have permission to perform this operation!","errorCode":20,"timestamp":1700000000000}`}
	cl, _ := peClient(t, c, nil)
	_, err := cl.EntityGroups.Get(context.Background(), peGroup)
	var apiErr *APIError
	if !errors.As(err, &apiErr) || apiErr.Code != CodePermissionDenied || !errors.Is(err, ErrPermissionDenied) {
		t.Fatalf("err = %v, want the 403 permission error", err)
	}
	c = peCase{name: "Roles.Get", method: "GET", path: "/api/role/" + peRole, status: 404,
		answer: `{"status":404,"message":"Role with id [` + peRole + `] is not found","errorCode":32,"timestamp":1700000000000}`}
	cl, _ = peClient(t, c, nil)
	if _, err := cl.Roles.Get(context.Background(), peRole); !errors.Is(err, ErrNotFound) {
		t.Fatalf("err = %v, want ErrNotFound", err)
	}
}

func TestEntityResource(t *testing.T) {
	for _, tc := range []struct {
		t    EntityType
		want Resource
	}{
		{EntityTypeDevice, ResourceDevice}, {EntityTypeEntityGroup, ""}, {EntityTypeNotificationRule, ResourceNotification},
		{EntityTypeRPC, ""}, {"", ""}, {EntityTypeDashboard, ResourceDashboard},
	} {
		if got := EntityResource(tc.t); got != tc.want {
			t.Errorf("EntityResource(%q) = %q, want %q", tc.t, got, tc.want)
		}
	}
	for _, gt := range EntityGroupTypes() {
		if r := GroupResource(gt); !strings.HasSuffix(string(r), "_GROUP") || !strings.HasPrefix(string(r), string(gt)) {
			t.Errorf("GroupResource(%s) = %q", gt, r)
		}
	}
	if r := GroupResource(EntityTypeTenant); r != "" {
		t.Errorf("GroupResource(TENANT) = %q, want none", r)
	}
	if n := len(EntityGroupTypes()); n != 7 {
		t.Errorf("%d group types, want 7", n)
	}
}
