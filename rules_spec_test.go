package thingsboard_test

import (
	"context"
	"encoding/json"
	"go/ast"
	"go/parser"
	"go/token"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"reflect"
	"slices"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/tbgo/thingsboard"
	"github.com/tbgo/thingsboard/internal/specvalidate"
)

// rulesSpecCase is one call of a method of the rule chain, rule engine, widget,
// resource, image, OTA package, notification, version control or edge service, and the
// answer the server gives it.
type rulesSpecCase struct {
	name   string // "RuleChains.Get", optionally followed by "/variant"
	answer string // the answer body, valid for the operation
	ctype  string // its Content-Type; "" means application/json when answer is set
	call   func(ctx context.Context, c *thingsboard.Client) error
}

// Ids of the spec test.
const (
	rsTenant    = "1e8d9ac0-3b1f-11ef-9a3b-0b7c1f0a0101"
	rsRuleChain = "3c4d5e60-3b1f-11ef-9a3b-0b7c1f0a0102"
	rsRuleNode  = "4a5b6c70-3b1f-11ef-9a3b-0b7c1f0a0103"
	rsEdge      = "5b6c7d80-3b1f-11ef-9a3b-0b7c1f0a0104"
	rsDevice    = "6c7d8e90-3b1f-11ef-9a3b-0b7c1f0a0105"
	rsProfile   = "7d8e9fa0-3b1f-11ef-9a3b-0b7c1f0a0106"
	rsBundle    = "8e9fa0b0-3b1f-11ef-9a3b-0b7c1f0a0107"
	rsWidget    = "9fa0b1c0-3b1f-11ef-9a3b-0b7c1f0a0108"
	rsResource  = "a0b1c2d0-3b1f-11ef-9a3b-0b7c1f0a0109"
	rsOTA       = "b1c2d3e0-3b1f-11ef-9a3b-0b7c1f0a010a"
	rsNotif     = "c2d3e4f0-3b1f-11ef-9a3b-0b7c1f0a010b"
	rsRequest   = "d3e4f500-3b1f-11ef-9a3b-0b7c1f0a010c"
	rsTarget    = "e4f50610-3b1f-11ef-9a3b-0b7c1f0a010d"
	rsUser      = "f5061720-3b1f-11ef-9a3b-0b7c1f0a010e"
	rsVCRequest = "06172830-3b1f-11ef-9a3b-0b7c1f0a010f"
	rsEvent     = "17283940-3b1f-11ef-9a3b-0b7c1f0a0110"
	rsGroup     = "28394a50-3b1f-11ef-9a3b-0b7c1f0a0111"
	rsVersion   = "8f3c1a2b9d4e5f60718293a4b5c6d7e8f9012345"
)

func rsID(t, id string) string { return `{"entityType":"` + t + `","id":"` + id + `"}` }

func rsPage(items ...string) string {
	return `{"data":[` + strings.Join(items, ",") + `],"totalPages":1,"totalElements":` + strconv.Itoa(len(items)) + `,"hasNext":false}`
}

var (
	rsRuleChainJSON = `{"id":` + rsID("RULE_CHAIN", rsRuleChain) + `,"createdTime":1719820800000,"additionalInfo":{"description":"d"},` +
		`"tenantId":` + rsID("TENANT", rsTenant) + `,"name":"Thermostat","type":"CORE","firstRuleNodeId":` + rsID("RULE_NODE", rsRuleNode) +
		`,"root":false,"debugMode":false,"configuration":null,"version":1}`
	rsMetaDataJSON = `{"ruleChainId":` + rsID("RULE_CHAIN", rsRuleChain) + `,"version":1,"firstNodeIndex":0,"nodes":[{"id":` +
		rsID("RULE_NODE", rsRuleNode) + `,"createdTime":1719820800100,"additionalInfo":{"layoutX":1,"layoutY":2},"ruleChainId":` +
		rsID("RULE_CHAIN", rsRuleChain) + `,"type":"org.thingsboard.rule.engine.filter.TbJsFilterNode","name":"Filter",` +
		`"debugSettings":{"failuresEnabled":false,"allEnabled":false,"allEnabledUntil":0},"singletonMode":false,"queueName":null,` +
		`"configurationVersion":0,"configuration":{"scriptLang":"TBEL"},"externalId":null}],"connections":[],` +
		`"ruleChainConnections":[{"fromIndex":0,"targetRuleChainId":` + rsID("RULE_CHAIN", rsRuleChain) + `,"additionalInfo":{},"type":"Success"}]}`
	rsBundleJSON = `{"id":` + rsID("WIDGETS_BUNDLE", rsBundle) + `,"createdTime":1719820800000,"tenantId":` + rsID("TENANT", rsTenant) +
		`,"alias":"thermostats","title":"Thermostats","image":null,"scada":false,"description":null,"order":null,"version":1,"name":"Thermostats"}`
	rsWidgetTypeJSON = `{"id":` + rsID("WIDGET_TYPE", rsWidget) + `,"createdTime":1719820800000,"tenantId":` + rsID("TENANT", rsTenant) +
		`,"fqn":"tenant.card","name":"Card","deprecated":false,"scada":false,"version":1,"descriptor":{"type":"latest"}}`
	rsWidgetDetailsJSON = strings.TrimSuffix(rsWidgetTypeJSON, "}") + `,"image":null,"description":"A card","tags":["card"],"resources":[]}`
	rsWidgetInfoJSON    = `{"id":` + rsID("WIDGET_TYPE", rsWidget) + `,"createdTime":1719820800000,"tenantId":` + rsID("TENANT", rsTenant) +
		`,"fqn":"tenant.card","name":"Card","deprecated":false,"scada":false,"version":1,"image":null,"description":null,"tags":null,` +
		`"widgetType":"latest","bundles":[{"id":` + rsID("WIDGETS_BUNDLE", rsBundle) + `,"name":"Thermostats"}]}`
	rsResourceInfoJSON = `{"id":` + rsID("TB_RESOURCE", rsResource) + `,"createdTime":1719820800000,"tenantId":` + rsID("TENANT", rsTenant) +
		`,"title":"Helpers","resourceType":"JS_MODULE","resourceSubType":"MODULE","resourceKey":"helpers.js","publicResourceKey":null,` +
		`"etag":"abc","fileName":"helpers.js","descriptor":null,"link":"/api/resource/js_module/tenant/helpers.js","name":"Helpers",` +
		`"public":false,"publicLink":null}`
	rsResourceJSON = strings.TrimSuffix(rsResourceInfoJSON, "}") + `,"data":"eA==","preview":null}`
	rsOTAInfoJSON  = `{"id":` + rsID("OTA_PACKAGE", rsOTA) + `,"createdTime":1719820800000,"additionalInfo":null,"tenantId":` +
		rsID("TENANT", rsTenant) + `,"deviceProfileId":` + rsID("DEVICE_PROFILE", rsProfile) + `,"type":"FIRMWARE","title":"fw",` +
		`"version":"1.0","tag":"fw 1.0","url":null,"hasData":true,"fileName":"fw.bin","contentType":"application/octet-stream",` +
		`"checksumAlgorithm":"SHA256","checksum":"2d711642b726b04401627ca9fbac32f5c8530fb1903cc4db02258717921a4881","dataSize":1,"name":"fw (1.0)"}`
	rsOTAJSON          = strings.TrimSuffix(rsOTAInfoJSON, "}") + `,"data":"eA=="}`
	rsNotificationJSON = `{"id":` + rsID("NOTIFICATION", rsNotif) + `,"createdTime":1719820800000,"requestId":` +
		rsID("NOTIFICATION_REQUEST", rsRequest) + `,"recipientId":` + rsID("USER", rsUser) + `,"type":"GENERAL","deliveryMethod":"WEB",` +
		`"subject":"Hello","text":"World","additionalConfig":null,"info":{"type":"GENERAL"},"status":"READ"}`
	rsRequestJSON = `{"id":` + rsID("NOTIFICATION_REQUEST", rsRequest) + `,"createdTime":1719820790000,"tenantId":` + rsID("TENANT", rsTenant) +
		`,"targets":["` + rsTarget + `"],"templateId":null,"template":null,"info":null,"additionalConfig":{"sendingDelayInSec":0},` +
		`"originatorEntityId":null,"ruleId":null,"status":"SENT","stats":{"sent":{"WEB":1},"errors":{},"totalErrors":0,"error":null},` +
		`"templateName":"Hello","deliveryMethods":["WEB"]}`
	rsVersionJSON = `{"timestamp":1719820800000,"id":"` + rsVersion + `","name":"v2","author":"Tenant"}`
	rsEdgeJSON    = `{"id":` + rsID("EDGE", rsEdge) + `,"createdTime":1719820800000,"additionalInfo":null,"tenantId":` + rsID("TENANT", rsTenant) +
		`,"customerId":` + rsID("CUSTOMER", thingsboard.NullUUID) + `,"rootRuleChainId":` + rsID("RULE_CHAIN", rsRuleChain) +
		`,"name":"Plant","type":"factory","label":null,"routingKey":"rk","secret":"s","version":1}`
	rsEdgeEventJSON = `{"id":{"id":"` + rsEvent + `"},"createdTime":1719820800500,"seqId":7,"tenantId":` + rsID("TENANT", rsTenant) +
		`,"edgeId":` + rsID("EDGE", rsEdge) + `,"action":"UPDATED","entityId":"` + rsDevice + `","uid":"u1","type":"DEVICE","body":{}}`
)

func rulesSpecCases() []rulesSpecCase {
	device := thingsboard.NewEntityID(thingsboard.EntityTypeDevice, rsDevice)
	pl := thingsboard.NewPageLink(10)
	sorted := thingsboard.PageLink{PageSize: 10, TextSearch: "x", SortProperty: "createdTime", SortOrder: thingsboard.DESC}
	return []rulesSpecCase{
		// Rule chains.
		{"RuleChains.Get", rsRuleChainJSON, "", func(ctx context.Context, c *thingsboard.Client) error {
			_, err := c.RuleChains.Get(ctx, rsRuleChain)
			return err
		}},
		{"RuleChains.GetMetaData", rsMetaDataJSON, "", func(ctx context.Context, c *thingsboard.Client) error {
			_, err := c.RuleChains.GetMetaData(ctx, rsRuleChain)
			return err
		}},
		{"RuleChains.Save", rsRuleChainJSON, "", func(ctx context.Context, c *thingsboard.Client) error {
			_, err := c.RuleChains.Save(ctx, &thingsboard.RuleChain{Name: "Thermostat", Type: thingsboard.RuleChainTypeCore,
				AdditionalInfo: json.RawMessage(`{"description":"d"}`)})
			return err
		}},
		{"RuleChains.Delete", "", "", func(ctx context.Context, c *thingsboard.Client) error {
			return c.RuleChains.Delete(ctx, rsRuleChain)
		}},
		{"RuleChains.CreateDefault", rsRuleChainJSON, "", func(ctx context.Context, c *thingsboard.Client) error {
			_, err := c.RuleChains.CreateDefault(ctx, "Thermostat")
			return err
		}},
		{"RuleChains.SetRoot", rsRuleChainJSON, "", func(ctx context.Context, c *thingsboard.Client) error {
			_, err := c.RuleChains.SetRoot(ctx, rsRuleChain)
			return err
		}},
		{"RuleChains.SaveMetaData", rsMetaDataJSON, "", func(ctx context.Context, c *thingsboard.Client) error {
			first := 0
			_, err := c.RuleChains.SaveMetaData(ctx, &thingsboard.RuleChainMetaData{
				RuleChainID: thingsboard.NewEntityID(thingsboard.EntityTypeRuleChain, rsRuleChain), Version: 1, FirstNodeIndex: &first,
				Nodes: []thingsboard.RuleNode{{Type: "org.thingsboard.rule.engine.filter.TbJsFilterNode", Name: "Filter",
					Configuration: json.RawMessage(`{"scriptLang":"TBEL"}`), AdditionalInfo: json.RawMessage(`{"layoutX":1,"layoutY":2}`)}},
			})
			return err
		}},
		{"RuleChains.List", rsPage(rsRuleChainJSON), "", func(ctx context.Context, c *thingsboard.Client) error {
			_, err := c.RuleChains.List(ctx, thingsboard.PageLink{PageSize: 10, SortProperty: "name", SortOrder: thingsboard.ASC},
				&thingsboard.RuleChainListOptions{Type: thingsboard.RuleChainTypeEdge})
			return err
		}},
		{"RuleChains.ListAll", rsPage(rsRuleChainJSON), "", func(ctx context.Context, c *thingsboard.Client) error {
			return rsDrain(c.RuleChains.ListAll(ctx, pl, nil))
		}},
		{"RuleChains.GetLatestDebugInput", `{"type":"IN","data":"{}","metadata":"{}","msgType":"POST_TELEMETRY_REQUEST"}`, "",
			func(ctx context.Context, c *thingsboard.Client) error {
				_, err := c.RuleChains.GetLatestDebugInput(ctx, rsRuleNode)
				return err
			}},
		{"RuleChains.TestScript", `{"output":"true","error":""}`, "", func(ctx context.Context, c *thingsboard.Client) error {
			_, err := c.RuleChains.TestScript(ctx, thingsboard.RuleNodeScriptTBEL, thingsboard.RuleNodeScriptTest{Script: "return true;",
				ScriptType: "filter", ArgNames: []string{"msg", "metadata", "msgType"}, Msg: "{}", MsgType: "POST_TELEMETRY_REQUEST"})
			return err
		}},
		{"RuleChains.Export", `{"ruleChains":[` + rsRuleChainJSON + `],"metadata":[` + rsMetaDataJSON + `]}`, "",
			func(ctx context.Context, c *thingsboard.Client) error {
				_, err := c.RuleChains.Export(ctx, 100)
				return err
			}},
		{"RuleChains.Import", `[{"ruleChainId":` + rsID("RULE_CHAIN", rsRuleChain) + `,"ruleChainName":"Thermostat","updated":false,"error":null}]`, "",
			func(ctx context.Context, c *thingsboard.Client) error {
				first := 0
				_, err := c.RuleChains.Import(ctx, &thingsboard.RuleChainData{
					RuleChains: []thingsboard.RuleChain{{Name: "Thermostat"}},
					Metadata: []thingsboard.RuleChainMetaData{{RuleChainID: thingsboard.NewEntityID(thingsboard.EntityTypeRuleChain, rsRuleChain),
						FirstNodeIndex: &first, Nodes: []thingsboard.RuleNode{}, Connections: []thingsboard.NodeConnectionInfo{},
						RuleChainConnections: []thingsboard.RuleChainConnectionInfo{}}},
				}, true)
				return err
			}},
		{"RuleChains.AssignToEdge", rsRuleChainJSON, "", func(ctx context.Context, c *thingsboard.Client) error {
			_, err := c.RuleChains.AssignToEdge(ctx, rsEdge, rsRuleChain)
			return err
		}},
		{"RuleChains.UnassignFromEdge", rsRuleChainJSON, "", func(ctx context.Context, c *thingsboard.Client) error {
			_, err := c.RuleChains.UnassignFromEdge(ctx, rsEdge, rsRuleChain)
			return err
		}},
		{"RuleChains.ListEdge", rsPage(rsRuleChainJSON), "", func(ctx context.Context, c *thingsboard.Client) error {
			_, err := c.RuleChains.ListEdge(ctx, rsEdge, thingsboard.PageLink{PageSize: 10, SortProperty: "root", SortOrder: thingsboard.DESC})
			return err
		}},
		{"RuleChains.ListEdgeAll", rsPage(rsRuleChainJSON), "", func(ctx context.Context, c *thingsboard.Client) error {
			return rsDrain(c.RuleChains.ListEdgeAll(ctx, rsEdge, pl))
		}},
		{"RuleChains.SetEdgeTemplateRoot", rsRuleChainJSON, "", func(ctx context.Context, c *thingsboard.Client) error {
			_, err := c.RuleChains.SetEdgeTemplateRoot(ctx, rsRuleChain)
			return err
		}},
		{"RuleChains.SetAutoAssignToEdge", rsRuleChainJSON, "", func(ctx context.Context, c *thingsboard.Client) error {
			_, err := c.RuleChains.SetAutoAssignToEdge(ctx, rsRuleChain)
			return err
		}},
		{"RuleChains.UnsetAutoAssignToEdge", rsRuleChainJSON, "", func(ctx context.Context, c *thingsboard.Client) error {
			_, err := c.RuleChains.UnsetAutoAssignToEdge(ctx, rsRuleChain)
			return err
		}},
		{"RuleChains.ListAutoAssignToEdge", "[" + rsRuleChainJSON + "]", "", func(ctx context.Context, c *thingsboard.Client) error {
			_, err := c.RuleChains.ListAutoAssignToEdge(ctx)
			return err
		}},

		// Rule engine.
		{"RuleEngine.Send", `{"reply":1}`, "", func(ctx context.Context, c *thingsboard.Client) error {
			_, err := c.RuleEngine.Send(ctx, map[string]int{"a": 1})
			return err
		}},
		{"RuleEngine.SendFrom", `{"reply":2}`, "", func(ctx context.Context, c *thingsboard.Client) error {
			_, err := c.RuleEngine.SendFrom(ctx, device, map[string]int{"a": 2}, nil)
			return err
		}},
		{"RuleEngine.SendFrom/timeout", "", "", func(ctx context.Context, c *thingsboard.Client) error {
			_, err := c.RuleEngine.SendFrom(ctx, device, map[string]int{"a": 3}, &thingsboard.RuleEngineSendOptions{Timeout: time.Second})
			return err
		}},
		{"RuleEngine.SendFrom/queue", `[1]`, "", func(ctx context.Context, c *thingsboard.Client) error {
			_, err := c.RuleEngine.SendFrom(ctx, device, map[string]int{"a": 4}, &thingsboard.RuleEngineSendOptions{QueueName: "HighPriority"})
			return err
		}},

		// Widgets.
		{"Widgets.GetBundle", rsBundleJSON, "", func(ctx context.Context, c *thingsboard.Client) error {
			_, err := c.Widgets.GetBundle(ctx, rsBundle)
			return err
		}},
		{"Widgets.SaveBundle", rsBundleJSON, "", func(ctx context.Context, c *thingsboard.Client) error {
			order := 1
			_, err := c.Widgets.SaveBundle(ctx, &thingsboard.WidgetsBundle{Title: "Thermostats", Order: &order})
			return err
		}},
		{"Widgets.UpdateBundleTypes", "", "", func(ctx context.Context, c *thingsboard.Client) error {
			return c.Widgets.UpdateBundleTypes(ctx, rsBundle, []string{rsWidget})
		}},
		{"Widgets.UpdateBundleTypeFQNs", "", "", func(ctx context.Context, c *thingsboard.Client) error {
			return c.Widgets.UpdateBundleTypeFQNs(ctx, rsBundle, []string{"tenant.card"})
		}},
		{"Widgets.DeleteBundle", "", "", func(ctx context.Context, c *thingsboard.Client) error {
			return c.Widgets.DeleteBundle(ctx, rsBundle)
		}},
		{"Widgets.ListBundles", rsPage(rsBundleJSON), "", func(ctx context.Context, c *thingsboard.Client) error {
			_, err := c.Widgets.ListBundles(ctx, thingsboard.PageLink{PageSize: 10, SortProperty: "title", SortOrder: thingsboard.ASC},
				&thingsboard.WidgetsBundleListOptions{TenantOnly: true, FullSearch: true, ScadaFirst: true})
			return err
		}},
		{"Widgets.ListBundlesAll", rsPage(rsBundleJSON), "", func(ctx context.Context, c *thingsboard.Client) error {
			return rsDrain(c.Widgets.ListBundlesAll(ctx, pl, nil))
		}},
		{"Widgets.ListAvailableBundles", "[" + rsBundleJSON + "]", "", func(ctx context.Context, c *thingsboard.Client) error {
			_, err := c.Widgets.ListAvailableBundles(ctx)
			return err
		}},
		{"Widgets.GetType", rsWidgetDetailsJSON, "", func(ctx context.Context, c *thingsboard.Client) error {
			_, err := c.Widgets.GetType(ctx, rsWidget)
			return err
		}},
		{"Widgets.GetTypeInfo", rsWidgetInfoJSON, "", func(ctx context.Context, c *thingsboard.Client) error {
			_, err := c.Widgets.GetTypeInfo(ctx, rsWidget)
			return err
		}},
		{"Widgets.GetTypeByFQN", rsWidgetTypeJSON, "", func(ctx context.Context, c *thingsboard.Client) error {
			_, err := c.Widgets.GetTypeByFQN(ctx, "tenant.card")
			return err
		}},
		{"Widgets.ListTypes", rsPage(rsWidgetInfoJSON), "", func(ctx context.Context, c *thingsboard.Client) error {
			// No sort order: the spec spells its enum "ASC, DESC", as one value.
			_, err := c.Widgets.ListTypes(ctx, thingsboard.PageLink{PageSize: 10, TextSearch: "card"},
				&thingsboard.WidgetTypeListOptions{TenantOnly: true, FullSearch: true, DeprecatedFilter: "ACTUAL",
					WidgetTypes: []string{"latest", "static"}, ScadaFirst: true})
			return err
		}},
		{"Widgets.ListTypesAll", rsPage(rsWidgetInfoJSON), "", func(ctx context.Context, c *thingsboard.Client) error {
			return rsDrain(c.Widgets.ListTypesAll(ctx, pl, nil))
		}},
		{"Widgets.SaveType", rsWidgetDetailsJSON, "", func(ctx context.Context, c *thingsboard.Client) error {
			_, err := c.Widgets.SaveType(ctx, &thingsboard.WidgetTypeDetails{WidgetType: thingsboard.WidgetType{Name: "Card",
				Descriptor: json.RawMessage(`{"type":"latest"}`)}, Description: "A card", Tags: []string{"card"}})
			return err
		}},
		{"Widgets.DeleteType", "", "", func(ctx context.Context, c *thingsboard.Client) error {
			return c.Widgets.DeleteType(ctx, rsWidget)
		}},
		{"Widgets.ListBundleTypes", "[" + rsWidgetTypeJSON + "]", "", func(ctx context.Context, c *thingsboard.Client) error {
			_, err := c.Widgets.ListBundleTypes(ctx, rsBundle)
			return err
		}},
		{"Widgets.ListBundleTypeDetails", "[" + rsWidgetDetailsJSON + "]", "", func(ctx context.Context, c *thingsboard.Client) error {
			_, err := c.Widgets.ListBundleTypeDetails(ctx, rsBundle)
			return err
		}},
		{"Widgets.ListBundleTypeFQNs", `["tenant.card"]`, "", func(ctx context.Context, c *thingsboard.Client) error {
			_, err := c.Widgets.ListBundleTypeFQNs(ctx, rsBundle)
			return err
		}},
		{"Widgets.ListBundleTypeInfos", rsPage(rsWidgetInfoJSON), "", func(ctx context.Context, c *thingsboard.Client) error {
			_, err := c.Widgets.ListBundleTypeInfos(ctx, rsBundle, thingsboard.PageLink{PageSize: 10, SortProperty: "name", SortOrder: thingsboard.ASC},
				&thingsboard.WidgetTypeListOptions{FullSearch: true, DeprecatedFilter: "ALL", WidgetTypes: []string{"timeseries"}})
			return err
		}},
		{"Widgets.ListBundleTypeInfosAll", rsPage(rsWidgetInfoJSON), "", func(ctx context.Context, c *thingsboard.Client) error {
			return rsDrain(c.Widgets.ListBundleTypeInfosAll(ctx, rsBundle, pl, nil))
		}},

		// Resources and images. The spec declares the downloads as a JSON string.
		{"Resources.Get", rsResourceJSON, "", func(ctx context.Context, c *thingsboard.Client) error {
			_, err := c.Resources.Get(ctx, rsResource)
			return err
		}},
		{"Resources.GetInfo", rsResourceInfoJSON, "", func(ctx context.Context, c *thingsboard.Client) error {
			_, err := c.Resources.GetInfo(ctx, rsResource)
			return err
		}},
		{"Resources.Download", `"eA=="`, "", func(ctx context.Context, c *thingsboard.Client) error {
			_, err := c.Resources.Download(ctx, rsResource)
			return err
		}},
		{"Resources.Save", rsResourceInfoJSON, "", func(ctx context.Context, c *thingsboard.Client) error {
			_, err := c.Resources.Save(ctx, &thingsboard.TBResource{TBResourceInfo: thingsboard.TBResourceInfo{Title: "Helpers",
				ResourceType: thingsboard.ResourceTypeJSModule, ResourceSubType: thingsboard.ResourceSubTypeModule, FileName: "helpers.js"},
				Data: []byte("x")})
			return err
		}},
		{"Resources.Delete", `{"success":true}`, "", func(ctx context.Context, c *thingsboard.Client) error {
			return c.Resources.Delete(ctx, rsResource, &thingsboard.ResourceDeleteOptions{Force: true})
		}},
		{"Resources.List", rsPage(rsResourceInfoJSON), "", func(ctx context.Context, c *thingsboard.Client) error {
			_, err := c.Resources.List(ctx, thingsboard.PageLink{PageSize: 10, SortProperty: "title", SortOrder: thingsboard.ASC},
				&thingsboard.ResourceListOptions{ResourceType: thingsboard.ResourceTypeJSModule, ResourceSubType: thingsboard.ResourceSubTypeExtension})
			return err
		}},
		{"Resources.ListAll", rsPage(rsResourceInfoJSON), "", func(ctx context.Context, c *thingsboard.Client) error {
			return rsDrain(c.Resources.ListAll(ctx, pl, nil))
		}},
		{"Images.Upload", strings.Replace(rsResourceInfoJSON, `"JS_MODULE","resourceSubType":"MODULE"`, `"IMAGE","resourceSubType":"IMAGE"`, 1), "",
			func(ctx context.Context, c *thingsboard.Client) error {
				_, err := c.Images.Upload(ctx, "plan.png", strings.NewReader("\x89PNG\r\n\x1a\n"),
					&thingsboard.ImageUploadOptions{Title: "Plan", SubType: thingsboard.ResourceSubTypeImage})
				return err
			}},

		// OTA packages.
		{"OTAPackages.Get", rsOTAJSON, "", func(ctx context.Context, c *thingsboard.Client) error {
			_, err := c.OTAPackages.Get(ctx, rsOTA)
			return err
		}},
		{"OTAPackages.GetInfo", rsOTAInfoJSON, "", func(ctx context.Context, c *thingsboard.Client) error {
			_, err := c.OTAPackages.GetInfo(ctx, rsOTA)
			return err
		}},
		{"OTAPackages.Download", `"eA=="`, "", func(ctx context.Context, c *thingsboard.Client) error {
			_, err := c.OTAPackages.Download(ctx, rsOTA)
			return err
		}},
		{"OTAPackages.SaveInfo", rsOTAInfoJSON, "", func(ctx context.Context, c *thingsboard.Client) error {
			_, err := c.OTAPackages.SaveInfo(ctx, &thingsboard.OTAPackageInfo{
				DeviceProfileID: thingsboard.NewEntityID(thingsboard.EntityTypeDeviceProfile, rsProfile),
				Type:            thingsboard.OTAPackageFirmware, Title: "fw", Version: "1.0"})
			return err
		}},
		{"OTAPackages.SaveData", rsOTAInfoJSON, "", func(ctx context.Context, c *thingsboard.Client) error {
			_, err := c.OTAPackages.SaveData(ctx, rsOTA, thingsboard.OTAPackageData{FileName: "fw.bin", Data: strings.NewReader("x"),
				ChecksumAlgorithm: thingsboard.ChecksumCRC32, Checksum: "8cdc1683"})
			return err
		}},
		{"OTAPackages.Delete", "", "", func(ctx context.Context, c *thingsboard.Client) error {
			return c.OTAPackages.Delete(ctx, rsOTA)
		}},
		{"OTAPackages.List", rsPage(rsOTAInfoJSON), "", func(ctx context.Context, c *thingsboard.Client) error {
			_, err := c.OTAPackages.List(ctx, thingsboard.PageLink{PageSize: 10, SortProperty: "title", SortOrder: thingsboard.ASC})
			return err
		}},
		{"OTAPackages.ListAll", rsPage(rsOTAInfoJSON), "", func(ctx context.Context, c *thingsboard.Client) error {
			return rsDrain(c.OTAPackages.ListAll(ctx, pl))
		}},
		{"OTAPackages.ListByDeviceProfile", rsPage(rsOTAInfoJSON), "", func(ctx context.Context, c *thingsboard.Client) error {
			_, err := c.OTAPackages.ListByDeviceProfile(ctx, rsProfile, thingsboard.OTAPackageFirmware, sorted)
			return err
		}},
		{"OTAPackages.ListByDeviceProfileAll", rsPage(rsOTAInfoJSON), "", func(ctx context.Context, c *thingsboard.Client) error {
			return rsDrain(c.OTAPackages.ListByDeviceProfileAll(ctx, rsProfile, thingsboard.OTAPackageSoftware, pl))
		}},

		// Notifications.
		{"Notifications.List", rsPage(rsNotificationJSON), "", func(ctx context.Context, c *thingsboard.Client) error {
			_, err := c.Notifications.List(ctx, sorted, &thingsboard.NotificationListOptions{UnreadOnly: true,
				DeliveryMethod: thingsboard.NotificationDeliveryMobileApp})
			return err
		}},
		{"Notifications.ListAll", rsPage(rsNotificationJSON), "", func(ctx context.Context, c *thingsboard.Client) error {
			return rsDrain(c.Notifications.ListAll(ctx, pl, nil))
		}},
		{"Notifications.CountUnread", `3`, "", func(ctx context.Context, c *thingsboard.Client) error {
			_, err := c.Notifications.CountUnread(ctx, thingsboard.NotificationDeliveryWeb)
			return err
		}},
		{"Notifications.MarkAsRead", "", "", func(ctx context.Context, c *thingsboard.Client) error {
			return c.Notifications.MarkAsRead(ctx, rsNotif)
		}},
		{"Notifications.MarkAllAsRead", "", "", func(ctx context.Context, c *thingsboard.Client) error {
			return c.Notifications.MarkAllAsRead(ctx, thingsboard.NotificationDeliveryMobileApp)
		}},
		{"Notifications.Delete", "", "", func(ctx context.Context, c *thingsboard.Client) error {
			return c.Notifications.Delete(ctx, rsNotif)
		}},
		{"Notifications.GetRequest", rsRequestJSON, "", func(ctx context.Context, c *thingsboard.Client) error {
			_, err := c.Notifications.GetRequest(ctx, rsRequest)
			return err
		}},

		// Version control.
		{"VersionControl.SaveVersion", `"` + rsVCRequest + `"`, "", func(ctx context.Context, c *thingsboard.Client) error {
			_, err := c.VersionControl.SaveVersion(ctx, thingsboard.VersionCreateRequest{Type: thingsboard.VersionCreateSingleEntity,
				VersionName: "v2", Branch: "main", EntityID: device, Config: &thingsboard.VersionCreateConfig{SaveAttributes: true}})
			return err
		}},
		{"VersionControl.SaveVersion/complex", `"` + rsVCRequest + `"`, "", func(ctx context.Context, c *thingsboard.Client) error {
			_, err := c.VersionControl.SaveVersion(ctx, thingsboard.VersionCreateRequest{Type: thingsboard.VersionCreateComplex,
				VersionName: "all", SyncStrategy: thingsboard.SyncStrategyOverwrite,
				EntityTypes: map[thingsboard.EntityType]thingsboard.EntityTypeVersionCreateConfig{
					thingsboard.EntityTypeDevice: {AllEntities: false, EntityIDs: []string{rsDevice}, SyncStrategy: thingsboard.SyncStrategyMerge}}})
			return err
		}},
		{"VersionControl.GetVersionCreateStatus", `{"version":` + rsVersionJSON + `,"added":1,"modified":0,"removed":0,"error":null,"done":true}`, "",
			func(ctx context.Context, c *thingsboard.Client) error {
				_, err := c.VersionControl.GetVersionCreateStatus(ctx, rsVCRequest)
				return err
			}},
		{"VersionControl.ListEntityVersions", rsPage(rsVersionJSON), "", func(ctx context.Context, c *thingsboard.Client) error {
			_, err := c.VersionControl.ListEntityVersions(ctx, device, "main",
				thingsboard.PageLink{PageSize: 10, SortProperty: "timestamp", SortOrder: thingsboard.DESC},
				&thingsboard.EntityVersionListOptions{InternalEntityID: rsGroup})
			return err
		}},
		{"VersionControl.ListEntityTypeVersions", rsPage(rsVersionJSON), "", func(ctx context.Context, c *thingsboard.Client) error {
			_, err := c.VersionControl.ListEntityTypeVersions(ctx, thingsboard.EntityTypeDeviceProfile, "main", pl)
			return err
		}},
		{"VersionControl.ListVersions", rsPage(rsVersionJSON), "", func(ctx context.Context, c *thingsboard.Client) error {
			_, err := c.VersionControl.ListVersions(ctx, "main", thingsboard.PageLink{PageSize: 10, TextSearch: "v"})
			return err
		}},
		{"VersionControl.ListVersionsAll", rsPage(rsVersionJSON), "", func(ctx context.Context, c *thingsboard.Client) error {
			return rsDrain(c.VersionControl.ListVersionsAll(ctx, "main", pl))
		}},
		{"VersionControl.GetEntityDataInfo", `{"hasRelations":true,"hasAttributes":false,"hasCredentials":false,"hasCalculatedFields":false}`, "",
			func(ctx context.Context, c *thingsboard.Client) error {
				_, err := c.VersionControl.GetEntityDataInfo(ctx, rsVersion, device, &thingsboard.EntityDataInfoOptions{InternalEntityID: rsGroup})
				return err
			}},
		{"VersionControl.CompareToVersion", `{"currentVersion":{"entityType":"DEVICE","entity":null},"otherVersion":{"entityType":"DEVICE","entity":null}}`, "",
			func(ctx context.Context, c *thingsboard.Client) error {
				_, err := c.VersionControl.CompareToVersion(ctx, device, rsVersion)
				return err
			}},
		{"VersionControl.LoadVersion", `"` + rsVCRequest + `"`, "", func(ctx context.Context, c *thingsboard.Client) error {
			_, err := c.VersionControl.LoadVersion(ctx, thingsboard.VersionLoadRequest{Type: thingsboard.VersionLoadEntityType, VersionID: rsVersion,
				RollbackOnError: true, EntityTypes: map[thingsboard.EntityType]thingsboard.EntityTypeVersionLoadConfig{
					thingsboard.EntityTypeAsset: {RemoveOtherEntities: true}}})
			return err
		}},
		{"VersionControl.LoadVersion/single", `"` + rsVCRequest + `"`, "", func(ctx context.Context, c *thingsboard.Client) error {
			_, err := c.VersionControl.LoadVersion(ctx, thingsboard.VersionLoadRequest{Type: thingsboard.VersionLoadSingleEntity, VersionID: rsVersion,
				ExternalEntityID: device, Config: &thingsboard.VersionLoadConfig{LoadRelations: true}})
			return err
		}},
		{"VersionControl.GetVersionLoadStatus", `{"result":[{"entityType":"DEVICE","created":1,"updated":0,"deleted":0}],"error":null,"done":true}`, "",
			func(ctx context.Context, c *thingsboard.Client) error {
				_, err := c.VersionControl.GetVersionLoadStatus(ctx, rsVCRequest)
				return err
			}},
		{"VersionControl.ListBranches", `[{"name":"main","default":true}]`, "", func(ctx context.Context, c *thingsboard.Client) error {
			_, err := c.VersionControl.ListBranches(ctx)
			return err
		}},

		// Edges. The spec declares the sync answer and the missing rule chains as JSON
		// strings.
		{"Edges.Enabled", `true`, "", func(ctx context.Context, c *thingsboard.Client) error {
			_, err := c.Edges.Enabled(ctx)
			return err
		}},
		{"Edges.Get", rsEdgeJSON, "", func(ctx context.Context, c *thingsboard.Client) error {
			_, err := c.Edges.Get(ctx, rsEdge)
			return err
		}},
		{"Edges.Save", rsEdgeJSON, "", func(ctx context.Context, c *thingsboard.Client) error {
			_, err := c.Edges.Save(ctx, &thingsboard.Edge{Name: "Plant", Type: "factory", RoutingKey: "rk", Secret: "s"}, nil)
			return err
		}},
		{"Edges.Save/groups", rsEdgeJSON, "", func(ctx context.Context, c *thingsboard.Client) error {
			_, err := c.Edges.Save(ctx, &thingsboard.Edge{Name: "Plant", Type: "factory", RoutingKey: "rk", Secret: "s"},
				&thingsboard.EdgeSaveOptions{EntityGroupID: rsGroup, EntityGroupIDs: []string{rsGroup}})
			return err
		}},
		{"Edges.Delete", "", "", func(ctx context.Context, c *thingsboard.Client) error {
			return c.Edges.Delete(ctx, rsEdge)
		}},
		{"Edges.List", rsPage(rsEdgeJSON), "", func(ctx context.Context, c *thingsboard.Client) error {
			_, err := c.Edges.List(ctx, sorted)
			return err
		}},
		{"Edges.ListAll", rsPage(rsEdgeJSON), "", func(ctx context.Context, c *thingsboard.Client) error {
			return rsDrain(c.Edges.ListAll(ctx, pl))
		}},
		{"Edges.ListTenant", rsPage(rsEdgeJSON), "", func(ctx context.Context, c *thingsboard.Client) error {
			_, err := c.Edges.ListTenant(ctx, sorted, &thingsboard.EdgeListOptions{Type: "factory"})
			return err
		}},
		{"Edges.ListTenantAll", rsPage(rsEdgeJSON), "", func(ctx context.Context, c *thingsboard.Client) error {
			return rsDrain(c.Edges.ListTenantAll(ctx, pl, nil))
		}},
		{"Edges.SetRootRuleChain", rsEdgeJSON, "", func(ctx context.Context, c *thingsboard.Client) error {
			_, err := c.Edges.SetRootRuleChain(ctx, rsEdge, rsRuleChain)
			return err
		}},
		{"Edges.ListByIDs", "[" + rsEdgeJSON + "]", "", func(ctx context.Context, c *thingsboard.Client) error {
			_, err := c.Edges.ListByIDs(ctx, []string{rsEdge, rsGroup})
			return err
		}},
		{"Edges.FindByQuery", "[" + rsEdgeJSON + "]", "", func(ctx context.Context, c *thingsboard.Client) error {
			_, err := c.Edges.FindByQuery(ctx, thingsboard.EdgeSearchQuery{
				Parameters:   thingsboard.NewRelationsSearch(thingsboard.NewEntityID(thingsboard.EntityTypeTenant, rsTenant), "FROM", 1),
				RelationType: "Contains", EdgeTypes: []string{"factory"}})
			return err
		}},
		{"Edges.ListTypes", `[{"tenantId":` + rsID("TENANT", rsTenant) + `,"entityType":"EDGE","type":"factory"}]`, "",
			func(ctx context.Context, c *thingsboard.Client) error {
				_, err := c.Edges.ListTypes(ctx)
				return err
			}},
		{"Edges.Sync", `"OK"`, "", func(ctx context.Context, c *thingsboard.Client) error {
			return c.Edges.Sync(ctx, rsEdge)
		}},
		{"Edges.FindMissingRuleChains", `"{\"Edge Root\":[\"Thermostat\"]}"`, "", func(ctx context.Context, c *thingsboard.Client) error {
			_, err := c.Edges.FindMissingRuleChains(ctx, rsEdge)
			return err
		}},
		{"Edges.ListEvents", rsPage(rsEdgeEventJSON), "", func(ctx context.Context, c *thingsboard.Client) error {
			tl := thingsboard.NewTimePageLink(10, 1719820000000, 1719830000000)
			tl.SortProperty, tl.SortOrder = "createdTime", thingsboard.ASC
			_, err := c.Edges.ListEvents(ctx, rsEdge, tl)
			return err
		}},
		{"Edges.ListEventsAll", rsPage(rsEdgeEventJSON), "", func(ctx context.Context, c *thingsboard.Client) error {
			return rsDrain(c.Edges.ListEventsAll(ctx, rsEdge, thingsboard.NewTimePageLink(10, 0, 0)))
		}},
	}
}

// rsDrain ranges over an iterator and returns its error.
func rsDrain[T any](seq func(func(T, error) bool)) error {
	for _, err := range seq {
		if err != nil {
			return err
		}
	}
	return nil
}

// TestRulesFamilySpec sends every request of these services through the spec validator
// against a server answering each with a body valid for its operation.
func TestRulesFamilySpec(t *testing.T) {
	v := specvalidate.ForTest(t)
	var (
		mu      sync.Mutex
		current rulesSpecCase
		calls   int
		sent    = map[string][]string{} // method name → "VERB /escaped/path" of its requests
	)
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		mu.Lock()
		c := current
		calls++
		name, _, _ := strings.Cut(c.name, "/")
		sent[name] = append(sent[name], r.Method+" "+r.URL.EscapedPath())
		mu.Unlock()
		io.Copy(io.Discard, r.Body)
		if c.answer != "" {
			ct := c.ctype
			if ct == "" {
				ct = "application/json"
			}
			w.Header().Set("Content-Type", ct)
		}
		io.WriteString(w, c.answer)
	}))
	t.Cleanup(srv.Close)
	client, err := thingsboard.NewClient(srv.URL, thingsboard.WithHTTPClient(&http.Client{Transport: v.Transport(nil)}),
		thingsboard.WithToken(rsToken, ""), thingsboard.WithRetry(thingsboard.RetryPolicy{}))
	if err != nil {
		t.Fatal(err)
	}
	cases := rulesSpecCases()
	for _, c := range cases {
		mu.Lock()
		current, calls = c, 0
		mu.Unlock()
		if err := c.call(t.Context(), client); err != nil {
			t.Errorf("%s: %v", c.name, err)
		}
		mu.Lock()
		if calls != 1 {
			t.Errorf("%s: %d requests, want 1", c.name, calls)
		}
		mu.Unlock()
	}
	if n := v.Exchanges(); n != len(cases) {
		t.Errorf("validated %d exchanges, want %d", n, len(cases))
	}
	if u := v.Unmatched(); len(u) > 0 {
		t.Errorf("requests outside the spec: %v", u)
	}
	v.Check(t)
	rulesCheckOperationLines(t, sent)
}

// rulesFiles maps the types of these services to their Client fields.
var rulesFiles = map[string]string{
	"RuleChainService": "RuleChains", "RuleEngineService": "RuleEngine", "WidgetService": "Widgets",
	"ResourceService": "Resources", "ImageService": "Images", "OTAPackageService": "OTAPackages",
	"NotificationService": "Notifications", "VersionControlService": "VersionControl", "EdgeService": "Edges",
}

// rulesCheckOperationLines checks that every exported method of these services has
// //tb:operation lines naming operations of the spec, and that each request a method
// sent matches one of its lines.
func rulesCheckOperationLines(t *testing.T, sent map[string][]string) {
	t.Helper()
	cePath, _, _, err := specvalidate.Locate()
	if err != nil {
		t.Fatal(err)
	}
	raw, err := os.ReadFile(cePath)
	if err != nil {
		t.Fatal(err)
	}
	var spec struct {
		Paths map[string]map[string]json.RawMessage `json:"paths"`
	}
	if err := json.Unmarshal(raw, &spec); err != nil {
		t.Fatal(err)
	}
	fset := token.NewFileSet()
	lines := map[string][]string{}
	for _, f := range []string{"rule_chain.go", "rule_engine.go", "widget.go", "resource.go", "image.go", "ota_package.go",
		"notification.go", "version_control.go", "edge.go"} {
		file, err := parser.ParseFile(fset, f, nil, parser.ParseComments)
		if err != nil {
			t.Fatal(err)
		}
		for _, d := range file.Decls {
			fn, ok := d.(*ast.FuncDecl)
			if !ok || fn.Recv == nil || !fn.Name.IsExported() || len(fn.Recv.List) != 1 {
				continue
			}
			star, ok := fn.Recv.List[0].Type.(*ast.StarExpr)
			if !ok {
				continue
			}
			field := rulesFiles[star.X.(*ast.Ident).Name]
			if field == "" {
				continue
			}
			name := field + "." + fn.Name.Name
			if fn.Doc != nil {
				for _, c := range fn.Doc.List {
					if rest, ok := strings.CutPrefix(c.Text, "//tb:operation "); ok {
						lines[name] = append(lines[name], rest)
					}
				}
			}
			if len(lines[name]) == 0 {
				t.Errorf("%s has no //tb:operation line", name)
			}
			for _, l := range lines[name] {
				verb, path, _ := strings.Cut(l, " ")
				if _, ok := spec.Paths[path][strings.ToLower(verb)]; !ok {
					t.Errorf("%s: //tb:operation %s is not an operation of the spec", name, l)
				}
			}
		}
	}
	for name, reqs := range sent {
		for _, req := range reqs {
			if !slices.ContainsFunc(lines[name], func(l string) bool { return rulesOperationMatches(l, req) }) {
				t.Errorf("%s sent %s, which none of its //tb:operation lines %q describe", name, req, lines[name])
			}
		}
	}
}

// rulesOperationMatches reports whether the request "VERB /path" fits the operation
// line "VERB /template/{var}".
func rulesOperationMatches(line, req string) bool {
	lv, lp, _ := strings.Cut(line, " ")
	rv, rp, _ := strings.Cut(req, " ")
	ls, rs := strings.Split(lp, "/"), strings.Split(rp, "/")
	if lv != rv || len(ls) != len(rs) {
		return false
	}
	for i := range ls {
		if strings.HasPrefix(ls[i], "{") && strings.HasSuffix(ls[i], "}") {
			if rs[i] == "" {
				return false
			}
			continue
		}
		if ls[i] != rs[i] {
			return false
		}
	}
	return true
}

// TestRulesFamilySpecCoversEveryMethod checks that the spec test calls every exported
// method of these services.
func TestRulesFamilySpecCoversEveryMethod(t *testing.T) {
	services := map[string]any{
		"RuleChains": (*thingsboard.RuleChainService)(nil), "RuleEngine": (*thingsboard.RuleEngineService)(nil),
		"Widgets": (*thingsboard.WidgetService)(nil), "Resources": (*thingsboard.ResourceService)(nil),
		"Images": (*thingsboard.ImageService)(nil), "OTAPackages": (*thingsboard.OTAPackageService)(nil),
		"Notifications": (*thingsboard.NotificationService)(nil), "VersionControl": (*thingsboard.VersionControlService)(nil),
		"Edges": (*thingsboard.EdgeService)(nil),
	}
	var called []string
	for _, c := range rulesSpecCases() {
		name, _, _ := strings.Cut(c.name, "/")
		called = append(called, name)
	}
	total := 0
	for field, svc := range services {
		typ := reflect.TypeOf(svc)
		for i := range typ.NumMethod() {
			name := field + "." + typ.Method(i).Name
			total++
			if !slices.Contains(called, name) {
				t.Errorf("%s is not called by the spec test", name)
			}
		}
	}
	for _, name := range called {
		field, method, _ := strings.Cut(name, ".")
		svc, ok := services[field]
		if _, found := reflect.TypeOf(svc).MethodByName(method); !ok || !found {
			t.Errorf("spec case %s names no method", name)
		}
	}
	t.Logf("%d methods", total)
}

// rsToken is an unsigned JWT of a tenant administrator that never expires.
const rsToken = "eyJhbGciOiJIUzUxMiJ9." +
	"eyJzdWIiOiJ0ZW5hbnRAdGhpbmdzYm9hcmQub3JnIiwidXNlcklkIjoiMDAwMDAwMDAtMDAwMC0wMDAwLTAwMDAtMDAwMDAwMDAwMDAxIiwic2NvcGVzIjpbIlRFTkFOVF9BRE1JTiJdLCJzZXNzaW9uSWQiOiJzMSIsImV4cCI6NDEwMjQ0NDgwMCwiaWF0IjoxNzAwMDAwMDAwLCJ0ZW5hbnRJZCI6IjAwMDAwMDAwLTAwMDAtMDAwMC0wMDAwLTAwMDAwMDAwMDAwMiIsImN1c3RvbWVySWQiOiIxMzgxNDAwMC0xZGQyLTExYjItODA4MC04MDgwODA4MDgwODAiLCJlbmFibGVkIjp0cnVlfQ." +
	"c2ln"
