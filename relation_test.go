package thingsboard

import (
	"context"
	"encoding/json"
	"errors"
	"io"
	"net/http"
	"net/url"
	"reflect"
	"strings"
	"sync/atomic"
	"testing"
)

// arRequest is what a handler expects to receive.
type arRequest struct {
	method string
	query  url.Values // nil: no query at all
	body   string     // JSON compared semantically; "" means no body
}

// arCheck asserts the request's method, query and body.
func arCheck(t *testing.T, r *http.Request, want arRequest) {
	t.Helper()
	if r.Method != want.method {
		t.Errorf("method = %s, want %s", r.Method, want.method)
	}
	got := r.URL.Query()
	if len(got) == 0 && len(want.query) == 0 {
		// both empty
	} else if !reflect.DeepEqual(got, want.query) {
		t.Errorf("query = %v, want %v", got, want.query)
	}
	if r.Header.Get("X-Authorization") != "Bearer "+testToken {
		t.Errorf("X-Authorization = %q", r.Header.Get("X-Authorization"))
	}
	b, _ := io.ReadAll(r.Body)
	if want.body == "" {
		if len(b) != 0 {
			t.Errorf("body = %s, want none", b)
		}
		return
	}
	if ct := r.Header.Get("Content-Type"); ct != "application/json" {
		t.Errorf("Content-Type = %q", ct)
	}
	var g, w any
	if err := json.Unmarshal(b, &g); err != nil {
		t.Fatalf("request body %q: %v", b, err)
	}
	if err := json.Unmarshal([]byte(want.body), &w); err != nil {
		t.Fatalf("bad expected body: %v", err)
	}
	if !reflect.DeepEqual(g, w) {
		t.Errorf("body = %s\nwant   %s", b, want.body)
	}
}

// arServe registers a handler on pattern that checks the request, answers with
// status and body, and counts its calls.
func arServe(t *testing.T, mux *http.ServeMux, pattern string, want arRequest, status int, answer string) *atomic.Int32 {
	t.Helper()
	n := new(atomic.Int32)
	mux.HandleFunc(pattern, func(w http.ResponseWriter, r *http.Request) {
		n.Add(1)
		arCheck(t, r, want)
		if answer != "" {
			w.Header().Set("Content-Type", "application/json")
		}
		w.WriteHeader(status)
		io.WriteString(w, answer)
	})
	return n
}

const (
	relAsset  = "5b2d2a70-1c20-11ef-9c2c-8f8e1cf8a001"
	relDevice = "5b2d2a70-1c20-11ef-9c2c-8f8e1cf8a002"
	relTenant = "5a797660-4612-11e7-a919-92ebcb67fe33"
)

var (
	relAssetID  = NewEntityID(EntityTypeAsset, relAsset)
	relDeviceID = NewEntityID(EntityTypeDevice, relDevice)
)

const relJSON = `{"from":{"entityType":"ASSET","id":"` + relAsset + `"},
 "to":{"entityType":"DEVICE","id":"` + relDevice + `"},
 "type":"Contains","typeGroup":"COMMON","version":3,
 "additionalInfo":{"description":"Power supply connection"}}`

func wantRel() EntityRelation {
	return EntityRelation{From: relAssetID, To: relDeviceID, Type: "Contains", TypeGroup: RelationTypeGroupCommon,
		Version: 3, AdditionalInfo: json.RawMessage(`{"description":"Power supply connection"}`)}
}

func relEqual(t *testing.T, got, want EntityRelation) {
	t.Helper()
	if got.From != want.From || got.To != want.To || got.Type != want.Type || got.TypeGroup != want.TypeGroup || got.Version != want.Version {
		t.Errorf("relation = %+v, want %+v", got, want)
	}
	var g, w any
	if len(got.AdditionalInfo) > 0 {
		json.Unmarshal(got.AdditionalInfo, &g)
	}
	if len(want.AdditionalInfo) > 0 {
		json.Unmarshal(want.AdditionalInfo, &w)
	}
	if !reflect.DeepEqual(g, w) {
		t.Errorf("additionalInfo = %s, want %s", got.AdditionalInfo, want.AdditionalInfo)
	}
}

func relKey(group string) url.Values {
	v := url.Values{"fromId": {relAsset}, "fromType": {"ASSET"}, "relationType": {"Contains"},
		"toId": {relDevice}, "toType": {"DEVICE"}}
	if group != "" {
		v.Set("relationTypeGroup", group)
	}
	return v
}

func TestRelationSave(t *testing.T) {
	c, mux := setup(t)
	n := arServe(t, mux, "/api/relation", arRequest{method: "POST", body: `{"from":{"entityType":"ASSET","id":"` + relAsset + `"},
		"to":{"entityType":"DEVICE","id":"` + relDevice + `"},"type":"Contains","typeGroup":"COMMON"}`}, 200, "")
	r := EntityRelation{From: relAssetID, To: relDeviceID, Type: RelationContains}
	if err := c.Relations.Save(context.Background(), &r); err != nil {
		t.Fatal(err)
	}
	if n.Load() != 1 {
		t.Fatalf("calls = %d", n.Load())
	}
	if r.TypeGroup != "" {
		t.Error("Save modified the caller's relation")
	}
}

func TestRelationSaveV2(t *testing.T) {
	c, mux := setup(t)
	arServe(t, mux, "/api/v2/relation", arRequest{method: "POST", body: `{"from":{"entityType":"ASSET","id":"` + relAsset + `"},
		"to":{"entityType":"DEVICE","id":"` + relDevice + `"},"type":"Contains","typeGroup":"DASHBOARD",
		"additionalInfo":{"description":"Power supply connection"}}`}, 200, relJSON)
	r := NewRelation(relAssetID, RelationContains, relDeviceID)
	r.TypeGroup = RelationTypeGroupDashboard
	r.AdditionalInfo = json.RawMessage(`{"description":"Power supply connection"}`)
	got, err := c.Relations.SaveV2(context.Background(), &r)
	if err != nil {
		t.Fatal(err)
	}
	relEqual(t, *got, wantRel())
}

func TestRelationSaveValidates(t *testing.T) {
	c, mux := setup(t)
	n := arServe(t, mux, "/", arRequest{}, 500, "")
	ctx := context.Background()
	for _, r := range []*EntityRelation{
		nil,
		{To: relDeviceID, Type: "Contains"},
		{From: relAssetID, Type: "Contains"},
		{From: relAssetID, To: relDeviceID},
		{From: EntityID{ID: relAsset}, To: relDeviceID, Type: "Contains"},
	} {
		if err := c.Relations.Save(ctx, r); err == nil {
			t.Errorf("Save(%+v) succeeded", r)
		}
		if _, err := c.Relations.SaveV2(ctx, r); err == nil {
			t.Errorf("SaveV2(%+v) succeeded", r)
		}
	}
	if _, err := c.Relations.Get(ctx, relAssetID, "", relDeviceID, ""); err == nil || !strings.Contains(err.Error(), "relation type") {
		t.Errorf("Get with empty type: %v", err)
	}
	if err := c.Relations.DeleteForEntity(ctx, EntityID{}); err == nil {
		t.Error("DeleteForEntity with empty id succeeded")
	}
	if _, err := c.Relations.FindByFrom(ctx, EntityID{}, nil); err == nil {
		t.Error("FindByFrom with empty id succeeded")
	}
	if _, err := c.Relations.FindByQuery(ctx, &EntityRelationsQuery{}); err == nil {
		t.Error("FindByQuery without root succeeded")
	}
	if n.Load() != 0 {
		t.Errorf("%d requests sent for invalid input", n.Load())
	}
}

func TestRelationDelete(t *testing.T) {
	c, mux := setup(t)
	n := arServe(t, mux, "/api/relation", arRequest{method: "DELETE", query: relKey("")}, 200, "")
	if err := c.Relations.Delete(context.Background(), relAssetID, "Contains", relDeviceID, ""); err != nil {
		t.Fatal(err)
	}
	if n.Load() != 1 {
		t.Fatalf("calls = %d", n.Load())
	}
}

func TestRelationDeleteV2(t *testing.T) {
	c, mux := setup(t)
	arServe(t, mux, "/api/v2/relation", arRequest{method: "DELETE", query: relKey("COMMON")}, 200, relJSON)
	got, err := c.Relations.DeleteV2(context.Background(), relAssetID, "Contains", relDeviceID, RelationTypeGroupCommon)
	if err != nil {
		t.Fatal(err)
	}
	relEqual(t, *got, wantRel())
}

func TestRelationDeleteV2NotFound(t *testing.T) {
	c, mux := setup(t)
	arServe(t, mux, "/api/v2/relation", arRequest{method: "DELETE", query: relKey("")}, 404,
		`{"status":404,"message":"Requested item wasn't found!","errorCode":32,"timestamp":1719500000000}`)
	_, err := c.Relations.DeleteV2(context.Background(), relAssetID, "Contains", relDeviceID, "")
	var apiErr *APIError
	if !errors.As(err, &apiErr) || !errors.Is(err, ErrNotFound) || apiErr.Message != "Requested item wasn't found!" {
		t.Fatalf("err = %v", err)
	}
}

func TestRelationDeleteForEntity(t *testing.T) {
	c, mux := setup(t)
	n := arServe(t, mux, "/api/relations", arRequest{method: "DELETE",
		query: url.Values{"entityId": {relDevice}, "entityType": {"DEVICE"}}}, 200, "")
	if err := c.Relations.DeleteForEntity(context.Background(), relDeviceID); err != nil {
		t.Fatal(err)
	}
	if n.Load() != 1 {
		t.Fatalf("calls = %d", n.Load())
	}
}

func TestRelationGet(t *testing.T) {
	c, mux := setup(t)
	arServe(t, mux, "/api/relation", arRequest{method: "GET", query: relKey("COMMON")}, 200, relJSON)
	got, err := c.Relations.Get(context.Background(), relAssetID, "Contains", relDeviceID, RelationTypeGroupCommon)
	if err != nil {
		t.Fatal(err)
	}
	relEqual(t, *got, wantRel())
}

func TestRelationExists(t *testing.T) {
	c, mux := setup(t)
	var found atomic.Bool
	mux.HandleFunc("/api/relation", func(w http.ResponseWriter, r *http.Request) {
		arCheck(t, r, arRequest{method: "GET", query: relKey("")})
		if found.Load() {
			io.WriteString(w, relJSON)
			return
		}
		w.WriteHeader(404)
		io.WriteString(w, `{"status":404,"message":"Requested item wasn't found!","errorCode":32,"timestamp":1}`)
	})
	ctx := context.Background()
	ok, err := c.Relations.Exists(ctx, relAssetID, "Contains", relDeviceID, "")
	if err != nil || ok {
		t.Fatalf("missing: %v, %v", ok, err)
	}
	found.Store(true)
	ok, err = c.Relations.Exists(ctx, relAssetID, "Contains", relDeviceID, "")
	if err != nil || !ok {
		t.Fatalf("present: %v, %v", ok, err)
	}
}

const relListJSON = `[` + relJSON + `,
 {"from":{"entityType":"ASSET","id":"` + relAsset + `"},"to":{"entityType":"ASSET","id":"5b2d2a70-1c20-11ef-9c2c-8f8e1cf8a003"},
  "type":"Manages","typeGroup":"COMMON","additionalInfo":null,"version":1}]`

func wantRelList() []EntityRelation {
	return []EntityRelation{wantRel(), {From: relAssetID, To: NewEntityID(EntityTypeAsset, "5b2d2a70-1c20-11ef-9c2c-8f8e1cf8a003"),
		Type: "Manages", TypeGroup: RelationTypeGroupCommon, Version: 1}}
}

func relListEqual(t *testing.T, got, want []EntityRelation) {
	t.Helper()
	if len(got) != len(want) {
		t.Fatalf("len = %d, want %d: %+v", len(got), len(want), got)
	}
	for i := range got {
		relEqual(t, got[i], want[i])
	}
}

func TestRelationFindByFromAndTo(t *testing.T) {
	tests := []struct {
		name  string
		call  func(c *Client) ([]EntityRelation, error)
		query url.Values
	}{
		{"from", func(c *Client) ([]EntityRelation, error) {
			return c.Relations.FindByFrom(context.Background(), relAssetID, nil)
		}, url.Values{"fromId": {relAsset}, "fromType": {"ASSET"}}},
		{"from with type and group", func(c *Client) ([]EntityRelation, error) {
			return c.Relations.FindByFrom(context.Background(), relAssetID, &RelationFindOptions{RelationType: "Contains", TypeGroup: RelationTypeGroupCommon})
		}, url.Values{"fromId": {relAsset}, "fromType": {"ASSET"}, "relationType": {"Contains"}, "relationTypeGroup": {"COMMON"}}},
		{"to", func(c *Client) ([]EntityRelation, error) {
			return c.Relations.FindByTo(context.Background(), relDeviceID, &RelationFindOptions{})
		}, url.Values{"toId": {relDevice}, "toType": {"DEVICE"}}},
		{"to with type", func(c *Client) ([]EntityRelation, error) {
			return c.Relations.FindByTo(context.Background(), relDeviceID, &RelationFindOptions{RelationType: "Contains"})
		}, url.Values{"toId": {relDevice}, "toType": {"DEVICE"}, "relationType": {"Contains"}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c, mux := setup(t)
			arServe(t, mux, "/api/relations", arRequest{method: "GET", query: tt.query}, 200, relListJSON)
			got, err := tt.call(c)
			if err != nil {
				t.Fatal(err)
			}
			relListEqual(t, got, wantRelList())
		})
	}
}

// relInfoListJSON is a list of relation infos as the server writes it for a FROM
// listing: the far end's name (toName) is set, fromName is null.
const relInfoListJSON = `[{"from":{"entityType":"ASSET","id":"` + relAsset + `"},"to":{"entityType":"DEVICE","id":"` + relDevice + `"},
  "type":"Contains","typeGroup":"COMMON","additionalInfo":null,"version":3,"fromName":null,"toName":"Thermostat"},
 {"from":{"entityType":"ASSET","id":"` + relAsset + `"},"to":{"entityType":"ASSET","id":"5b2d2a70-1c20-11ef-9c2c-8f8e1cf8a003"},
  "type":"Manages","typeGroup":"COMMON","additionalInfo":null,"version":1,"fromName":null,"toName":"Floor 1"}]`

func TestRelationFindInfo(t *testing.T) {
	tests := []struct {
		name      string
		pattern   string
		call      func(c *Client) ([]EntityRelationInfo, error)
		query     url.Values
		wantNames []string
	}{
		{"from", "/api/relations/info", func(c *Client) ([]EntityRelationInfo, error) {
			return c.Relations.FindInfoByFrom(context.Background(), relAssetID, nil)
		}, url.Values{"fromId": {relAsset}, "fromType": {"ASSET"}}, []string{"Thermostat", "Floor 1"}},
		{"from, type filtered locally", "/api/relations/info", func(c *Client) ([]EntityRelationInfo, error) {
			return c.Relations.FindInfoByFrom(context.Background(), relAssetID, &RelationFindOptions{RelationType: "Manages", TypeGroup: "COMMON"})
		}, url.Values{"fromId": {relAsset}, "fromType": {"ASSET"}, "relationTypeGroup": {"COMMON"}}, []string{"Floor 1"}},
		{"to", "/api/relations/info", func(c *Client) ([]EntityRelationInfo, error) {
			return c.Relations.FindInfoByTo(context.Background(), relDeviceID, nil)
		}, url.Values{"toId": {relDevice}, "toType": {"DEVICE"}}, []string{"Thermostat", "Floor 1"}},
		{"to, type filtered locally", "/api/relations/info", func(c *Client) ([]EntityRelationInfo, error) {
			return c.Relations.FindInfoByTo(context.Background(), relDeviceID, &RelationFindOptions{RelationType: "Contains"})
		}, url.Values{"toId": {relDevice}, "toType": {"DEVICE"}}, []string{"Thermostat"}},
		{"path from", "/api/relations/info/from/ASSET/" + relAsset, func(c *Client) ([]EntityRelationInfo, error) {
			return c.Relations.FindInfoByFromPath(context.Background(), relAssetID, &RelationFindOptions{TypeGroup: "COMMON"})
		}, url.Values{"relationTypeGroup": {"COMMON"}}, []string{"Thermostat", "Floor 1"}},
		{"path to, filtered", "/api/relations/info/to/DEVICE/" + relDevice, func(c *Client) ([]EntityRelationInfo, error) {
			return c.Relations.FindInfoByToPath(context.Background(), relDeviceID, &RelationFindOptions{RelationType: "Contains"})
		}, nil, []string{"Thermostat"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c, mux := setup(t)
			n := arServe(t, mux, tt.pattern, arRequest{method: "GET", query: tt.query}, 200, relInfoListJSON)
			got, err := tt.call(c)
			if err != nil {
				t.Fatal(err)
			}
			if n.Load() != 1 {
				t.Fatalf("calls = %d", n.Load())
			}
			var names []string
			for _, r := range got {
				names = append(names, r.ToName)
				if r.FromName != "" || r.From != relAssetID {
					t.Errorf("info = %+v", r)
				}
			}
			if !reflect.DeepEqual(names, tt.wantNames) {
				t.Errorf("toNames = %q, want %q", names, tt.wantNames)
			}
		})
	}
}

func TestRelationFindPath(t *testing.T) {
	tests := []struct {
		name    string
		pattern string
		call    func(c *Client) ([]EntityRelation, error)
		query   url.Values
	}{
		{"from", "/api/relations/from/ASSET/" + relAsset, func(c *Client) ([]EntityRelation, error) {
			return c.Relations.FindByFromPath(context.Background(), relAssetID, nil)
		}, nil},
		{"from with type", "/api/relations/from/ASSET/" + relAsset + "/Contains", func(c *Client) ([]EntityRelation, error) {
			return c.Relations.FindByFromPath(context.Background(), relAssetID, &RelationFindOptions{RelationType: "Contains", TypeGroup: "COMMON"})
		}, url.Values{"relationTypeGroup": {"COMMON"}}},
		{"to", "/api/relations/to/DEVICE/" + relDevice, func(c *Client) ([]EntityRelation, error) {
			return c.Relations.FindByToPath(context.Background(), relDeviceID, &RelationFindOptions{TypeGroup: "RULE_NODE"})
		}, url.Values{"relationTypeGroup": {"RULE_NODE"}}},
		{"to with escaped type", "/api/relations/to/DEVICE/" + relDevice + "/{type}", func(c *Client) ([]EntityRelation, error) {
			return c.Relations.FindByToPath(context.Background(), relDeviceID, &RelationFindOptions{RelationType: "Is Near"})
		}, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c, mux := setup(t)
			var gotType string
			mux.HandleFunc("GET "+tt.pattern, func(w http.ResponseWriter, r *http.Request) {
				gotType = r.PathValue("type")
				arCheck(t, r, arRequest{method: "GET", query: tt.query})
				io.WriteString(w, relListJSON)
			})
			got, err := tt.call(c)
			if err != nil {
				t.Fatal(err)
			}
			relListEqual(t, got, wantRelList())
			if strings.Contains(tt.pattern, "{type}") && gotType != "Is Near" {
				t.Errorf("relation type segment = %q", gotType)
			}
		})
	}
}

func TestRelationFindByQuery(t *testing.T) {
	c, mux := setup(t)
	wantBody := `{"parameters":{"rootId":"` + relAsset + `","rootType":"ASSET","direction":"FROM","relationTypeGroup":"COMMON",
		"maxLevel":2,"fetchLastLevelOnly":true},
		"filters":[{"relationType":"Contains","entityTypes":["DEVICE","ASSET"],"negate":false},{"relationType":"Manages","negate":true}]}`
	arServe(t, mux, "POST /api/relations", arRequest{method: "POST", body: wantBody}, 200, relListJSON)
	q := &EntityRelationsQuery{
		Parameters: NewRelationsSearch(relAssetID, DirectionFrom, 2),
		Filters: []RelationEntityTypeFilter{
			{RelationType: "Contains", EntityTypes: []EntityType{EntityTypeDevice, EntityTypeAsset}},
			{RelationType: "Manages", Negate: true},
		},
	}
	q.Parameters.RelationTypeGroup = RelationTypeGroupCommon
	q.Parameters.FetchLastLevelOnly = true
	got, err := c.Relations.FindByQuery(context.Background(), q)
	if err != nil {
		t.Fatal(err)
	}
	relListEqual(t, got, wantRelList())
}

func TestRelationFindInfoByQuery(t *testing.T) {
	c, mux := setup(t)
	wantBody := `{"parameters":{"rootId":"` + relDevice + `","rootType":"DEVICE","direction":"FROM","fetchLastLevelOnly":false},"filters":[]}`
	arServe(t, mux, "POST /api/relations/info", arRequest{method: "POST", body: wantBody}, 200, relInfoListJSON)
	got, err := c.Relations.FindInfoByQuery(context.Background(), &EntityRelationsQuery{
		Parameters: RelationsSearchParameters{RootID: relDevice, RootType: EntityTypeDevice},
	})
	if err != nil {
		t.Fatal(err)
	}
	if len(got) != 2 || got[0].ToName != "Thermostat" || got[1].ToName != "Floor 1" || got[1].Type != "Manages" {
		t.Fatalf("got %+v", got)
	}
}

func TestRelationErrorPassthrough(t *testing.T) {
	c, mux := setup(t)
	arServe(t, mux, "/api/relations", arRequest{method: "GET", query: url.Values{"fromId": {relAsset}, "fromType": {"ASSET"}}}, 403,
		`{"status":403,"message":"You don't have permission to perform this operation!","errorCode":20,"timestamp":1}`)
	_, err := c.Relations.FindByFrom(context.Background(), relAssetID, nil)
	if !errors.Is(err, ErrPermissionDenied) {
		t.Fatalf("err = %v", err)
	}
}

func TestRelationJSONRoundTrip(t *testing.T) {
	var r EntityRelationInfo
	in := `{"from":{"entityType":"ASSET","id":"a"},"to":{"entityType":"DEVICE","id":"d"},"type":"Contains",
		"typeGroup":"SOME_FUTURE_GROUP","additionalInfo":{"k":1},"fromName":"A","toName":"D"}`
	if err := json.Unmarshal([]byte(in), &r); err != nil {
		t.Fatal(err)
	}
	if r.TypeGroup != "SOME_FUTURE_GROUP" || r.FromName != "A" || r.ToName != "D" || r.From.ID != "a" {
		t.Fatalf("decoded %+v", r)
	}
	out, err := json.Marshal(r)
	if err != nil {
		t.Fatal(err)
	}
	var a, b any
	json.Unmarshal([]byte(in), &a)
	json.Unmarshal(out, &b)
	if !reflect.DeepEqual(a, b) {
		t.Errorf("round trip: %s", out)
	}
}
