package thingsboard

import "strings"

// NullUUID is the id ThingsBoard uses for "no entity": the customer id of tenant-owned
// entities, the tenant id of the system administrator.
const NullUUID = "13814000-1dd2-11b2-8080-808080808080"

// EntityType names a kind of ThingsBoard entity as the server spells it ("DEVICE", "ASSET", ...).
// A value this package does not list, sent by a newer server, decodes and round-trips unchanged.
type EntityType string

// Entity types known to ThingsBoard CE and PE.
const (
	EntityTypeTenant               EntityType = "TENANT"
	EntityTypeCustomer             EntityType = "CUSTOMER"
	EntityTypeUser                 EntityType = "USER"
	EntityTypeDashboard            EntityType = "DASHBOARD"
	EntityTypeAsset                EntityType = "ASSET"
	EntityTypeDevice               EntityType = "DEVICE"
	EntityTypeAlarm                EntityType = "ALARM"
	EntityTypeRuleChain            EntityType = "RULE_CHAIN"
	EntityTypeRuleNode             EntityType = "RULE_NODE"
	EntityTypeEntityView           EntityType = "ENTITY_VIEW"
	EntityTypeWidgetsBundle        EntityType = "WIDGETS_BUNDLE"
	EntityTypeWidgetType           EntityType = "WIDGET_TYPE"
	EntityTypeTenantProfile        EntityType = "TENANT_PROFILE"
	EntityTypeDeviceProfile        EntityType = "DEVICE_PROFILE"
	EntityTypeAssetProfile         EntityType = "ASSET_PROFILE"
	EntityTypeAPIUsageState        EntityType = "API_USAGE_STATE"
	EntityTypeTBResource           EntityType = "TB_RESOURCE"
	EntityTypeOTAPackage           EntityType = "OTA_PACKAGE"
	EntityTypeEdge                 EntityType = "EDGE"
	EntityTypeRPC                  EntityType = "RPC"
	EntityTypeQueue                EntityType = "QUEUE"
	EntityTypeNotificationTarget   EntityType = "NOTIFICATION_TARGET"
	EntityTypeNotificationTemplate EntityType = "NOTIFICATION_TEMPLATE"
	EntityTypeNotificationRequest  EntityType = "NOTIFICATION_REQUEST"
	EntityTypeNotification         EntityType = "NOTIFICATION"
	EntityTypeNotificationRule     EntityType = "NOTIFICATION_RULE"
	EntityTypeCalculatedField      EntityType = "CALCULATED_FIELD"
	EntityTypeJob                  EntityType = "JOB"
	EntityTypeAIModel              EntityType = "AI_MODEL"
	EntityTypeAPIKey               EntityType = "API_KEY"
	// Professional Edition entity types.
	EntityTypeEntityGroup     EntityType = "ENTITY_GROUP"
	EntityTypeConverter       EntityType = "CONVERTER"
	EntityTypeIntegration     EntityType = "INTEGRATION"
	EntityTypeSchedulerEvent  EntityType = "SCHEDULER_EVENT"
	EntityTypeBlobEntity      EntityType = "BLOB_ENTITY"
	EntityTypeRole            EntityType = "ROLE"
	EntityTypeGroupPermission EntityType = "GROUP_PERMISSION"
)

// EntityID identifies an entity: its type and its UUID. The server writes it as
// {"entityType":"DEVICE","id":"..."}; the zero value means "no id" and is omitted
// from request bodies, so saving a model with a zero ID creates a new entity.
type EntityID struct {
	EntityType EntityType `json:"entityType"`
	ID         string     `json:"id"`
}

// NewEntityID returns the id of the entity of type t with UUID id.
func NewEntityID(t EntityType, id string) EntityID { return EntityID{EntityType: t, ID: id} }

// IsZero reports whether the id is unset.
func (e EntityID) IsZero() bool { return e.ID == "" && e.EntityType == "" }

// IsNull reports whether the id is ThingsBoard's null id (NullUUID) or unset.
func (e EntityID) IsNull() bool { return e.ID == "" || e.ID == NullUUID }

// String returns "TYPE:uuid".
func (e EntityID) String() string { return string(e.EntityType) + ":" + e.ID }

// ParseEntityType returns the EntityType for s, accepting any letter case.
func ParseEntityType(s string) EntityType { return EntityType(strings.ToUpper(s)) }
