package thingsboard

import (
	"fmt"
	"strings"
)

// Resource is a kind of object that a Professional Edition role grants operations on,
// as the server spells it ("DEVICE", "DEVICE_GROUP", "ALL", ...). A value this package
// does not list, sent by a newer server, decodes and round-trips unchanged.
type Resource string

// Resources of the Professional Edition permission model.
const (
	ResourceAll                         Resource = "ALL"
	ResourceProfile                     Resource = "PROFILE"
	ResourceAdminSettings               Resource = "ADMIN_SETTINGS"
	ResourceAlarm                       Resource = "ALARM"
	ResourceDevice                      Resource = "DEVICE"
	ResourceAsset                       Resource = "ASSET"
	ResourceCustomer                    Resource = "CUSTOMER"
	ResourceDashboard                   Resource = "DASHBOARD"
	ResourceEntityView                  Resource = "ENTITY_VIEW"
	ResourceEdge                        Resource = "EDGE"
	ResourceTenant                      Resource = "TENANT"
	ResourceRuleChain                   Resource = "RULE_CHAIN"
	ResourceUser                        Resource = "USER"
	ResourceWidgetsBundle               Resource = "WIDGETS_BUNDLE"
	ResourceWidgetType                  Resource = "WIDGET_TYPE"
	ResourceOAuth2Client                Resource = "OAUTH2_CLIENT"
	ResourceDomain                      Resource = "DOMAIN"
	ResourceMobileApp                   Resource = "MOBILE_APP"
	ResourceMobileAppBundle             Resource = "MOBILE_APP_BUNDLE"
	ResourceOAuth2ConfigurationTemplate Resource = "OAUTH2_CONFIGURATION_TEMPLATE"
	ResourceTenantProfile               Resource = "TENANT_PROFILE"
	ResourceDeviceProfile               Resource = "DEVICE_PROFILE"
	ResourceAssetProfile                Resource = "ASSET_PROFILE"
	ResourceConverter                   Resource = "CONVERTER"
	ResourceIntegration                 Resource = "INTEGRATION"
	ResourceSchedulerEvent              Resource = "SCHEDULER_EVENT"
	ResourceBlobEntity                  Resource = "BLOB_ENTITY"
	ResourceCustomerGroup               Resource = "CUSTOMER_GROUP"
	ResourceDeviceGroup                 Resource = "DEVICE_GROUP"
	ResourceAssetGroup                  Resource = "ASSET_GROUP"
	ResourceUserGroup                   Resource = "USER_GROUP"
	ResourceEntityViewGroup             Resource = "ENTITY_VIEW_GROUP"
	ResourceEdgeGroup                   Resource = "EDGE_GROUP"
	ResourceDashboardGroup              Resource = "DASHBOARD_GROUP"
	ResourceRole                        Resource = "ROLE"
	ResourceGroupPermission             Resource = "GROUP_PERMISSION"
	ResourceWhiteLabeling               Resource = "WHITE_LABELING"
	ResourceAuditLog                    Resource = "AUDIT_LOG"
	ResourceAPIUsageState               Resource = "API_USAGE_STATE"
	ResourceTBResource                  Resource = "TB_RESOURCE"
	ResourceOTAPackage                  Resource = "OTA_PACKAGE"
	ResourceQueue                       Resource = "QUEUE"
	ResourceQueueStats                  Resource = "QUEUE_STATS"
	ResourceVersionControl              Resource = "VERSION_CONTROL"
	ResourceNotification                Resource = "NOTIFICATION"
	ResourceMobileAppSettings           Resource = "MOBILE_APP_SETTINGS"
	ResourceCustomMenu                  Resource = "CUSTOM_MENU"
	ResourceJob                         Resource = "JOB"
	ResourceSecret                      Resource = "SECRET"
	ResourceReportTemplate              Resource = "REPORT_TEMPLATE"
	ResourceReport                      Resource = "REPORT"
	ResourceAIModel                     Resource = "AI_MODEL"
	ResourceAPIKey                      Resource = "API_KEY"
)

// Operation is an action that a Professional Edition role grants on a resource, as the
// server spells it ("READ", "WRITE", "ALL", ...). A value this package does not list
// decodes and round-trips unchanged.
type Operation string

// Operations of the Professional Edition permission model.
const (
	OperationAll                  Operation = "ALL"
	OperationCreate               Operation = "CREATE"
	OperationRead                 Operation = "READ"
	OperationWrite                Operation = "WRITE"
	OperationDelete               Operation = "DELETE"
	OperationRPCCall              Operation = "RPC_CALL"
	OperationReadCredentials      Operation = "READ_CREDENTIALS"
	OperationWriteCredentials     Operation = "WRITE_CREDENTIALS"
	OperationReadAttributes       Operation = "READ_ATTRIBUTES"
	OperationWriteAttributes      Operation = "WRITE_ATTRIBUTES"
	OperationReadTelemetry        Operation = "READ_TELEMETRY"
	OperationWriteTelemetry       Operation = "WRITE_TELEMETRY"
	OperationAddToGroup           Operation = "ADD_TO_GROUP"
	OperationRemoveFromGroup      Operation = "REMOVE_FROM_GROUP"
	OperationChangeOwner          Operation = "CHANGE_OWNER"
	OperationImpersonate          Operation = "IMPERSONATE"
	OperationClaimDevices         Operation = "CLAIM_DEVICES"
	OperationShareGroup           Operation = "SHARE_GROUP"
	OperationAssignToTenant       Operation = "ASSIGN_TO_TENANT"
	OperationReadCalculatedField  Operation = "READ_CALCULATED_FIELD"
	OperationWriteCalculatedField Operation = "WRITE_CALCULATED_FIELD"
)

// EntityGroupTypes returns the entity types that entity groups can hold: DEVICE,
// ASSET, ENTITY_VIEW, DASHBOARD, CUSTOMER, USER and EDGE.
func EntityGroupTypes() []EntityType {
	return []EntityType{
		EntityTypeDevice, EntityTypeAsset, EntityTypeEntityView, EntityTypeDashboard,
		EntityTypeCustomer, EntityTypeUser, EntityTypeEdge,
	}
}

// GroupResource returns the resource that guards entity groups of the given type, such
// as ResourceDeviceGroup for DEVICE, or "" when groups cannot hold that type.
func GroupResource(groupType EntityType) Resource {
	switch groupType {
	case EntityTypeCustomer:
		return ResourceCustomerGroup
	case EntityTypeDevice:
		return ResourceDeviceGroup
	case EntityTypeAsset:
		return ResourceAssetGroup
	case EntityTypeUser:
		return ResourceUserGroup
	case EntityTypeEntityView:
		return ResourceEntityViewGroup
	case EntityTypeEdge:
		return ResourceEdgeGroup
	case EntityTypeDashboard:
		return ResourceDashboardGroup
	}
	return ""
}

// EntityResource returns the resource that guards entities of the given type, such as
// ResourceDevice for DEVICE, or "" when no resource covers it. Notification targets,
// templates, requests and rules all map to ResourceNotification.
func EntityResource(t EntityType) Resource {
	switch t {
	case EntityTypeEntityGroup, "":
		return ""
	case EntityTypeNotificationTarget, EntityTypeNotificationTemplate, EntityTypeNotificationRequest, EntityTypeNotificationRule:
		return ResourceNotification
	case EntityTypeAlarm, EntityTypeDevice, EntityTypeAsset, EntityTypeCustomer, EntityTypeDashboard,
		EntityTypeEntityView, EntityTypeEdge, EntityTypeTenant, EntityTypeRuleChain, EntityTypeUser,
		EntityTypeWidgetsBundle, EntityTypeWidgetType, EntityTypeTenantProfile, EntityTypeDeviceProfile,
		EntityTypeAssetProfile, EntityTypeConverter, EntityTypeIntegration, EntityTypeSchedulerEvent,
		EntityTypeBlobEntity, EntityTypeRole, EntityTypeGroupPermission, EntityTypeAPIUsageState,
		EntityTypeTBResource, EntityTypeOTAPackage, EntityTypeQueue, EntityTypeJob, EntityTypeAIModel,
		EntityTypeAPIKey, "OAUTH2_CLIENT", "DOMAIN", "MOBILE_APP", "MOBILE_APP_BUNDLE", "QUEUE_STATS",
		"SECRET", "REPORT_TEMPLATE", "REPORT":
		return Resource(t)
	}
	return ""
}

// hasOperation reports whether ops grants op: it lists op itself or ALL.
func hasOperation(ops []Operation, op Operation) bool {
	for _, o := range ops {
		if o == OperationAll || o == op {
			return true
		}
	}
	return false
}

// peCheckIDs returns an error for an empty list or an empty element.
func peCheckIDs(method, name string, ids []string) error {
	if len(ids) == 0 {
		return fmt.Errorf("thingsboard: %s: empty %s", method, name)
	}
	for i, id := range ids {
		if strings.TrimSpace(id) == "" {
			return fmt.Errorf("thingsboard: %s: %s[%d] is empty", method, name, i)
		}
	}
	return nil
}

// peCheckOwner returns an error unless owner is a tenant or customer id.
func peCheckOwner(method string, owner EntityID) error {
	if err := checkEntityID(method+": owner", owner); err != nil {
		return err
	}
	if owner.EntityType != EntityTypeTenant && owner.EntityType != EntityTypeCustomer {
		return fmt.Errorf("thingsboard: %s: owner must be a TENANT or CUSTOMER id, not %s", method, owner.EntityType)
	}
	return nil
}
