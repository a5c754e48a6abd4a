package emulator

import (
	"encoding/json"
	"fmt"

	tb "github.com/tbgo/thingsboard"
)

// DemoData holds the ids of the entities ThingsBoard creates on a fresh install with
// demo data, which the emulator loads at start.
type DemoData struct {
	// SysAdminID is the system administrator's user id (sysadmin@thingsboard.org / sysadmin).
	SysAdminID string
	// TenantProfileID is the default tenant profile.
	TenantProfileID string
	// TenantID is the demo tenant "Tenant"; TenantAdminID its administrator
	// (tenant@thingsboard.org / tenant). Both are empty without demo data.
	TenantID, TenantAdminID string
	// Devices lists the demo devices with their access tokens, in creation order.
	Devices []DemoDevice

	ids map[tb.EntityType]map[string]string // name (email for users) → id
}

// DemoDevice is one demo device.
type DemoDevice struct {
	Name, ID, Token string
	// CustomerID is NullUUID for devices not assigned to a customer.
	CustomerID string
	ProfileID  string
}

// Demo passwords.
const (
	SysAdminEmail    = "sysadmin@thingsboard.org"
	SysAdminPassword = "sysadmin"
	TenantEmail      = "tenant@thingsboard.org"
	TenantPassword   = "tenant"
	CustomerEmail    = "customer@thingsboard.org"
	CustomerPassword = "customer"
)

// ID returns the id of the demo entity of type t with the given name (title for
// customers and dashboards, email for users), or "".
func (d *DemoData) ID(t tb.EntityType, name string) string { return d.ids[t][name] }

// DeviceID returns the id of the named demo device, or "".
func (d *DemoData) DeviceID(name string) string { return d.ID(tb.EntityTypeDevice, name) }

// CustomerID returns the id of the demo customer with the given title, or "".
func (d *DemoData) CustomerID(title string) string { return d.ID(tb.EntityTypeCustomer, title) }

// UserID returns the id of the demo user with the given email, or "".
func (d *DemoData) UserID(email string) string { return d.ID(tb.EntityTypeUser, email) }

// DeviceProfileID returns the id of the named demo device profile ("default", "thermostat"), or "".
func (d *DemoData) DeviceProfileID(name string) string { return d.ID(tb.EntityTypeDeviceProfile, name) }

// AssetProfileID returns the id of the named demo asset profile ("default"), or "".
func (d *DemoData) AssetProfileID(name string) string { return d.ID(tb.EntityTypeAssetProfile, name) }

// DashboardID returns the id of the demo dashboard with the given title, or "".
func (d *DemoData) DashboardID(title string) string { return d.ID(tb.EntityTypeDashboard, title) }

// RuleChainID returns the id of the named demo rule chain ("Root Rule Chain", "Thermostat"), or "".
func (d *DemoData) RuleChainID(name string) string { return d.ID(tb.EntityTypeRuleChain, name) }

// DeviceToken returns the access token of the named demo device, or "".
func (d *DemoData) DeviceToken(name string) string {
	for _, dev := range d.Devices {
		if dev.Name == name {
			return dev.Token
		}
	}
	return ""
}

// Demo returns the ids of the demo data.
func (s *Server) Demo() *DemoData { return s.demo }

// jsonID is an entity id in its JSON form.
func jsonID(t tb.EntityType, id string) map[string]any {
	return map[string]any{"entityType": string(t), "id": id}
}

// demoLoader creates the initial entities with increasing createdTime values.
type demoLoader struct {
	s  *Server
	tx *Tx
	d  *DemoData
	t0 int64
}

func (l *demoLoader) put(t tb.EntityType, name, tenantID, customerID string, owner tb.EntityID, fields map[string]string, m map[string]any) string {
	l.t0++
	id := l.s.store.NewUUID()
	m["id"] = jsonID(t, id)
	m["createdTime"] = l.t0
	if _, ok := m["version"]; !ok {
		m["version"] = 1
	}
	val, err := l.s.NewValue(t, m)
	if err != nil {
		panic(fmt.Sprintf("emulator: demo %s %q: %v", t, name, err))
	}
	l.tx.Put(Record{ID: tb.NewEntityID(t, id), TenantID: tenantID, CustomerID: customerID, OwnerID: owner,
		CreatedTime: l.t0, Fields: fields, Value: val})
	if l.d.ids[t] == nil {
		l.d.ids[t] = map[string]string{}
	}
	l.d.ids[t][name] = id
	return id
}

func (l *demoLoader) user(authority tb.Authority, tenantID, customerID, email, password string) string {
	owner := tb.NewEntityID(tb.EntityTypeCustomer, customerID)
	if customerID == tb.NullUUID {
		owner = tb.NewEntityID(tb.EntityTypeTenant, tenantID)
	}
	id := l.put(tb.EntityTypeUser, email, tenantID, customerID, owner,
		map[string]string{"email": email, "authority": string(authority), "name": email},
		map[string]any{"tenantId": jsonID(tb.EntityTypeTenant, tenantID), "customerId": jsonID(tb.EntityTypeCustomer, customerID),
			"email": email, "authority": string(authority), "firstName": nil, "lastName": nil, "phone": nil,
			"name": email, "additionalInfo": map[string]any{}})
	l.tx.SetCredentials(UserCredentials{UserID: id, Password: password, Enabled: true})
	return id
}

// loadData creates the system administrator and, unless disabled, the demo data,
// then runs the demo hooks, in one transaction.
func (s *Server) loadData(hooks []func(*Server, *Tx, *DemoData)) {
	for email, code := range s.cfg.twoFactor {
		s.EnableTwoFactor(email, code)
	}
	d := &DemoData{ids: map[tb.EntityType]map[string]string{}}
	s.demo = d
	_ = s.store.Write(func(tx *Tx) error {
		l := &demoLoader{s: s, tx: tx, d: d, t0: s.Now() - 10_000}
		d.SysAdminID = l.user(SysAdmin, tb.NullUUID, tb.NullUUID, SysAdminEmail, SysAdminPassword)
		d.TenantProfileID = l.put(tb.EntityTypeTenantProfile, "Default", tb.NullUUID, tb.NullUUID, tb.EntityID{},
			map[string]string{"name": "Default", "description": "Default tenant profile"},
			map[string]any{"name": "Default", "description": "Default tenant profile", "isolatedTbRuleEngine": false,
				"profileData": map[string]any{"configuration": map[string]any{"type": "DEFAULT"}, "queueConfiguration": nil},
				"default":     true})
		if !s.cfg.noDemo {
			l.loadDemo()
		}
		for _, h := range hooks {
			h(s, tx, d)
		}
		return nil
	})
}

func (l *demoLoader) loadDemo() {
	d, tx := l.d, l.tx
	null := tb.NullUUID
	d.TenantID = l.put(tb.EntityTypeTenant, "Tenant", null, null, tb.EntityID{},
		map[string]string{"title": "Tenant", "name": "Tenant", "region": "Global"},
		map[string]any{"title": "Tenant", "name": "Tenant", "region": "Global",
			"tenantProfileId": jsonID(tb.EntityTypeTenantProfile, d.TenantProfileID),
			"country":         nil, "state": nil, "city": nil, "address": nil, "address2": nil, "zip": nil, "phone": nil,
			"email": nil, "additionalInfo": nil})
	tenant := d.TenantID
	tenantOwner := tb.NewEntityID(tb.EntityTypeTenant, tenant)
	tenantJSON := jsonID(tb.EntityTypeTenant, tenant)

	ruleChain := func(name string, root bool) string {
		return l.put(tb.EntityTypeRuleChain, name, tenant, null, tenantOwner,
			map[string]string{"name": name, "type": "CORE"},
			map[string]any{"tenantId": tenantJSON, "name": name, "type": "CORE", "firstRuleNodeId": nil, "root": root,
				"debugMode": false, "configuration": nil, "additionalInfo": nil, "externalId": nil})
	}
	ruleChain("Root Rule Chain", true)
	thermostatChain := ruleChain("Thermostat", false)

	deviceProfile := func(name, description string, isDefault bool, ruleChain any, alarms any) string {
		return l.put(tb.EntityTypeDeviceProfile, name, tenant, null, tenantOwner,
			map[string]string{"name": name, "type": "DEFAULT", "transportType": "DEFAULT", "description": description},
			map[string]any{"tenantId": tenantJSON, "name": name, "description": description, "image": nil,
				"type": "DEFAULT", "transportType": "DEFAULT", "provisionType": "DISABLED",
				"defaultRuleChainId": ruleChain, "defaultDashboardId": nil, "defaultQueueName": nil,
				"profileData": map[string]any{
					"configuration":          map[string]any{"type": "DEFAULT"},
					"transportConfiguration": map[string]any{"type": "DEFAULT"},
					"provisionConfiguration": map[string]any{"type": "DISABLED", "provisionDeviceSecret": nil},
					"alarms":                 alarms,
				},
				"provisionDeviceKey": nil, "firmwareId": nil, "softwareId": nil, "defaultEdgeRuleChainId": nil,
				"externalId": nil, "default": isDefault})
	}
	defaultProfile := deviceProfile("default", "Default device profile", true, nil, nil)
	l.put(tb.EntityTypeAssetProfile, "default", tenant, null, tenantOwner,
		map[string]string{"name": "default", "description": "Default asset profile"},
		map[string]any{"tenantId": tenantJSON, "name": "default", "description": "Default asset profile", "image": nil,
			"defaultRuleChainId": nil, "defaultDashboardId": nil, "defaultQueueName": nil, "defaultEdgeRuleChainId": nil,
			"externalId": nil, "default": true})

	d.TenantAdminID = l.user(TenantAdmin, tenant, null, TenantEmail, TenantPassword)

	customer := func(title string) string {
		return l.put(tb.EntityTypeCustomer, title, tenant, null, tenantOwner,
			map[string]string{"title": title, "name": title},
			map[string]any{"tenantId": tenantJSON, "title": title, "name": title,
				"country": nil, "state": nil, "city": nil, "address": nil, "address2": nil, "zip": nil, "phone": nil,
				"email": nil, "additionalInfo": nil, "externalId": nil})
	}
	custA, custB, custC := customer("Customer A"), customer("Customer B"), customer("Customer C")
	l.user(CustomerUser, tenant, custA, CustomerEmail, CustomerPassword)
	l.user(CustomerUser, tenant, custA, "customerA@thingsboard.org", CustomerPassword)
	l.user(CustomerUser, tenant, custB, "customerB@thingsboard.org", CustomerPassword)
	l.user(CustomerUser, tenant, custC, "customerC@thingsboard.org", CustomerPassword)

	now := l.s.Now()
	device := func(customerID, profileID, profileName, name, token, description string, active bool) {
		var info any
		if description != "" {
			info = map[string]any{"description": description}
		}
		owner := tenantOwner
		if customerID != null {
			owner = tb.NewEntityID(tb.EntityTypeCustomer, customerID)
		}
		id := l.put(tb.EntityTypeDevice, name, tenant, customerID, owner,
			map[string]string{"name": name, "type": profileName, "label": ""},
			map[string]any{"tenantId": tenantJSON, "customerId": jsonID(tb.EntityTypeCustomer, customerID),
				"name": name, "type": profileName, "label": nil,
				"deviceProfileId": jsonID(tb.EntityTypeDeviceProfile, profileID),
				"deviceData": map[string]any{"configuration": map[string]any{"type": "DEFAULT"},
					"transportConfiguration": map[string]any{"type": "DEFAULT"}},
				"firmwareId": nil, "softwareId": nil, "externalId": nil, "additionalInfo": info})
		d.Devices = append(d.Devices, DemoDevice{Name: name, ID: id, Token: token, CustomerID: customerID, ProfileID: profileID})
		eid := tb.NewEntityID(tb.EntityTypeDevice, id)
		// What the device-state service keeps for a device that is (in)active now.
		state := []Attribute{{Key: "active", Value: active, LastUpdateTs: now}}
		if active {
			state = append(state,
				Attribute{Key: "lastConnectTime", Value: now - 3_600_000, LastUpdateTs: now - 3_600_000},
				Attribute{Key: "lastActivityTime", Value: now - 5_000, LastUpdateTs: now - 5_000})
		} else {
			seen := now - 2*86_400_000
			state = append(state,
				Attribute{Key: "lastConnectTime", Value: seen - 600_000, LastUpdateTs: seen - 600_000},
				Attribute{Key: "lastActivityTime", Value: seen, LastUpdateTs: seen},
				Attribute{Key: "lastDisconnectTime", Value: seen, LastUpdateTs: seen},
				Attribute{Key: "inactivityAlarmTime", Value: seen + 600_000, LastUpdateTs: seen + 600_000})
		}
		tx.SaveAttributes(eid, ServerScope, state)
	}
	device(custA, defaultProfile, "default", "Test Device A1", "A1_TEST_TOKEN", "", false)
	device(custA, defaultProfile, "default", "Test Device A2", "A2_TEST_TOKEN", "", false)
	device(custA, defaultProfile, "default", "Test Device A3", "A3_TEST_TOKEN", "", false)
	device(custB, defaultProfile, "default", "Test Device B1", "B1_TEST_TOKEN", "", false)
	device(custC, defaultProfile, "default", "Test Device C1", "C1_TEST_TOKEN", "", false)
	device(null, defaultProfile, "default", "DHT11 Demo Device", "DHT11_DEMO_TOKEN",
		"Demo device that is used in sample applications that upload data from DHT11 temperature and humidity sensor", true)
	device(null, defaultProfile, "default", "Raspberry Pi Demo Device", "RASPBERRY_PI_DEMO_TOKEN",
		"Demo device that is used in Raspberry Pi GPIO control sample application", false)

	var alarms any
	_ = json.Unmarshal([]byte(thermostatAlarms), &alarms)
	thermostat := deviceProfile("thermostat", "Thermostat device profile", false,
		jsonID(tb.EntityTypeRuleChain, thermostatChain), alarms)
	for i, t := range []struct {
		name, token         string
		lat, lon            float64
		tempLimit, humLimit int64
	}{
		{"Thermostat T1", "T1_TEST_TOKEN", 37.3948, -122.1503, 20, 50},
		{"Thermostat T2", "T2_TEST_TOKEN", 37.493801, -121.948769, 25, 30},
	} {
		device(null, thermostat, "thermostat", t.name, t.token, "Demo device for Thermostats dashboard", i == 0)
		tx.SaveAttributes(tb.NewEntityID(tb.EntityTypeDevice, d.DeviceID(t.name)), ServerScope, []Attribute{
			{Key: "latitude", Value: t.lat}, {Key: "longitude", Value: t.lon},
			{Key: "temperatureAlarmFlag", Value: true}, {Key: "humidityAlarmFlag", Value: true},
			{Key: "temperatureAlarmThreshold", Value: t.tempLimit}, {Key: "humidityAlarmThreshold", Value: t.humLimit},
		})
	}

	for _, title := range []string{"Firmware", "Gateways", "Rule Engine Statistics", "Software", "Thermostats"} {
		l.put(tb.EntityTypeDashboard, title, tenant, null, tenantOwner,
			map[string]string{"title": title, "name": title},
			map[string]any{"tenantId": tenantJSON, "title": title, "name": title, "image": nil,
				"assignedCustomers": nil, "mobileHide": false, "mobileOrder": nil, "externalId": nil,
				"configuration": map[string]any{"description": "", "widgets": map[string]any{}, "entityAliases": map[string]any{},
					"filters": map[string]any{}, "states": map[string]any{"default": map[string]any{"name": title, "root": true,
						"layouts": map[string]any{"main": map[string]any{"widgets": map[string]any{}}}}}}})
	}
}

// thermostatAlarms are the alarm rules of the demo "thermostat" device profile.
const thermostatAlarms = `[
 {"id":"highTemperatureAlarmID","alarmType":"High Temperature","propagate":false,"propagateToOwner":false,"propagateToTenant":false,"propagateRelationTypes":null,
  "createRules":{"MAJOR":{"condition":{"condition":[
    {"key":{"type":"ATTRIBUTE","key":"temperatureAlarmFlag"},"valueType":"BOOLEAN","value":null,"predicate":{"type":"BOOLEAN","operation":"EQUAL","value":{"defaultValue":true,"userValue":null,"dynamicValue":null}}},
    {"key":{"type":"TIME_SERIES","key":"temperature"},"valueType":"NUMERIC","value":null,"predicate":{"type":"NUMERIC","operation":"GREATER","value":{"defaultValue":25.0,"userValue":null,"dynamicValue":{"sourceType":"CURRENT_DEVICE","sourceAttribute":"temperatureAlarmThreshold","inherit":false}}}}],
   "spec":{"type":"SIMPLE"}},"schedule":null,"alarmDetails":"Current temperature = ${temperature}","dashboardId":null}},
  "clearRule":{"condition":{"condition":[
    {"key":{"type":"TIME_SERIES","key":"temperature"},"valueType":"NUMERIC","value":null,"predicate":{"type":"NUMERIC","operation":"LESS_OR_EQUAL","value":{"defaultValue":25.0,"userValue":null,"dynamicValue":{"sourceType":"CURRENT_DEVICE","sourceAttribute":"temperatureAlarmThreshold","inherit":false}}}}],
   "spec":{"type":"SIMPLE"}},"schedule":null,"alarmDetails":"Current temperature = ${temperature}","dashboardId":null}},
 {"id":"lowHumidityAlarmID","alarmType":"Low Humidity","propagate":false,"propagateToOwner":false,"propagateToTenant":false,"propagateRelationTypes":null,
  "createRules":{"MINOR":{"condition":{"condition":[
    {"key":{"type":"ATTRIBUTE","key":"humidityAlarmFlag"},"valueType":"BOOLEAN","value":null,"predicate":{"type":"BOOLEAN","operation":"EQUAL","value":{"defaultValue":true,"userValue":null,"dynamicValue":null}}},
    {"key":{"type":"TIME_SERIES","key":"humidity"},"valueType":"NUMERIC","value":null,"predicate":{"type":"NUMERIC","operation":"LESS","value":{"defaultValue":60.0,"userValue":null,"dynamicValue":{"sourceType":"CURRENT_DEVICE","sourceAttribute":"humidityAlarmThreshold","inherit":false}}}}],
   "spec":{"type":"SIMPLE"}},"schedule":null,"alarmDetails":"Current humidity = ${humidity}","dashboardId":null}},
  "clearRule":{"condition":{"condition":[
    {"key":{"type":"TIME_SERIES","key":"humidity"},"valueType":"NUMERIC","value":null,"predicate":{"type":"NUMERIC","operation":"GREATER_OR_EQUAL","value":{"defaultValue":60.0,"userValue":null,"dynamicValue":{"sourceType":"CURRENT_DEVICE","sourceAttribute":"humidityAlarmThreshold","inherit":false}}}}],
   "spec":{"type":"SIMPLE"}},"schedule":null,"alarmDetails":"Current humidity = ${humidity}","dashboardId":null}}
]`
