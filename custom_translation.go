package thingsboard

import (
	"context"
	"encoding/json"
	"net/http"
)

// CustomTranslationService manages custom UI translations (Professional Edition). See Client.CustomTranslations.
//
// A custom translation overrides the UI's texts for one locale ("en_US", "de_DE", ...)
// at the caller's level (system, tenant or customer); a level inherits what it does not
// override from its parent. A translation is a JSON object of translation keys, nested
// as in the UI's locale files: {"home": {"home": "My home"}}.
//
// These are the routes of ThingsBoard PE 4.x (/api/translation/custom/...); older
// servers kept all locales in one object at /api/customTranslation/customTranslation.
type CustomTranslationService service

// Get returns the custom translation of the caller's own level for a locale, not
// merged with the parent levels: the values to edit and save. A level without one
// gives an empty object.
//
//tb:operation GET /api/translation/custom/{localeCode}
func (s *CustomTranslationService) Get(ctx context.Context, localeCode string) (json.RawMessage, error) {
	if err := checkArgsOf("CustomTranslations.Get", "localeCode", localeCode); err != nil {
		return nil, err
	}
	return s.get(ctx, pathf("/api/translation/custom/%s", localeCode))
}

// GetMerged returns the custom translation that applies to the caller for a locale:
// its own level merged with its parents'.
//
//tb:operation GET /api/translation/custom/merged/{localeCode}
func (s *CustomTranslationService) GetMerged(ctx context.Context, localeCode string) (json.RawMessage, error) {
	if err := checkArgsOf("CustomTranslations.GetMerged", "localeCode", localeCode); err != nil {
		return nil, err
	}
	return s.get(ctx, pathf("/api/translation/custom/merged/%s", localeCode))
}

func (s *CustomTranslationService) get(ctx context.Context, path string) (json.RawMessage, error) {
	var out json.RawMessage
	if err := s.client.do(ctx, http.MethodGet, path, nil, nil, &out); err != nil {
		return nil, err
	}
	return out, nil
}

// Save replaces the custom translation of the caller's own level for a locale. The
// server rejects keys that the UI's default locale does not have.
//
//tb:operation POST /api/translation/custom/{localeCode}
func (s *CustomTranslationService) Save(ctx context.Context, localeCode string, translation json.RawMessage) error {
	if err := checkArgsOf("CustomTranslations.Save", "localeCode", localeCode, "translation", string(translation)); err != nil {
		return err
	}
	return s.client.do(ctx, http.MethodPost, pathf("/api/translation/custom/%s", localeCode), nil, translation, nil)
}

// Patch sets some keys of the caller's custom translation for a locale and keeps the
// others. Keys are dotted paths: {"notification.active": "Active"}.
//
//tb:operation PATCH /api/translation/custom/{localeCode}
func (s *CustomTranslationService) Patch(ctx context.Context, localeCode string, values map[string]string) error {
	if err := checkArgsOf("CustomTranslations.Patch", "localeCode", localeCode); err != nil {
		return err
	}
	if len(values) == 0 {
		return errMissing("CustomTranslations.Patch", "values")
	}
	return s.client.do(ctx, http.MethodPatch, pathf("/api/translation/custom/%s", localeCode), nil, values, nil)
}

// DeleteKey removes one key (a dotted path such as "notification.active") from the
// caller's custom translation for a locale, so that the parent level's text applies.
//
//tb:operation DELETE /api/translation/custom/{localeCode}/{keyPath}
func (s *CustomTranslationService) DeleteKey(ctx context.Context, localeCode, keyPath string) error {
	if err := checkArgsOf("CustomTranslations.DeleteKey", "localeCode", localeCode, "keyPath", keyPath); err != nil {
		return err
	}
	return s.client.do(ctx, http.MethodDelete, pathf("/api/translation/custom/%s/%s", localeCode, keyPath), nil, nil, nil)
}

// Delete deletes the caller's custom translation for a locale.
//
//tb:operation DELETE /api/translation/custom/{localeCode}
func (s *CustomTranslationService) Delete(ctx context.Context, localeCode string) error {
	if err := checkArgsOf("CustomTranslations.Delete", "localeCode", localeCode); err != nil {
		return err
	}
	return s.client.do(ctx, http.MethodDelete, pathf("/api/translation/custom/%s", localeCode), nil, nil, nil)
}
