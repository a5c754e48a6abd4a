package thingsboard

import (
	"context"
	"encoding/json"
	"testing"
)

func TestCustomTranslationService(t *testing.T) {
	runPEFCases(t, []pefCase{
		{name: "Get", method: "GET", path: "/api/translation/custom/de_DE",
			answer: `{"home": {"home": "Startseite"}, "device": {"devices": "Geräte"}}`,
			call:   func(ctx context.Context, c *Client) (any, error) { return c.CustomTranslations.Get(ctx, "de_DE") },
			want:   json.RawMessage(`{"home": {"home": "Startseite"}, "device": {"devices": "Geräte"}}`)},
		{name: "Get empty", method: "GET", path: "/api/translation/custom/en_US", answer: `{}`,
			call: func(ctx context.Context, c *Client) (any, error) { return c.CustomTranslations.Get(ctx, "en_US") },
			want: json.RawMessage(`{}`)},
		{name: "GetMerged", method: "GET", path: "/api/translation/custom/merged/de_DE",
			answer: `{"home": {"home": "Übersicht"}}`,
			call:   func(ctx context.Context, c *Client) (any, error) { return c.CustomTranslations.GetMerged(ctx, "de_DE") },
			want:   json.RawMessage(`{"home": {"home": "Übersicht"}}`)},
		{name: "Save", method: "POST", path: "/api/translation/custom/de_DE", body: `{"home": {"home": "Startseite"}}`,
			call: func(ctx context.Context, c *Client) (any, error) {
				return nil, c.CustomTranslations.Save(ctx, "de_DE", json.RawMessage(`{"home": {"home": "Startseite"}}`))
			}},
		{name: "Patch", method: "PATCH", path: "/api/translation/custom/de_DE",
			body: `{"notification.active": "Aktiv", "home.home": "Start"}`,
			call: func(ctx context.Context, c *Client) (any, error) {
				return nil, c.CustomTranslations.Patch(ctx, "de_DE", map[string]string{"notification.active": "Aktiv", "home.home": "Start"})
			}},
		{name: "DeleteKey", method: "DELETE", path: "/api/translation/custom/de_DE/notification.active",
			call: func(ctx context.Context, c *Client) (any, error) {
				return nil, c.CustomTranslations.DeleteKey(ctx, "de_DE", "notification.active")
			}},
		{name: "Delete", method: "DELETE", path: "/api/translation/custom/de_DE",
			call: func(ctx context.Context, c *Client) (any, error) {
				return nil, c.CustomTranslations.Delete(ctx, "de_DE")
			}},
	})
}

func TestCustomTranslationInputValidation(t *testing.T) {
	c := pefNoRequest(t)
	ctx := t.Context()
	_, err := c.CustomTranslations.Get(ctx, "")
	pefWantErr(t, "Get", err, "empty localeCode")
	_, err = c.CustomTranslations.GetMerged(ctx, " ")
	pefWantErr(t, "GetMerged", err, "empty localeCode")
	err = c.CustomTranslations.Save(ctx, "", json.RawMessage(`{}`))
	pefWantErr(t, "Save locale", err, "empty localeCode")
	err = c.CustomTranslations.Save(ctx, "de_DE", nil)
	pefWantErr(t, "Save nil", err, "empty translation")
	err = c.CustomTranslations.Save(ctx, "de_DE", json.RawMessage(`{"home":`))
	pefWantErr(t, "Save invalid", err, "encoding request body")
	err = c.CustomTranslations.Patch(ctx, "de_DE", nil)
	pefWantErr(t, "Patch", err, "empty values")
	err = c.CustomTranslations.DeleteKey(ctx, "de_DE", "")
	pefWantErr(t, "DeleteKey", err, "empty keyPath")
	err = c.CustomTranslations.Delete(ctx, "")
	pefWantErr(t, "Delete", err, "empty localeCode")
}
