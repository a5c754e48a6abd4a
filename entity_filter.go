package thingsboard

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
)

// EntityFilterType is the "type" discriminator of an entity filter.
type EntityFilterType string

// Entity filter types. The last six are Professional Edition only.
const (
	FilterSingleEntity          EntityFilterType = "singleEntity"
	FilterEntityList            EntityFilterType = "entityList"
	FilterEntityName            EntityFilterType = "entityName"
	FilterEntityType            EntityFilterType = "entityType"
	FilterAssetType             EntityFilterType = "assetType"
	FilterDeviceType            EntityFilterType = "deviceType"
	FilterEntityViewType        EntityFilterType = "entityViewType"
	FilterEdgeType              EntityFilterType = "edgeType"
	FilterAPIUsageState         EntityFilterType = "apiUsageState"
	FilterRelationsQuery        EntityFilterType = "relationsQuery"
	FilterAssetSearchQuery      EntityFilterType = "assetSearchQuery"
	FilterDeviceSearchQuery     EntityFilterType = "deviceSearchQuery"
	FilterEntityViewSearchQuery EntityFilterType = "entityViewSearchQuery"
	FilterEdgeSearchQuery       EntityFilterType = "edgeSearchQuery"
	FilterEntityGroup           EntityFilterType = "entityGroup"
	FilterEntityGroupList       EntityFilterType = "entityGroupList"
	FilterEntityGroupName       EntityFilterType = "entityGroupName"
	FilterEntitiesByGroupName   EntityFilterType = "entitiesByGroupName"
	FilterStateEntityOwner      EntityFilterType = "stateEntityOwner"
	FilterSchedulerEvent        EntityFilterType = "schedulerEvent"
)

// EntityFilter selects the entities of an entity query. Each filter type of the server is
// one Go type of this package (EntityTypeFilter, RelationsQueryFilter, ...), which writes
// its "type" discriminator when marshalled; a filter type this package does not know
// decodes into an UnknownFilter. Decode one with UnmarshalEntityFilter; decoded filters
// are pointers (*EntityTypeFilter, ...).
type EntityFilter interface {
	// FilterType returns the filter's "type" discriminator.
	FilterType() EntityFilterType
}

// Alias entity types: a SingleEntityFilter or a relation root may name the caller's
// customer, tenant, user or owner instead of a fixed entity (4.2+). The id is then optional.
const (
	AliasCurrentCustomer  EntityType = "CURRENT_CUSTOMER"
	AliasCurrentTenant    EntityType = "CURRENT_TENANT"
	AliasCurrentUser      EntityType = "CURRENT_USER"
	AliasCurrentUserOwner EntityType = "CURRENT_USER_OWNER"
)

// AliasEntityID is an entity id that may also be an alias (AliasCurrentCustomer, ...), in
// which case ID may be empty and is then omitted. Convert an EntityID with
// AliasEntityID(id).
type AliasEntityID struct {
	EntityType EntityType `json:"entityType"`
	ID         string     `json:"id,omitempty"`
}

// IsAlias reports whether the id is one of the CURRENT_* aliases.
func (a AliasEntityID) IsAlias() bool {
	switch a.EntityType {
	case AliasCurrentCustomer, AliasCurrentTenant, AliasCurrentUser, AliasCurrentUserOwner:
		return true
	}
	return false
}

// EntitySearchDirection is the direction relations are followed in: FROM the root to
// related entities, or TO the root from entities related to it.
type EntitySearchDirection string

// Relation search directions.
const (
	DirectionFrom EntitySearchDirection = "FROM"
	DirectionTo   EntitySearchDirection = "TO"
)

// RelationEntityTypeFilter keeps the relations of one type (any when empty) that lead to
// entities of the given types (any when empty); Negate inverts the relation type test.
type RelationEntityTypeFilter struct {
	RelationType string       `json:"relationType,omitzero"`
	EntityTypes  []EntityType `json:"entityTypes,omitzero"`
	Negate       bool         `json:"negate"`
}

// marshalTyped encodes v, a struct, with "type":typ as its first member.
func marshalTyped(typ EntityFilterType, v any) ([]byte, error) {
	return marshalWithType(string(typ), v)
}

func marshalWithType(typ string, v any) ([]byte, error) {
	b, err := json.Marshal(v)
	if err != nil {
		return nil, err
	}
	t, _ := json.Marshal(typ)
	out := make([]byte, 0, len(b)+len(t)+9)
	out = append(out, `{"type":`...)
	out = append(out, t...)
	if len(b) > 2 {
		out = append(out, ',')
	}
	return append(out, b[1:]...), nil
}

// SingleEntityFilter selects one entity, or the caller's customer, tenant, user or owner
// when SingleEntity is an alias.
type SingleEntityFilter struct {
	SingleEntity AliasEntityID `json:"singleEntity"`
}

// FilterType returns "singleEntity".
func (SingleEntityFilter) FilterType() EntityFilterType { return FilterSingleEntity }

// MarshalJSON writes the filter with its type.
func (f SingleEntityFilter) MarshalJSON() ([]byte, error) {
	type plain SingleEntityFilter
	return marshalTyped(f.FilterType(), plain(f))
}

// EntityListFilter selects entities of one type by their ids.
type EntityListFilter struct {
	EntityType EntityType `json:"entityType"`
	EntityList []string   `json:"entityList"`
}

// FilterType returns "entityList".
func (EntityListFilter) FilterType() EntityFilterType { return FilterEntityList }

// MarshalJSON writes the filter with its type.
func (f EntityListFilter) MarshalJSON() ([]byte, error) {
	type plain EntityListFilter
	p := plain(f)
	p.EntityList = nonNil(p.EntityList)
	return marshalTyped(f.FilterType(), p)
}

// EntityNameFilter selects entities of one type whose name starts with EntityNameFilter,
// ignoring case. A filter that starts or ends with % is a SQL LIKE pattern.
type EntityNameFilter struct {
	EntityType       EntityType `json:"entityType"`
	EntityNameFilter string     `json:"entityNameFilter"`
}

// FilterType returns "entityName".
func (EntityNameFilter) FilterType() EntityFilterType { return FilterEntityName }

// MarshalJSON writes the filter with its type.
func (f EntityNameFilter) MarshalJSON() ([]byte, error) {
	type plain EntityNameFilter
	return marshalTyped(f.FilterType(), plain(f))
}

// EntityTypeFilter selects every entity of one type.
type EntityTypeFilter struct {
	EntityType EntityType `json:"entityType"`
}

// FilterType returns "entityType".
func (EntityTypeFilter) FilterType() EntityFilterType { return FilterEntityType }

// MarshalJSON writes the filter with its type.
func (f EntityTypeFilter) MarshalJSON() ([]byte, error) {
	type plain EntityTypeFilter
	return marshalTyped(f.FilterType(), plain(f))
}

// AssetTypeFilter selects assets of the given types (asset profile names), optionally
// whose name starts with AssetNameFilter.
type AssetTypeFilter struct {
	AssetTypes      []string `json:"assetTypes"`
	AssetNameFilter string   `json:"assetNameFilter,omitzero"`
	// AssetType is the single type of servers before 3.5; it is added to AssetTypes.
	//
	// Deprecated: use AssetTypes.
	AssetType string `json:"assetType,omitzero"`
}

// FilterType returns "assetType".
func (AssetTypeFilter) FilterType() EntityFilterType { return FilterAssetType }

// MarshalJSON writes the filter with its type.
func (f AssetTypeFilter) MarshalJSON() ([]byte, error) {
	type plain AssetTypeFilter
	p := plain(f)
	p.AssetTypes = nonNil(p.AssetTypes)
	return marshalTyped(f.FilterType(), p)
}

// DeviceTypeFilter selects devices of the given types (device profile names), optionally
// whose name starts with DeviceNameFilter.
type DeviceTypeFilter struct {
	DeviceTypes      []string `json:"deviceTypes"`
	DeviceNameFilter string   `json:"deviceNameFilter,omitzero"`
	// DeviceType is the single type of servers before 3.5.
	//
	// Deprecated: use DeviceTypes.
	DeviceType string `json:"deviceType,omitzero"`
}

// FilterType returns "deviceType".
func (DeviceTypeFilter) FilterType() EntityFilterType { return FilterDeviceType }

// MarshalJSON writes the filter with its type.
func (f DeviceTypeFilter) MarshalJSON() ([]byte, error) {
	type plain DeviceTypeFilter
	p := plain(f)
	p.DeviceTypes = nonNil(p.DeviceTypes)
	return marshalTyped(f.FilterType(), p)
}

// EntityViewTypeFilter selects entity views of the given types, optionally whose name
// starts with EntityViewNameFilter.
type EntityViewTypeFilter struct {
	EntityViewTypes      []string `json:"entityViewTypes"`
	EntityViewNameFilter string   `json:"entityViewNameFilter,omitzero"`
	// EntityViewType is the single type of servers before 3.5.
	//
	// Deprecated: use EntityViewTypes.
	EntityViewType string `json:"entityViewType,omitzero"`
}

// FilterType returns "entityViewType".
func (EntityViewTypeFilter) FilterType() EntityFilterType { return FilterEntityViewType }

// MarshalJSON writes the filter with its type.
func (f EntityViewTypeFilter) MarshalJSON() ([]byte, error) {
	type plain EntityViewTypeFilter
	p := plain(f)
	p.EntityViewTypes = nonNil(p.EntityViewTypes)
	return marshalTyped(f.FilterType(), p)
}

// EdgeTypeFilter selects edges of the given types, optionally whose name starts with
// EdgeNameFilter.
type EdgeTypeFilter struct {
	EdgeTypes      []string `json:"edgeTypes"`
	EdgeNameFilter string   `json:"edgeNameFilter,omitzero"`
	// EdgeType is the single type of servers before 3.5.
	//
	// Deprecated: use EdgeTypes.
	EdgeType string `json:"edgeType,omitzero"`
}

// FilterType returns "edgeType".
func (EdgeTypeFilter) FilterType() EntityFilterType { return FilterEdgeType }

// MarshalJSON writes the filter with its type.
func (f EdgeTypeFilter) MarshalJSON() ([]byte, error) {
	type plain EdgeTypeFilter
	p := plain(f)
	p.EdgeTypes = nonNil(p.EdgeTypes)
	return marshalTyped(f.FilterType(), p)
}

// APIUsageStateFilter selects the API usage state of the tenant, or of CustomerID when set.
type APIUsageStateFilter struct {
	CustomerID EntityID `json:"customerId,omitzero"`
}

// FilterType returns "apiUsageState".
func (APIUsageStateFilter) FilterType() EntityFilterType { return FilterAPIUsageState }

// MarshalJSON writes the filter with its type.
func (f APIUsageStateFilter) MarshalJSON() ([]byte, error) {
	type plain APIUsageStateFilter
	return marshalTyped(f.FilterType(), plain(f))
}

// RelationsQueryFilter selects the entities related to RootEntity (or, with MultiRoot, to
// each of MultiRootEntityIDs), following relations in Direction up to MaxLevel levels.
type RelationsQueryFilter struct {
	RootEntity AliasEntityID         `json:"rootEntity"`
	Direction  EntitySearchDirection `json:"direction"`
	// Filters keep relations by type and related entity type; none keeps all.
	Filters            []RelationEntityTypeFilter `json:"filters"`
	MaxLevel           int                        `json:"maxLevel"`
	FetchLastLevelOnly bool                       `json:"fetchLastLevelOnly"`
	// MultiRoot (3.7+) starts from several roots of one type.
	MultiRoot             bool       `json:"multiRoot"`
	MultiRootEntitiesType EntityType `json:"multiRootEntitiesType,omitzero"`
	MultiRootEntityIDs    []string   `json:"multiRootEntityIds,omitzero"`
	// Negate (3.7+) selects the entities that are not related.
	Negate             bool           `json:"negate"`
	RootStateEntity    bool           `json:"rootStateEntity"`
	DefaultStateEntity *AliasEntityID `json:"defaultStateEntity,omitzero"`
}

// FilterType returns "relationsQuery".
func (RelationsQueryFilter) FilterType() EntityFilterType { return FilterRelationsQuery }

// MarshalJSON writes the filter with its type.
func (f RelationsQueryFilter) MarshalJSON() ([]byte, error) {
	type plain RelationsQueryFilter
	p := plain(f)
	p.Filters = nonNil(p.Filters)
	return marshalTyped(f.FilterType(), p)
}

// AssetSearchQueryFilter selects assets of AssetTypes related to RootEntity by relations
// of RelationType, followed in Direction up to MaxLevel levels.
type AssetSearchQueryFilter struct {
	RootEntity         AliasEntityID         `json:"rootEntity"`
	RelationType       string                `json:"relationType,omitzero"`
	Direction          EntitySearchDirection `json:"direction"`
	MaxLevel           int                   `json:"maxLevel"`
	FetchLastLevelOnly bool                  `json:"fetchLastLevelOnly"`
	RootStateEntity    bool                  `json:"rootStateEntity"`
	DefaultStateEntity *AliasEntityID        `json:"defaultStateEntity,omitzero"`
	AssetTypes         []string              `json:"assetTypes"`
}

// FilterType returns "assetSearchQuery".
func (AssetSearchQueryFilter) FilterType() EntityFilterType { return FilterAssetSearchQuery }

// MarshalJSON writes the filter with its type.
func (f AssetSearchQueryFilter) MarshalJSON() ([]byte, error) {
	type plain AssetSearchQueryFilter
	p := plain(f)
	p.AssetTypes = nonNil(p.AssetTypes)
	return marshalTyped(f.FilterType(), p)
}

// DeviceSearchQueryFilter selects devices of DeviceTypes related to RootEntity by
// relations of RelationType, followed in Direction up to MaxLevel levels.
type DeviceSearchQueryFilter struct {
	RootEntity         AliasEntityID         `json:"rootEntity"`
	RelationType       string                `json:"relationType,omitzero"`
	Direction          EntitySearchDirection `json:"direction"`
	MaxLevel           int                   `json:"maxLevel"`
	FetchLastLevelOnly bool                  `json:"fetchLastLevelOnly"`
	RootStateEntity    bool                  `json:"rootStateEntity"`
	DefaultStateEntity *AliasEntityID        `json:"defaultStateEntity,omitzero"`
	DeviceTypes        []string              `json:"deviceTypes"`
}

// FilterType returns "deviceSearchQuery".
func (DeviceSearchQueryFilter) FilterType() EntityFilterType { return FilterDeviceSearchQuery }

// MarshalJSON writes the filter with its type.
func (f DeviceSearchQueryFilter) MarshalJSON() ([]byte, error) {
	type plain DeviceSearchQueryFilter
	p := plain(f)
	p.DeviceTypes = nonNil(p.DeviceTypes)
	return marshalTyped(f.FilterType(), p)
}

// EntityViewSearchQueryFilter selects entity views of EntityViewTypes related to
// RootEntity by relations of RelationType, followed in Direction up to MaxLevel levels.
type EntityViewSearchQueryFilter struct {
	RootEntity         AliasEntityID         `json:"rootEntity"`
	RelationType       string                `json:"relationType,omitzero"`
	Direction          EntitySearchDirection `json:"direction"`
	MaxLevel           int                   `json:"maxLevel"`
	FetchLastLevelOnly bool                  `json:"fetchLastLevelOnly"`
	RootStateEntity    bool                  `json:"rootStateEntity"`
	DefaultStateEntity *AliasEntityID        `json:"defaultStateEntity,omitzero"`
	EntityViewTypes    []string              `json:"entityViewTypes"`
}

// FilterType returns "entityViewSearchQuery".
func (EntityViewSearchQueryFilter) FilterType() EntityFilterType { return FilterEntityViewSearchQuery }

// MarshalJSON writes the filter with its type.
func (f EntityViewSearchQueryFilter) MarshalJSON() ([]byte, error) {
	type plain EntityViewSearchQueryFilter
	p := plain(f)
	p.EntityViewTypes = nonNil(p.EntityViewTypes)
	return marshalTyped(f.FilterType(), p)
}

// EdgeSearchQueryFilter selects edges of EdgeTypes related to RootEntity by relations of
// RelationType, followed in Direction up to MaxLevel levels.
type EdgeSearchQueryFilter struct {
	RootEntity         AliasEntityID         `json:"rootEntity"`
	RelationType       string                `json:"relationType,omitzero"`
	Direction          EntitySearchDirection `json:"direction"`
	MaxLevel           int                   `json:"maxLevel"`
	FetchLastLevelOnly bool                  `json:"fetchLastLevelOnly"`
	RootStateEntity    bool                  `json:"rootStateEntity"`
	DefaultStateEntity *AliasEntityID        `json:"defaultStateEntity,omitzero"`
	EdgeTypes          []string              `json:"edgeTypes"`
}

// FilterType returns "edgeSearchQuery".
func (EdgeSearchQueryFilter) FilterType() EntityFilterType { return FilterEdgeSearchQuery }

// MarshalJSON writes the filter with its type.
func (f EdgeSearchQueryFilter) MarshalJSON() ([]byte, error) {
	type plain EdgeSearchQueryFilter
	p := plain(f)
	p.EdgeTypes = nonNil(p.EdgeTypes)
	return marshalTyped(f.FilterType(), p)
}

// EntityGroupFilter (Professional Edition) selects the entities of one entity group.
type EntityGroupFilter struct {
	GroupType               EntityType `json:"groupType"`
	EntityGroup             string     `json:"entityGroup"`
	GroupStateEntity        bool       `json:"groupStateEntity"`
	DefaultStateGroupType   EntityType `json:"defaultStateGroupType,omitzero"`
	DefaultStateEntityGroup string     `json:"defaultStateEntityGroup,omitzero"`
}

// FilterType returns "entityGroup".
func (EntityGroupFilter) FilterType() EntityFilterType { return FilterEntityGroup }

// MarshalJSON writes the filter with its type.
func (f EntityGroupFilter) MarshalJSON() ([]byte, error) {
	type plain EntityGroupFilter
	return marshalTyped(f.FilterType(), plain(f))
}

// EntityGroupListFilter (Professional Edition) selects entity groups of GroupType by id.
type EntityGroupListFilter struct {
	GroupType       EntityType `json:"groupType"`
	EntityGroupList []string   `json:"entityGroupList"`
}

// FilterType returns "entityGroupList".
func (EntityGroupListFilter) FilterType() EntityFilterType { return FilterEntityGroupList }

// MarshalJSON writes the filter with its type.
func (f EntityGroupListFilter) MarshalJSON() ([]byte, error) {
	type plain EntityGroupListFilter
	p := plain(f)
	p.EntityGroupList = nonNil(p.EntityGroupList)
	return marshalTyped(f.FilterType(), p)
}

// EntityGroupNameFilter (Professional Edition) selects entity groups of GroupType whose
// name starts with EntityGroupNameFilter.
type EntityGroupNameFilter struct {
	GroupType             EntityType `json:"groupType"`
	EntityGroupNameFilter string     `json:"entityGroupNameFilter"`
}

// FilterType returns "entityGroupName".
func (EntityGroupNameFilter) FilterType() EntityFilterType { return FilterEntityGroupName }

// MarshalJSON writes the filter with its type.
func (f EntityGroupNameFilter) MarshalJSON() ([]byte, error) {
	type plain EntityGroupNameFilter
	return marshalTyped(f.FilterType(), plain(f))
}

// EntitiesByGroupNameFilter (Professional Edition) selects the entities of the group of
// GroupType named EntityGroupNameFilter, owned by OwnerID (the caller's owner when zero).
type EntitiesByGroupNameFilter struct {
	GroupType             EntityType `json:"groupType"`
	OwnerID               EntityID   `json:"ownerId,omitzero"`
	EntityGroupNameFilter string     `json:"entityGroupNameFilter"`
	GroupStateEntity      bool       `json:"groupStateEntity"`
	StateEntityParamName  string     `json:"stateEntityParamName,omitzero"`
}

// FilterType returns "entitiesByGroupName".
func (EntitiesByGroupNameFilter) FilterType() EntityFilterType { return FilterEntitiesByGroupName }

// MarshalJSON writes the filter with its type.
func (f EntitiesByGroupNameFilter) MarshalJSON() ([]byte, error) {
	type plain EntitiesByGroupNameFilter
	return marshalTyped(f.FilterType(), plain(f))
}

// StateEntityOwnerFilter (Professional Edition) selects the owner (tenant or customer) of
// SingleEntity.
type StateEntityOwnerFilter struct {
	SingleEntity       AliasEntityID  `json:"singleEntity"`
	DefaultStateEntity *AliasEntityID `json:"defaultStateEntity,omitzero"`
}

// FilterType returns "stateEntityOwner".
func (StateEntityOwnerFilter) FilterType() EntityFilterType { return FilterStateEntityOwner }

// MarshalJSON writes the filter with its type.
func (f StateEntityOwnerFilter) MarshalJSON() ([]byte, error) {
	type plain StateEntityOwnerFilter
	return marshalTyped(f.FilterType(), plain(f))
}

// SchedulerEventFilter (Professional Edition) selects scheduler events, optionally of one
// originator and one event type.
type SchedulerEventFilter struct {
	Originator            *AliasEntityID `json:"originator,omitzero"`
	EventType             string         `json:"eventType,omitzero"`
	OriginatorStateEntity bool           `json:"originatorStateEntity"`
	DefaultStateEntity    *AliasEntityID `json:"defaultStateEntity,omitzero"`
}

// FilterType returns "schedulerEvent".
func (SchedulerEventFilter) FilterType() EntityFilterType { return FilterSchedulerEvent }

// MarshalJSON writes the filter with its type.
func (f SchedulerEventFilter) MarshalJSON() ([]byte, error) {
	type plain SchedulerEventFilter
	return marshalTyped(f.FilterType(), plain(f))
}

// UnknownFilter is an entity filter of a type this package does not know, as a newer
// server may send. It keeps the filter's JSON and encodes back to it unchanged.
type UnknownFilter struct {
	Type string
	Raw  json.RawMessage
}

// FilterType returns the filter's type.
func (f UnknownFilter) FilterType() EntityFilterType { return EntityFilterType(f.Type) }

// MarshalJSON returns the filter's original JSON.
func (f UnknownFilter) MarshalJSON() ([]byte, error) {
	if len(f.Raw) == 0 {
		return marshalWithType(f.Type, struct{}{})
	}
	return f.Raw, nil
}

// peekType returns the "type" member of a JSON object.
func peekType(data []byte) (string, error) {
	var head struct {
		Type *string `json:"type"`
	}
	if err := json.Unmarshal(data, &head); err != nil {
		return "", err
	}
	if head.Type == nil {
		return "", errors.New("missing type")
	}
	return *head.Type, nil
}

// UnmarshalEntityFilter decodes an entity filter by its "type" member into a pointer to
// the matching filter type, or into *UnknownFilter for a type this package does not know.
func UnmarshalEntityFilter(data []byte) (EntityFilter, error) {
	typ, err := peekType(data)
	if err != nil {
		return nil, fmt.Errorf("thingsboard: entity filter: %w", err)
	}
	var f EntityFilter
	switch EntityFilterType(typ) {
	case FilterSingleEntity:
		f = new(SingleEntityFilter)
	case FilterEntityList:
		f = new(EntityListFilter)
	case FilterEntityName:
		f = new(EntityNameFilter)
	case FilterEntityType:
		f = new(EntityTypeFilter)
	case FilterAssetType:
		f = new(AssetTypeFilter)
	case FilterDeviceType:
		f = new(DeviceTypeFilter)
	case FilterEntityViewType:
		f = new(EntityViewTypeFilter)
	case FilterEdgeType:
		f = new(EdgeTypeFilter)
	case FilterAPIUsageState:
		f = new(APIUsageStateFilter)
	case FilterRelationsQuery:
		f = new(RelationsQueryFilter)
	case FilterAssetSearchQuery:
		f = new(AssetSearchQueryFilter)
	case FilterDeviceSearchQuery:
		f = new(DeviceSearchQueryFilter)
	case FilterEntityViewSearchQuery:
		f = new(EntityViewSearchQueryFilter)
	case FilterEdgeSearchQuery:
		f = new(EdgeSearchQueryFilter)
	case FilterEntityGroup:
		f = new(EntityGroupFilter)
	case FilterEntityGroupList:
		f = new(EntityGroupListFilter)
	case FilterEntityGroupName:
		f = new(EntityGroupNameFilter)
	case FilterEntitiesByGroupName:
		f = new(EntitiesByGroupNameFilter)
	case FilterStateEntityOwner:
		f = new(StateEntityOwnerFilter)
	case FilterSchedulerEvent:
		f = new(SchedulerEventFilter)
	default:
		var buf bytes.Buffer
		if err := json.Compact(&buf, data); err != nil {
			return nil, fmt.Errorf("thingsboard: entity filter: %w", err)
		}
		return &UnknownFilter{Type: typ, Raw: buf.Bytes()}, nil
	}
	if err := json.Unmarshal(data, f); err != nil {
		return nil, fmt.Errorf("thingsboard: entity filter %q: %w", typ, err)
	}
	return f, nil
}
