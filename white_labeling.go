package thingsboard

import (
	"context"
	"errors"
	"net/http"
	"net/url"
	"strconv"
)

// WhiteLabelingService reads and writes white-labeling parameters (Professional Edition). See Client.WhiteLabeling.
//
// White labeling is set at three levels: the system, a tenant and a customer. A level
// inherits what it leaves unset from its parent. The "current" methods read and write
// the caller's own level, unmerged, for editing; GetParams and GetLoginParams return
// the merged result that the UI applies.
type WhiteLabelingService service

// WhiteLabelingParams are the general white-labeling parameters: the application's
// logo, title, favicon, colors and help links. Unset fields are inherited from the
// parent level.
type WhiteLabelingParams struct {
	LogoImageURL    string           `json:"logoImageUrl,omitzero"`
	LogoImageHeight int              `json:"logoImageHeight,omitzero"`
	AppTitle        string           `json:"appTitle,omitzero"`
	Favicon         *Favicon         `json:"favicon,omitzero"`
	PaletteSettings *PaletteSettings `json:"paletteSettings,omitzero"`
	// HelpLinkBaseURL is the base of the UI's help links.
	HelpLinkBaseURL string `json:"helpLinkBaseUrl,omitzero"`
	UIHelpBaseURL   string `json:"uiHelpBaseUrl,omitzero"`
	EnableHelpLinks *bool  `json:"enableHelpLinks,omitzero"`
	// WhiteLabelingEnabled tells whether the tenant's subscription allows white
	// labeling; the server sets it.
	WhiteLabelingEnabled   bool   `json:"whiteLabelingEnabled,omitzero"`
	ShowNameVersion        *bool  `json:"showNameVersion,omitzero"`
	PlatformName           string `json:"platformName,omitzero"`
	PlatformVersion        string `json:"platformVersion,omitzero"`
	CustomCSS              string `json:"customCss,omitzero"`
	HideConnectivityDialog *bool  `json:"hideConnectivityDialog,omitzero"`
	OverrideTrendzName     *bool  `json:"overrideTrendzName,omitzero"`
}

// LoginWhiteLabelingParams are the white-labeling parameters of the login page, which
// the server picks by the domain name the page is served from.
type LoginWhiteLabelingParams struct {
	WhiteLabelingParams
	PageBackgroundColor string `json:"pageBackgroundColor,omitzero"`
	DarkForeground      *bool  `json:"darkForeground,omitzero"`
	// DomainID is the domain (DOMAIN id) whose login page these parameters style.
	DomainID             EntityID `json:"domainId,omitzero"`
	BaseURL              string   `json:"baseUrl,omitzero"`
	ProhibitDifferentURL *bool    `json:"prohibitDifferentUrl,omitzero"`
	AdminSettingsID      string   `json:"adminSettingsId,omitzero"`
	ShowNameBottom       *bool    `json:"showNameBottom,omitzero"`
}

// Favicon is the browser tab icon: an image URL or a data URL.
type Favicon struct {
	URL string `json:"url,omitzero"`
}

// PaletteSettings are the UI's primary and accent color palettes.
type PaletteSettings struct {
	PrimaryPalette Palette `json:"primaryPalette"`
	AccentPalette  Palette `json:"accentPalette"`
}

// Palette is a Material color palette: a named one ("indigo", "deep-orange", ...), or
// "custom" with the colors that it overrides in a palette it extends.
type Palette struct {
	Type    string `json:"type"`
	Extends string `json:"extends,omitzero"`
	// Colors maps hues ("500", "A100", ...) to CSS colors.
	Colors map[string]string `json:"colors,omitzero"`
}

// WhiteLabelingOptions choose whose white labeling a call reads or writes.
type WhiteLabelingOptions struct {
	// CustomerID makes a tenant administrator work on one of its customers' white
	// labeling instead of the tenant's own.
	CustomerID string
}

func (o *WhiteLabelingOptions) values() url.Values {
	if o == nil || o.CustomerID == "" {
		return nil
	}
	return url.Values{"customerId": {o.CustomerID}}
}

// GetParams returns the white-labeling parameters that apply to the caller: its own
// level merged with its parents'.
//
//tb:operation GET /api/whiteLabel/whiteLabelParams
func (s *WhiteLabelingService) GetParams(ctx context.Context) (*WhiteLabelingParams, error) {
	return call[WhiteLabelingParams](ctx, s.client, http.MethodGet, "/api/whiteLabel/whiteLabelParams", nil, nil)
}

// GetLoginParams returns the login page parameters for the domain name of the
// client's base URL. It needs no login and sends no credentials.
//
//tb:operation GET /api/noauth/whiteLabel/loginWhiteLabelParams
func (s *WhiteLabelingService) GetLoginParams(ctx context.Context) (*LoginWhiteLabelingParams, error) {
	out := new(LoginWhiteLabelingParams)
	req := &request{method: http.MethodGet, path: "/api/noauth/whiteLabel/loginWhiteLabelParams", out: out, noAuth: true}
	if err := s.client.send(ctx, req); err != nil {
		return nil, err
	}
	return out, nil
}

// GetCurrentParams returns the general parameters of the caller's own level (or of
// opts.CustomerID), not merged with the parent levels: the values to edit and save.
// opts may be nil.
//
//tb:operation GET /api/whiteLabel/currentWhiteLabelParams
func (s *WhiteLabelingService) GetCurrentParams(ctx context.Context, opts *WhiteLabelingOptions) (*WhiteLabelingParams, error) {
	return call[WhiteLabelingParams](ctx, s.client, http.MethodGet, "/api/whiteLabel/currentWhiteLabelParams", opts.values(), nil)
}

// GetCurrentLoginParams returns the login page parameters of the caller's own level
// (or of opts.CustomerID), not merged with the parent levels. opts may be nil.
//
//tb:operation GET /api/whiteLabel/currentLoginWhiteLabelParams
func (s *WhiteLabelingService) GetCurrentLoginParams(ctx context.Context, opts *WhiteLabelingOptions) (*LoginWhiteLabelingParams, error) {
	return call[LoginWhiteLabelingParams](ctx, s.client, http.MethodGet, "/api/whiteLabel/currentLoginWhiteLabelParams", opts.values(), nil)
}

// SaveParams saves the general parameters of the caller's own level (or of
// opts.CustomerID) and returns them as stored. opts may be nil.
//
//tb:operation POST /api/whiteLabel/whiteLabelParams
func (s *WhiteLabelingService) SaveParams(ctx context.Context, p *WhiteLabelingParams, opts *WhiteLabelingOptions) (*WhiteLabelingParams, error) {
	if p == nil {
		return nil, errors.New("thingsboard: WhiteLabeling.SaveParams: nil params")
	}
	return call[WhiteLabelingParams](ctx, s.client, http.MethodPost, "/api/whiteLabel/whiteLabelParams", opts.values(), p)
}

// SaveLoginParams saves the login page parameters of the caller's own level (or of
// opts.CustomerID) and returns them as stored. opts may be nil.
//
//tb:operation POST /api/whiteLabel/loginWhiteLabelParams
func (s *WhiteLabelingService) SaveLoginParams(ctx context.Context, p *LoginWhiteLabelingParams, opts *WhiteLabelingOptions) (*LoginWhiteLabelingParams, error) {
	if p == nil {
		return nil, errors.New("thingsboard: WhiteLabeling.SaveLoginParams: nil params")
	}
	return call[LoginWhiteLabelingParams](ctx, s.client, http.MethodPost, "/api/whiteLabel/loginWhiteLabelParams", opts.values(), p)
}

// PreviewParams returns p merged with the parameters of the caller's parent levels,
// as GetParams would return them after saving p, without saving anything.
//
//tb:operation POST /api/whiteLabel/previewWhiteLabelParams
func (s *WhiteLabelingService) PreviewParams(ctx context.Context, p *WhiteLabelingParams) (*WhiteLabelingParams, error) {
	if p == nil {
		return nil, errors.New("thingsboard: WhiteLabeling.PreviewParams: nil params")
	}
	return call[WhiteLabelingParams](ctx, s.client, http.MethodPost, "/api/whiteLabel/previewWhiteLabelParams", nil, p)
}

// DeleteCurrentParams deletes the general parameters of the caller's own level (or
// of opts.CustomerID), which then inherits its parent's. opts may be nil.
//
//tb:operation DELETE /api/whiteLabel/currentWhiteLabelParams
func (s *WhiteLabelingService) DeleteCurrentParams(ctx context.Context, opts *WhiteLabelingOptions) error {
	return s.client.do(ctx, http.MethodDelete, "/api/whiteLabel/currentWhiteLabelParams", opts.values(), nil, nil)
}

// DeleteCurrentLoginParams deletes the login page parameters of the caller's own
// level (or of opts.CustomerID). opts may be nil.
//
//tb:operation DELETE /api/whiteLabel/currentLoginWhiteLabelParams
func (s *WhiteLabelingService) DeleteCurrentLoginParams(ctx context.Context, opts *WhiteLabelingOptions) error {
	return s.client.do(ctx, http.MethodDelete, "/api/whiteLabel/currentLoginWhiteLabelParams", opts.values(), nil, nil)
}

// IsAllowed reports whether the caller's owner (tenant or customer) may use white
// labeling.
//
//tb:operation GET /api/whiteLabel/isWhiteLabelingAllowed
func (s *WhiteLabelingService) IsAllowed(ctx context.Context) (bool, error) {
	return s.flag(ctx, "/api/whiteLabel/isWhiteLabelingAllowed")
}

// IsCustomerAllowed reports whether the customers of the caller's tenant may use
// white labeling (tenant administrators only).
//
//tb:operation GET /api/whiteLabel/isCustomerWhiteLabelingAllowed
func (s *WhiteLabelingService) IsCustomerAllowed(ctx context.Context) (bool, error) {
	return s.flag(ctx, "/api/whiteLabel/isCustomerWhiteLabelingAllowed")
}

func (s *WhiteLabelingService) flag(ctx context.Context, path string) (bool, error) {
	var out bool
	if err := s.client.do(ctx, http.MethodGet, path, nil, nil, &out); err != nil {
		return false, err
	}
	return out, nil
}

// LoginThemeCSS returns the CSS of the login page's theme for the given palettes.
// It needs no login and sends no credentials.
//
// Older PE servers serve it; ThingsBoard PE 4.3 does not, and answers with its error
// for an unknown path (an *APIError, normally matching ErrNotFound).
//
//tb:operation POST /api/noauth/whiteLabel/loginThemeCss
func (s *WhiteLabelingService) LoginThemeCSS(ctx context.Context, palette *PaletteSettings, darkForeground bool) (string, error) {
	if palette == nil {
		return "", errors.New("thingsboard: WhiteLabeling.LoginThemeCSS: nil palette")
	}
	var css string
	req := &request{method: http.MethodPost, path: "/api/noauth/whiteLabel/loginThemeCss",
		query: url.Values{"darkForeground": {strconv.FormatBool(darkForeground)}}, body: palette, out: &css, noAuth: true}
	if err := s.client.send(ctx, req); err != nil {
		return "", err
	}
	return css, nil
}

// AppThemeCSS returns the CSS of the application's theme for the given palettes.
//
// Older PE servers serve it; ThingsBoard PE 4.3 does not, and answers with its error
// for an unknown path (an *APIError, normally matching ErrNotFound).
//
//tb:operation POST /api/whiteLabel/appThemeCss
func (s *WhiteLabelingService) AppThemeCSS(ctx context.Context, palette *PaletteSettings) (string, error) {
	if palette == nil {
		return "", errors.New("thingsboard: WhiteLabeling.AppThemeCSS: nil palette")
	}
	var css string
	if err := s.client.do(ctx, http.MethodPost, "/api/whiteLabel/appThemeCss", nil, palette, &css); err != nil {
		return "", err
	}
	return css, nil
}
