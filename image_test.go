package thingsboard

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"net/http"
	"reflect"
	"testing"
)

const fxImageInfoJSON = `{
  "id": {"entityType": "TB_RESOURCE", "id": "` + fxResource + `"},
  "createdTime": 1719820800000,
  "tenantId": {"entityType": "TENANT", "id": "` + fxRulesTenant + `"},
  "title": "Floor plan",
  "resourceType": "IMAGE",
  "resourceSubType": "IMAGE",
  "resourceKey": "floor_plan.png",
  "publicResourceKey": "h8Yb6aVxQ6cRCyTjGmOTgHSBpTzKmL5e",
  "etag": "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855",
  "fileName": "floor_plan.png",
  "descriptor": {"mediaType": "image/png", "width": 2, "height": 1, "size": 67},
  "link": "/api/images/tenant/floor_plan.png",
  "name": "Floor plan",
  "public": true,
  "publicLink": "/api/images/public/h8Yb6aVxQ6cRCyTjGmOTgHSBpTzKmL5e"
}`

func fxImageInfoValue() TBResourceInfo {
	return TBResourceInfo{ID: NewEntityID(EntityTypeTBResource, fxResource), CreatedTime: 1719820800000, TenantID: fxRulesTenantID,
		Title: "Floor plan", ResourceType: ResourceTypeImage, ResourceSubType: ResourceSubTypeImage, ResourceKey: "floor_plan.png",
		PublicResourceKey: "h8Yb6aVxQ6cRCyTjGmOTgHSBpTzKmL5e",
		Etag:              "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855", FileName: "floor_plan.png",
		Descriptor: json.RawMessage(`{"mediaType": "image/png", "width": 2, "height": 1, "size": 67}`),
		Link:       "/api/images/tenant/floor_plan.png", Name: "Floor plan", Public: true,
		PublicLink: "/api/images/public/h8Yb6aVxQ6cRCyTjGmOTgHSBpTzKmL5e"}
}

// fxPNG is the start of a PNG file, enough for content sniffing.
var fxPNG = []byte("\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x02\x00\x00\x00\x01")

func TestImageUpload(t *testing.T) {
	for _, tc := range []struct {
		name     string
		fileName string
		opts     *ImageUploadOptions
		want     rulesUpload
	}{
		{"title and subtype", "floor_plan.png", &ImageUploadOptions{Title: "Floor plan", SubType: ResourceSubTypeScadaSymbol},
			rulesUpload{field: "file", fileName: "floor_plan.png", contentType: "image/png",
				fields: map[string]string{"title": "Floor plan", "imageSubType": "SCADA_SYMBOL"}}},
		{"sniffed type", "floor plan", nil,
			rulesUpload{field: "file", fileName: "floor plan", contentType: "image/png", fields: map[string]string{}}},
		{"given type", "plan.bin", &ImageUploadOptions{ContentType: "image/svg+xml"},
			rulesUpload{field: "file", fileName: "plan.bin", contentType: "image/svg+xml", fields: map[string]string{}}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			c, mux := setup(t)
			calls := 0
			mux.HandleFunc("/api/image", func(w http.ResponseWriter, r *http.Request) {
				calls++
				testMethod(t, r, "POST")
				testQuery(t, r, map[string]string{})
				got := rulesParseUpload(t, r)
				tc.want.data = fxPNG
				if !reflect.DeepEqual(got, tc.want) {
					t.Errorf("upload %+v, want %+v", got, tc.want)
				}
				writeJSON(w, 200, fxImageInfoJSON)
			})
			got, err := c.Images.Upload(t.Context(), tc.fileName, bytes.NewReader(fxPNG), tc.opts)
			if err != nil {
				t.Fatal(err)
			}
			if want := fxImageInfoValue(); !reflect.DeepEqual(*got, want) || calls != 1 {
				t.Errorf("got %+v (%d calls), want %+v", got, calls, want)
			}
		})
	}
}

type rulesFailingReader struct{}

func (rulesFailingReader) Read([]byte) (int, error) { return 0, errors.New("disk on fire") }

func TestImageArguments(t *testing.T) {
	rulesNoRequest(t, map[string]func(ctx context.Context, c *Client) error{
		"no name": func(ctx context.Context, c *Client) error {
			_, err := c.Images.Upload(ctx, " ", bytes.NewReader(fxPNG), nil)
			return err
		},
		"nil reader": func(ctx context.Context, c *Client) error {
			_, err := c.Images.Upload(ctx, "a.png", nil, nil)
			return err
		},
		"read error": func(ctx context.Context, c *Client) error {
			_, err := c.Images.Upload(ctx, "a.png", rulesFailingReader{}, nil)
			return err
		},
	}, map[string]string{"no name": "file name", "read error": "disk on fire"})
}
