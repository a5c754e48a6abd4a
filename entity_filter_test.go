package thingsboard

import (
	"encoding/json"
	"reflect"
	"strings"
	"testing"
)

// sameJSON fails the test unless a and b are equal JSON texts (compared as decoded values).
func sameJSON(t *testing.T, what string, got []byte, want string) {
	t.Helper()
	var g, w any
	if err := json.Unmarshal(got, &g); err != nil {
		t.Fatalf("%s: encoded %q is not JSON: %v", what, got, err)
	}
	if err := json.Unmarshal([]byte(want), &w); err != nil {
		t.Fatalf("%s: bad expected JSON %q: %v", what, want, err)
	}
	if !reflect.DeepEqual(g, w) {
		gb, _ := json.Marshal(g)
		wb, _ := json.Marshal(w)
		t.Errorf("%s:\n got  %s\n want %s", what, gb, wb)
	}
}

// The JSON texts below are written from the server's EntityFilter subtypes (OpenAPI
// schemas SingleEntityFilter ... EdgeSearchQueryFilter, and the Professional Edition
// models), with every field the server's model has set.
var filterCases = []struct {
	name string
	json string
	want EntityFilter
}{
	{"singleEntity", `{"type":"singleEntity","singleEntity":{"entityType":"DEVICE","id":"d521edb0-2a7a-11ec-94eb-213c95f54092"}}`,
		&SingleEntityFilter{SingleEntity: AliasEntityID{EntityType: EntityTypeDevice, ID: "d521edb0-2a7a-11ec-94eb-213c95f54092"}}},
	{"singleEntity CURRENT_CUSTOMER", `{"type":"singleEntity","singleEntity":{"entityType":"CURRENT_CUSTOMER"}}`,
		&SingleEntityFilter{SingleEntity: AliasEntityID{EntityType: AliasCurrentCustomer}}},
	{"singleEntity CURRENT_TENANT", `{"type":"singleEntity","singleEntity":{"entityType":"CURRENT_TENANT"}}`,
		&SingleEntityFilter{SingleEntity: AliasEntityID{EntityType: AliasCurrentTenant}}},
	{"singleEntity CURRENT_USER", `{"type":"singleEntity","singleEntity":{"entityType":"CURRENT_USER","id":"5f3c8a20-2a7a-11ec-94eb-213c95f54092"}}`,
		&SingleEntityFilter{SingleEntity: AliasEntityID{EntityType: AliasCurrentUser, ID: "5f3c8a20-2a7a-11ec-94eb-213c95f54092"}}},
	{"singleEntity CURRENT_USER_OWNER", `{"type":"singleEntity","singleEntity":{"entityType":"CURRENT_USER_OWNER"}}`,
		&SingleEntityFilter{SingleEntity: AliasEntityID{EntityType: AliasCurrentUserOwner}}},
	{"entityList", `{"type":"entityList","entityType":"DEVICE","entityList":["e6501f30-2a7a-11ec-94eb-213c95f54092","e6657bf0-2a7a-11ec-94eb-213c95f54092"]}`,
		&EntityListFilter{EntityType: EntityTypeDevice, EntityList: []string{"e6501f30-2a7a-11ec-94eb-213c95f54092", "e6657bf0-2a7a-11ec-94eb-213c95f54092"}}},
	{"entityName", `{"type":"entityName","entityType":"DEVICE","entityNameFilter":"Air Quality"}`,
		&EntityNameFilter{EntityType: EntityTypeDevice, EntityNameFilter: "Air Quality"}},
	{"entityType", `{"type":"entityType","entityType":"CUSTOMER"}`,
		&EntityTypeFilter{EntityType: EntityTypeCustomer}},
	{"assetType", `{"type":"assetType","assetTypes":["charging station","building"],"assetNameFilter":"Tesla"}`,
		&AssetTypeFilter{AssetTypes: []string{"charging station", "building"}, AssetNameFilter: "Tesla"}},
	{"assetType deprecated single type", `{"type":"assetType","assetTypes":[],"assetType":"building"}`,
		&AssetTypeFilter{AssetTypes: []string{}, AssetType: "building"}},
	{"deviceType", `{"type":"deviceType","deviceTypes":["Temperature Sensor"],"deviceNameFilter":"ABC"}`,
		&DeviceTypeFilter{DeviceTypes: []string{"Temperature Sensor"}, DeviceNameFilter: "ABC"}},
	{"entityViewType", `{"type":"entityViewType","entityViewTypes":["Concrete Mixer"],"entityViewNameFilter":"CAT"}`,
		&EntityViewTypeFilter{EntityViewTypes: []string{"Concrete Mixer"}, EntityViewNameFilter: "CAT"}},
	{"edgeType", `{"type":"edgeType","edgeTypes":["Factory"],"edgeNameFilter":"Nevada"}`,
		&EdgeTypeFilter{EdgeTypes: []string{"Factory"}, EdgeNameFilter: "Nevada"}},
	{"apiUsageState", `{"type":"apiUsageState","customerId":{"entityType":"CUSTOMER","id":"d521edb0-2a7a-11ec-94eb-213c95f54092"}}`,
		&APIUsageStateFilter{CustomerID: EntityID{EntityType: EntityTypeCustomer, ID: "d521edb0-2a7a-11ec-94eb-213c95f54092"}}},
	{"apiUsageState of the tenant", `{"type":"apiUsageState"}`, &APIUsageStateFilter{}},
	{"relationsQuery", `{"type":"relationsQuery","rootEntity":{"entityType":"ASSET","id":"e51de0c0-2a7a-11ec-94eb-213c95f54092"},
		"direction":"FROM","filters":[{"relationType":"Contains","entityTypes":["DEVICE","ASSET"],"negate":false}],
		"maxLevel":1,"fetchLastLevelOnly":false,"multiRoot":false,"negate":false,"rootStateEntity":false}`,
		&RelationsQueryFilter{RootEntity: AliasEntityID{EntityType: EntityTypeAsset, ID: "e51de0c0-2a7a-11ec-94eb-213c95f54092"},
			Direction: DirectionFrom, MaxLevel: 1,
			Filters: []RelationEntityTypeFilter{{RelationType: "Contains", EntityTypes: []EntityType{EntityTypeDevice, EntityTypeAsset}}}}},
	{"relationsQuery multi-root negated", `{"type":"relationsQuery","rootEntity":{"entityType":"CURRENT_USER_OWNER"},
		"direction":"TO","filters":[{"relationType":"Manages","entityTypes":[],"negate":true}],
		"maxLevel":3,"fetchLastLevelOnly":true,"multiRoot":true,"multiRootEntitiesType":"ASSET",
		"multiRootEntityIds":["a1","a2"],"negate":true,"rootStateEntity":true,
		"defaultStateEntity":{"entityType":"ASSET","id":"a3"}}`,
		&RelationsQueryFilter{RootEntity: AliasEntityID{EntityType: AliasCurrentUserOwner}, Direction: DirectionTo,
			Filters:  []RelationEntityTypeFilter{{RelationType: "Manages", EntityTypes: []EntityType{}, Negate: true}},
			MaxLevel: 3, FetchLastLevelOnly: true, MultiRoot: true, MultiRootEntitiesType: EntityTypeAsset,
			MultiRootEntityIDs: []string{"a1", "a2"}, Negate: true, RootStateEntity: true,
			DefaultStateEntity: &AliasEntityID{EntityType: EntityTypeAsset, ID: "a3"}}},
	{"assetSearchQuery", `{"type":"assetSearchQuery","rootEntity":{"entityType":"ASSET","id":"e51de0c0-2a7a-11ec-94eb-213c95f54092"},
		"relationType":"Contains","direction":"FROM","maxLevel":1,"fetchLastLevelOnly":false,"rootStateEntity":false,"assetTypes":["Tesla"]}`,
		&AssetSearchQueryFilter{RootEntity: AliasEntityID{EntityType: EntityTypeAsset, ID: "e51de0c0-2a7a-11ec-94eb-213c95f54092"},
			RelationType: "Contains", Direction: DirectionFrom, MaxLevel: 1, AssetTypes: []string{"Tesla"}}},
	{"deviceSearchQuery", `{"type":"deviceSearchQuery","rootEntity":{"entityType":"ASSET","id":"e52b0020-2a7a-11ec-94eb-213c95f54092"},
		"relationType":"Contains","direction":"FROM","maxLevel":2,"fetchLastLevelOnly":true,"rootStateEntity":true,
		"defaultStateEntity":{"entityType":"ASSET","id":"e52b0020-2a7a-11ec-94eb-213c95f54093"},"deviceTypes":["Air Quality Sensor","Charging port"]}`,
		&DeviceSearchQueryFilter{RootEntity: AliasEntityID{EntityType: EntityTypeAsset, ID: "e52b0020-2a7a-11ec-94eb-213c95f54092"},
			RelationType: "Contains", Direction: DirectionFrom, MaxLevel: 2, FetchLastLevelOnly: true, RootStateEntity: true,
			DefaultStateEntity: &AliasEntityID{EntityType: EntityTypeAsset, ID: "e52b0020-2a7a-11ec-94eb-213c95f54093"},
			DeviceTypes:        []string{"Air Quality Sensor", "Charging port"}}},
	{"entityViewSearchQuery", `{"type":"entityViewSearchQuery","rootEntity":{"entityType":"ASSET","id":"e52b0020-2a7a-11ec-94eb-213c95f54092"},
		"relationType":"Contains","direction":"FROM","maxLevel":1,"fetchLastLevelOnly":false,"rootStateEntity":false,"entityViewTypes":["Concrete Mixer"]}`,
		&EntityViewSearchQueryFilter{RootEntity: AliasEntityID{EntityType: EntityTypeAsset, ID: "e52b0020-2a7a-11ec-94eb-213c95f54092"},
			RelationType: "Contains", Direction: DirectionFrom, MaxLevel: 1, EntityViewTypes: []string{"Concrete Mixer"}}},
	{"edgeSearchQuery", `{"type":"edgeSearchQuery","rootEntity":{"entityType":"ASSET","id":"e52b0020-2a7a-11ec-94eb-213c95f54092"},
		"relationType":"Contains","direction":"TO","maxLevel":2,"fetchLastLevelOnly":false,"rootStateEntity":false,"edgeTypes":["Factory"]}`,
		&EdgeSearchQueryFilter{RootEntity: AliasEntityID{EntityType: EntityTypeAsset, ID: "e52b0020-2a7a-11ec-94eb-213c95f54092"},
			RelationType: "Contains", Direction: DirectionTo, MaxLevel: 2, EdgeTypes: []string{"Factory"}}},
	{"entityGroup", `{"type":"entityGroup","groupType":"DEVICE","entityGroup":"c1b4a9d0-2a7a-11ec-94eb-213c95f54092","groupStateEntity":false}`,
		&EntityGroupFilter{GroupType: EntityTypeDevice, EntityGroup: "c1b4a9d0-2a7a-11ec-94eb-213c95f54092"}},
	{"entityGroup state", `{"type":"entityGroup","groupType":"ASSET","entityGroup":"g1","groupStateEntity":true,"defaultStateGroupType":"ASSET","defaultStateEntityGroup":"g2"}`,
		&EntityGroupFilter{GroupType: EntityTypeAsset, EntityGroup: "g1", GroupStateEntity: true, DefaultStateGroupType: EntityTypeAsset, DefaultStateEntityGroup: "g2"}},
	{"entityGroupList", `{"type":"entityGroupList","groupType":"DEVICE","entityGroupList":["g1","g2"]}`,
		&EntityGroupListFilter{GroupType: EntityTypeDevice, EntityGroupList: []string{"g1", "g2"}}},
	{"entityGroupName", `{"type":"entityGroupName","groupType":"USER","entityGroupNameFilter":"Customer"}`,
		&EntityGroupNameFilter{GroupType: EntityTypeUser, EntityGroupNameFilter: "Customer"}},
	{"entitiesByGroupName", `{"type":"entitiesByGroupName","groupType":"DEVICE","ownerId":{"entityType":"CUSTOMER","id":"c1"},
		"entityGroupNameFilter":"Thermostats","groupStateEntity":true,"stateEntityParamName":"owner"}`,
		&EntitiesByGroupNameFilter{GroupType: EntityTypeDevice, OwnerID: EntityID{EntityType: EntityTypeCustomer, ID: "c1"},
			EntityGroupNameFilter: "Thermostats", GroupStateEntity: true, StateEntityParamName: "owner"}},
	{"stateEntityOwner", `{"type":"stateEntityOwner","singleEntity":{"entityType":"DEVICE","id":"d1"},"defaultStateEntity":{"entityType":"DEVICE","id":"d2"}}`,
		&StateEntityOwnerFilter{SingleEntity: AliasEntityID{EntityType: EntityTypeDevice, ID: "d1"},
			DefaultStateEntity: &AliasEntityID{EntityType: EntityTypeDevice, ID: "d2"}}},
	{"schedulerEvent", `{"type":"schedulerEvent","originator":{"entityType":"DEVICE","id":"d1"},"eventType":"generateReport","originatorStateEntity":false}`,
		&SchedulerEventFilter{Originator: &AliasEntityID{EntityType: EntityTypeDevice, ID: "d1"}, EventType: "generateReport"}},
}

func TestEntityFiltersRoundTrip(t *testing.T) {
	seen := map[EntityFilterType]bool{}
	for _, tc := range filterCases {
		t.Run(tc.name, func(t *testing.T) {
			got, err := UnmarshalEntityFilter([]byte(tc.json))
			if err != nil {
				t.Fatal(err)
			}
			if !reflect.DeepEqual(got, tc.want) {
				t.Fatalf("decoded %#v, want %#v", got, tc.want)
			}
			b, err := json.Marshal(got)
			if err != nil {
				t.Fatal(err)
			}
			sameJSON(t, "re-encoded", b, tc.json)
			// A filter built in Go, as a value rather than a pointer, encodes the same.
			v := reflect.ValueOf(tc.want).Elem().Interface()
			b, err = json.Marshal(v)
			if err != nil {
				t.Fatal(err)
			}
			sameJSON(t, "encoded value", b, tc.json)
			if !strings.HasPrefix(string(b), `{"type":"`+string(got.FilterType())+`"`) {
				t.Errorf("encoded %s does not start with its type", b)
			}
		})
		seen[tc.want.FilterType()] = true
	}
	for _, typ := range []EntityFilterType{FilterSingleEntity, FilterEntityList, FilterEntityName, FilterEntityType,
		FilterAssetType, FilterDeviceType, FilterEntityViewType, FilterEdgeType, FilterAPIUsageState, FilterRelationsQuery,
		FilterAssetSearchQuery, FilterDeviceSearchQuery, FilterEntityViewSearchQuery, FilterEdgeSearchQuery,
		FilterEntityGroup, FilterEntityGroupList, FilterEntityGroupName, FilterEntitiesByGroupName,
		FilterStateEntityOwner, FilterSchedulerEvent} {
		if !seen[typ] {
			t.Errorf("no round-trip case for %s", typ)
		}
	}
}

func TestEntityFilterServerNullsDecode(t *testing.T) {
	// The server writes absent fields as null.
	f, err := UnmarshalEntityFilter([]byte(`{"type":"deviceType","deviceTypes":["default"],"deviceNameFilter":null,"deviceType":null}`))
	if err != nil {
		t.Fatal(err)
	}
	want := &DeviceTypeFilter{DeviceTypes: []string{"default"}}
	if !reflect.DeepEqual(f, want) {
		t.Fatalf("got %#v", f)
	}
	f, err = UnmarshalEntityFilter([]byte(`{"type":"relationsQuery","rootEntity":{"entityType":"ASSET","id":"a"},"direction":"FROM",
		"filters":null,"maxLevel":0,"fetchLastLevelOnly":false,"multiRoot":false,"multiRootEntitiesType":null,
		"multiRootEntityIds":null,"negate":false,"rootStateEntity":false,"defaultStateEntity":null}`))
	if err != nil {
		t.Fatal(err)
	}
	// A nil Filters list is sent as [] (every relation).
	b, _ := json.Marshal(f)
	sameJSON(t, "relationsQuery", b, `{"type":"relationsQuery","rootEntity":{"entityType":"ASSET","id":"a"},"direction":"FROM",
		"filters":[],"maxLevel":0,"fetchLastLevelOnly":false,"multiRoot":false,"negate":false,"rootStateEntity":false}`)
}

func TestUnknownEntityFilterRoundTrips(t *testing.T) {
	in := `{"type":"entitiesByAiPrompt","prompt":"all chillers","limit":5,"nested":{"a":[1,2,{"b":null}]}}`
	f, err := UnmarshalEntityFilter([]byte(in))
	if err != nil {
		t.Fatal(err)
	}
	u, ok := f.(*UnknownFilter)
	if !ok {
		t.Fatalf("decoded %T, want *UnknownFilter", f)
	}
	if u.FilterType() != "entitiesByAiPrompt" {
		t.Errorf("type = %q", u.FilterType())
	}
	b, err := json.Marshal(EntityCountQuery{EntityFilter: f})
	if err != nil {
		t.Fatal(err)
	}
	if want := `{"entityFilter":` + in + `,"keyFilters":[]}`; string(b) != want {
		t.Errorf("re-encoded\n %s\nwant\n %s", b, want)
	}
}

func TestEntityFilterDecodeErrors(t *testing.T) {
	for _, in := range []string{`{"entityType":"DEVICE"}`, `[]`, `{"type":"entityType","entityType":5}`, `nope`} {
		if f, err := UnmarshalEntityFilter([]byte(in)); err == nil {
			t.Errorf("%s: decoded %#v, want an error", in, f)
		}
	}
}

func TestAliasEntityIDConvertsFromEntityID(t *testing.T) {
	id := NewEntityID(EntityTypeDevice, "d1")
	a := AliasEntityID(id)
	if a.IsAlias() || a.ID != "d1" {
		t.Fatalf("got %+v", a)
	}
	if !(AliasEntityID{EntityType: AliasCurrentTenant}).IsAlias() {
		t.Fatal("CURRENT_TENANT is an alias")
	}
}
