package thingsboard

import (
	"bytes"
	"context"
	"encoding/json"
	"net/http"
	"reflect"
	"strings"
	"testing"
)

const fxOTAInfoJSON = `{
  "id": {"entityType": "OTA_PACKAGE", "id": "` + fxOTAPackage + `"},
  "createdTime": 1719820800000,
  "additionalInfo": {"description": "Spring release"},
  "tenantId": {"entityType": "TENANT", "id": "` + fxRulesTenant + `"},
  "deviceProfileId": {"entityType": "DEVICE_PROFILE", "id": "` + fxRulesProfile + `"},
  "type": "FIRMWARE",
  "title": "thermostat-fw",
  "version": "1.2.0",
  "tag": "thermostat-fw 1.2.0",
  "url": null,
  "hasData": true,
  "fileName": "fw-1.2.0.bin",
  "contentType": "application/octet-stream",
  "checksumAlgorithm": "SHA256",
  "checksum": "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08",
  "dataSize": 4,
  "name": "thermostat-fw (1.2.0)"
}`

func fxOTAInfoValue() OTAPackageInfo {
	return OTAPackageInfo{ID: NewEntityID(EntityTypeOTAPackage, fxOTAPackage), CreatedTime: 1719820800000, TenantID: fxRulesTenantID,
		DeviceProfileID: NewEntityID(EntityTypeDeviceProfile, fxRulesProfile), Type: OTAPackageFirmware, Title: "thermostat-fw",
		Version: "1.2.0", Tag: "thermostat-fw 1.2.0", HasData: true, FileName: "fw-1.2.0.bin", ContentType: "application/octet-stream",
		ChecksumAlgorithm: ChecksumSHA256, Checksum: "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08",
		DataSize: 4, AdditionalInfo: json.RawMessage(`{"description": "Spring release"}`), Name: "thermostat-fw (1.2.0)"}
}

// fxOTAJSON is fxOTAInfoJSON with its data, "test" in base64.
var fxOTAJSON = strings.TrimSuffix(strings.TrimSpace(fxOTAInfoJSON), "}") + `, "data": "dGVzdA=="}`

const fxOTAURLInfoJSON = `{
  "id": {"entityType": "OTA_PACKAGE", "id": "` + fxOTAPackage + `"},
  "createdTime": 1719820900000,
  "additionalInfo": null,
  "tenantId": {"entityType": "TENANT", "id": "` + fxRulesTenant + `"},
  "deviceProfileId": {"entityType": "DEVICE_PROFILE", "id": "` + fxRulesProfile + `"},
  "type": "SOFTWARE",
  "title": "thermostat-app",
  "version": "2.0",
  "tag": "thermostat-app 2.0",
  "url": "https://example.com/app-2.0.tar",
  "hasData": true,
  "fileName": null,
  "contentType": null,
  "checksumAlgorithm": null,
  "checksum": null,
  "dataSize": null,
  "name": "thermostat-app (2.0)"
}`

func fxOTAURLInfoValue() OTAPackageInfo {
	return OTAPackageInfo{ID: NewEntityID(EntityTypeOTAPackage, fxOTAPackage), CreatedTime: 1719820900000, TenantID: fxRulesTenantID,
		DeviceProfileID: NewEntityID(EntityTypeDeviceProfile, fxRulesProfile), Type: OTAPackageSoftware, Title: "thermostat-app",
		Version: "2.0", Tag: "thermostat-app 2.0", URL: "https://example.com/app-2.0.tar", HasData: true,
		AdditionalInfo: json.RawMessage(`null`), Name: "thermostat-app (2.0)"}
}

func otaPackageCases() []rulesCase {
	info, urlInfo := fxOTAInfoValue(), fxOTAURLInfoValue()
	pkg := OTAPackage{OTAPackageInfo: info, Data: []byte("test")}
	profile := NewEntityID(EntityTypeDeviceProfile, fxRulesProfile)
	return []rulesCase{
		{name: "Get", method: "GET", path: "/api/otaPackage/" + fxOTAPackage, answer: fxOTAJSON,
			call: func(ctx context.Context, c *Client) (any, error) { return c.OTAPackages.Get(ctx, fxOTAPackage) },
			want: &pkg},
		{name: "GetInfo", method: "GET", path: "/api/otaPackage/info/" + fxOTAPackage, answer: fxOTAInfoJSON,
			call: func(ctx context.Context, c *Client) (any, error) { return c.OTAPackages.GetInfo(ctx, fxOTAPackage) },
			want: &info},
		{name: "Download", method: "GET", path: "/api/otaPackage/" + fxOTAPackage + "/download", answer: "test", ctype: "application/octet-stream",
			call: func(ctx context.Context, c *Client) (any, error) { return c.OTAPackages.Download(ctx, fxOTAPackage) },
			want: []byte("test")},
		{name: "SaveInfo", method: "POST", path: "/api/otaPackage",
			body: `{"deviceProfileId":{"entityType":"DEVICE_PROFILE","id":"` + fxRulesProfile + `"},"type":"FIRMWARE",
				"title":"thermostat-fw","version":"1.2.0","hasData":false,"additionalInfo":{"description":"Spring release"},"usesUrl":false}`,
			answer: fxOTAInfoJSON,
			call: func(ctx context.Context, c *Client) (any, error) {
				return c.OTAPackages.SaveInfo(ctx, &OTAPackageInfo{DeviceProfileID: profile, Type: OTAPackageFirmware,
					Title: "thermostat-fw", Version: "1.2.0", AdditionalInfo: json.RawMessage(`{"description":"Spring release"}`)})
			},
			want: &info},
		{name: "SaveInfo/url", method: "POST", path: "/api/otaPackage",
			body: `{"deviceProfileId":{"entityType":"DEVICE_PROFILE","id":"` + fxRulesProfile + `"},"type":"SOFTWARE",
				"title":"thermostat-app","version":"2.0","url":"https://example.com/app-2.0.tar","hasData":false,"usesUrl":true}`,
			answer: fxOTAURLInfoJSON,
			call: func(ctx context.Context, c *Client) (any, error) {
				return c.OTAPackages.SaveInfo(ctx, &OTAPackageInfo{DeviceProfileID: profile, Type: OTAPackageSoftware,
					Title: "thermostat-app", Version: "2.0", URL: "https://example.com/app-2.0.tar"})
			},
			want: &urlInfo},
		{name: "Delete", method: "DELETE", path: "/api/otaPackage/" + fxOTAPackage,
			call: func(ctx context.Context, c *Client) (any, error) { return nil, c.OTAPackages.Delete(ctx, fxOTAPackage) }},
		{name: "List", method: "GET", path: "/api/otaPackages",
			query:  map[string]string{"pageSize": "10", "page": "0", "sortProperty": "createdTime", "sortOrder": "DESC"},
			answer: rulesPage(false, fxOTAInfoJSON, fxOTAURLInfoJSON),
			call: func(ctx context.Context, c *Client) (any, error) {
				return c.OTAPackages.List(ctx, PageLink{PageSize: 10, SortProperty: "createdTime", SortOrder: DESC})
			},
			want: &Page[OTAPackageInfo]{Data: []OTAPackageInfo{info, urlInfo}, TotalPages: 1, TotalElements: 2}},
		{name: "ListAll", method: "GET", path: "/api/otaPackages", query: map[string]string{"pageSize": "10", "page": "0"},
			answer: rulesPage(false, fxOTAInfoJSON),
			call: func(ctx context.Context, c *Client) (any, error) {
				return rulesDrain(c.OTAPackages.ListAll(ctx, NewPageLink(10)))
			},
			want: []OTAPackageInfo{info}},
		{name: "ListByDeviceProfile", method: "GET", path: "/api/otaPackages/" + fxRulesProfile + "/SOFTWARE",
			query: map[string]string{"pageSize": "10", "page": "0"}, answer: rulesPage(false, fxOTAURLInfoJSON),
			call: func(ctx context.Context, c *Client) (any, error) {
				return c.OTAPackages.ListByDeviceProfile(ctx, fxRulesProfile, OTAPackageSoftware, NewPageLink(10))
			},
			want: &Page[OTAPackageInfo]{Data: []OTAPackageInfo{urlInfo}, TotalPages: 1, TotalElements: 1}},
		{name: "ListByDeviceProfileAll", method: "GET", path: "/api/otaPackages/" + fxRulesProfile + "/FIRMWARE",
			query: map[string]string{"pageSize": "10", "page": "0"}, answer: rulesPage(false, fxOTAInfoJSON),
			call: func(ctx context.Context, c *Client) (any, error) {
				return rulesDrain(c.OTAPackages.ListByDeviceProfileAll(ctx, fxRulesProfile, OTAPackageFirmware, NewPageLink(10)))
			},
			want: []OTAPackageInfo{info}},
	}
}

func TestOTAPackageService(t *testing.T) { rulesRun(t, otaPackageCases()) }

func TestOTAPackageSaveData(t *testing.T) {
	for _, tc := range []struct {
		name  string
		data  OTAPackageData
		query map[string]string
		want  rulesUpload
	}{
		{"checksum given", OTAPackageData{FileName: "fw-1.2.0.bin", Data: strings.NewReader("test"), ChecksumAlgorithm: ChecksumMD5,
			Checksum: "098f6bcd4621d373cade4e832627b4f6", ContentType: "application/x-firmware"},
			map[string]string{"checksumAlgorithm": "MD5", "checksum": "098f6bcd4621d373cade4e832627b4f6"},
			rulesUpload{field: "file", fileName: "fw-1.2.0.bin", contentType: "application/x-firmware", data: []byte("test"), fields: map[string]string{}}},
		{"defaults", OTAPackageData{FileName: "fw", Data: bytes.NewReader([]byte{0, 1, 2})},
			map[string]string{"checksumAlgorithm": "SHA256"},
			rulesUpload{field: "file", fileName: "fw", contentType: "application/octet-stream", data: []byte{0, 1, 2}, fields: map[string]string{}}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			c, mux := setup(t)
			calls := 0
			mux.HandleFunc("/api/otaPackage/"+fxOTAPackage, func(w http.ResponseWriter, r *http.Request) {
				calls++
				testMethod(t, r, "POST")
				testQuery(t, r, tc.query)
				if got := rulesParseUpload(t, r); !reflect.DeepEqual(got, tc.want) {
					t.Errorf("upload %+v, want %+v", got, tc.want)
				}
				writeJSON(w, 200, fxOTAInfoJSON)
			})
			got, err := c.OTAPackages.SaveData(t.Context(), fxOTAPackage, tc.data)
			if err != nil {
				t.Fatal(err)
			}
			if want := fxOTAInfoValue(); !reflect.DeepEqual(*got, want) || calls != 1 {
				t.Errorf("got %+v (%d calls), want %+v", got, calls, want)
			}
		})
	}
}

func TestOTAPackageArguments(t *testing.T) {
	rulesNoRequest(t, map[string]func(ctx context.Context, c *Client) error{
		"Get":          func(ctx context.Context, c *Client) error { _, err := c.OTAPackages.Get(ctx, ""); return err },
		"GetInfo":      func(ctx context.Context, c *Client) error { _, err := c.OTAPackages.GetInfo(ctx, ""); return err },
		"Download":     func(ctx context.Context, c *Client) error { _, err := c.OTAPackages.Download(ctx, ""); return err },
		"SaveInfo nil": func(ctx context.Context, c *Client) error { _, err := c.OTAPackages.SaveInfo(ctx, nil); return err },
		"SaveInfo type": func(ctx context.Context, c *Client) error {
			_, err := c.OTAPackages.SaveInfo(ctx, &OTAPackageInfo{Title: "t", Version: "1"})
			return err
		},
		"SaveData id": func(ctx context.Context, c *Client) error {
			_, err := c.OTAPackages.SaveData(ctx, "", OTAPackageData{FileName: "f", Data: strings.NewReader("x")})
			return err
		},
		"SaveData file": func(ctx context.Context, c *Client) error {
			_, err := c.OTAPackages.SaveData(ctx, fxOTAPackage, OTAPackageData{Data: strings.NewReader("x")})
			return err
		},
		"SaveData data": func(ctx context.Context, c *Client) error {
			_, err := c.OTAPackages.SaveData(ctx, fxOTAPackage, OTAPackageData{FileName: "f"})
			return err
		},
		"Delete": func(ctx context.Context, c *Client) error { return c.OTAPackages.Delete(ctx, "") },
		"ListByDeviceProfile": func(ctx context.Context, c *Client) error {
			_, err := c.OTAPackages.ListByDeviceProfile(ctx, fxRulesProfile, "", NewPageLink(1))
			return err
		},
		"ListByDeviceProfileAll": func(ctx context.Context, c *Client) error {
			_, err := rulesDrain(c.OTAPackages.ListByDeviceProfileAll(ctx, "", OTAPackageFirmware, NewPageLink(1)))
			return err
		},
	}, map[string]string{"Get": "otaPackageID", "SaveInfo type": "package type", "SaveData file": "file name",
		"ListByDeviceProfile": "package type", "ListByDeviceProfileAll": "deviceProfileID"})
}
