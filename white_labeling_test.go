package thingsboard

import (
	"context"
	"errors"
	"net/http"
	"testing"
)

const pfWLParamsJSON = `{
  "logoImageUrl": "tb-image;/api/images/tenant/logo.svg",
  "logoImageHeight": 36,
  "appTitle": "Acme IoT",
  "favicon": {"url": "tb-image;/api/images/tenant/favicon.ico"},
  "paletteSettings": {
    "primaryPalette": {"type": "custom", "extends": "indigo", "colors": {"500": "#305680", "600": "#2a4b70"}},
    "accentPalette": {"type": "deep-orange", "extends": null, "colors": null}
  },
  "helpLinkBaseUrl": "https://thingsboard.io",
  "uiHelpBaseUrl": null,
  "enableHelpLinks": true,
  "whiteLabelingEnabled": true,
  "showNameVersion": false,
  "platformName": "Acme",
  "platformVersion": "4.3",
  "customCss": ".tb-logo {margin: 0}",
  "hideConnectivityDialog": false
}`

func pfWLParams() *WhiteLabelingParams {
	return &WhiteLabelingParams{
		LogoImageURL:    "tb-image;/api/images/tenant/logo.svg",
		LogoImageHeight: 36,
		AppTitle:        "Acme IoT",
		Favicon:         &Favicon{URL: "tb-image;/api/images/tenant/favicon.ico"},
		PaletteSettings: &PaletteSettings{
			PrimaryPalette: Palette{Type: "custom", Extends: "indigo", Colors: map[string]string{"500": "#305680", "600": "#2a4b70"}},
			AccentPalette:  Palette{Type: "deep-orange"},
		},
		HelpLinkBaseURL:        "https://thingsboard.io",
		EnableHelpLinks:        pfBool(true),
		WhiteLabelingEnabled:   true,
		ShowNameVersion:        pfBool(false),
		PlatformName:           "Acme",
		PlatformVersion:        "4.3",
		CustomCSS:              ".tb-logo {margin: 0}",
		HideConnectivityDialog: pfBool(false),
	}
}

const pfLoginParamsJSON = `{
  "logoImageUrl": "tb-image;/api/images/system/login.svg",
  "logoImageHeight": 50,
  "appTitle": "Acme login",
  "favicon": null,
  "paletteSettings": null,
  "pageBackgroundColor": "#eeeeee",
  "darkForeground": true,
  "domainId": {"entityType": "DOMAIN", "id": "` + pfDomain + `"},
  "baseUrl": "https://iot.acme.com",
  "prohibitDifferentUrl": false,
  "adminSettingsId": "` + pfDomain + `",
  "showNameBottom": true
}`

func pfLoginParams() *LoginWhiteLabelingParams {
	return &LoginWhiteLabelingParams{
		WhiteLabelingParams: WhiteLabelingParams{
			LogoImageURL:    "tb-image;/api/images/system/login.svg",
			LogoImageHeight: 50,
			AppTitle:        "Acme login",
		},
		PageBackgroundColor:  "#eeeeee",
		DarkForeground:       pfBool(true),
		DomainID:             EntityID{EntityType: "DOMAIN", ID: pfDomain},
		BaseURL:              "https://iot.acme.com",
		ProhibitDifferentURL: pfBool(false),
		AdminSettingsID:      pfDomain,
		ShowNameBottom:       pfBool(true),
	}
}

var pfPalette = &PaletteSettings{
	PrimaryPalette: Palette{Type: "indigo"},
	AccentPalette:  Palette{Type: "custom", Extends: "amber", Colors: map[string]string{"A200": "#ffd740"}},
}

const pfPaletteJSON = `{"primaryPalette": {"type": "indigo"}, "accentPalette": {"type": "custom", "extends": "amber", "colors": {"A200": "#ffd740"}}}`

func TestWhiteLabelingService(t *testing.T) {
	toSave := &WhiteLabelingParams{AppTitle: "Acme IoT", ShowNameVersion: pfBool(false), PaletteSettings: pfPalette}
	toSaveJSON := `{"appTitle": "Acme IoT", "showNameVersion": false, "paletteSettings": ` + pfPaletteJSON + `}`
	loginToSave := &LoginWhiteLabelingParams{
		WhiteLabelingParams: WhiteLabelingParams{AppTitle: "Acme login"},
		DarkForeground:      pfBool(false),
		DomainID:            EntityID{EntityType: "DOMAIN", ID: pfDomain},
	}
	loginToSaveJSON := `{"appTitle": "Acme login", "darkForeground": false, "domainId": {"entityType": "DOMAIN", "id": "` + pfDomain + `"}}`
	forCustomer := &WhiteLabelingOptions{CustomerID: pfCustomer}
	runPFCases(t, []pfCase{
		{name: "GetParams", method: "GET", path: "/api/whiteLabel/whiteLabelParams", answer: pfWLParamsJSON,
			call: func(ctx context.Context, c *Client) (any, error) { return c.WhiteLabeling.GetParams(ctx) },
			want: pfWLParams()},
		{name: "GetLoginParams", method: "GET", path: "/api/noauth/whiteLabel/loginWhiteLabelParams", noAuth: true,
			answer: pfLoginParamsJSON,
			call:   func(ctx context.Context, c *Client) (any, error) { return c.WhiteLabeling.GetLoginParams(ctx) },
			want:   pfLoginParams()},
		{name: "GetCurrentParams", method: "GET", path: "/api/whiteLabel/currentWhiteLabelParams", answer: pfWLParamsJSON,
			call: func(ctx context.Context, c *Client) (any, error) { return c.WhiteLabeling.GetCurrentParams(ctx, nil) },
			want: pfWLParams()},
		{name: "GetCurrentParams of a customer", method: "GET", path: "/api/whiteLabel/currentWhiteLabelParams",
			query: map[string]string{"customerId": pfCustomer}, answer: pfWLParamsJSON,
			call: func(ctx context.Context, c *Client) (any, error) {
				return c.WhiteLabeling.GetCurrentParams(ctx, forCustomer)
			},
			want: pfWLParams()},
		{name: "GetCurrentLoginParams", method: "GET", path: "/api/whiteLabel/currentLoginWhiteLabelParams",
			query: map[string]string{"customerId": pfCustomer}, answer: pfLoginParamsJSON,
			call: func(ctx context.Context, c *Client) (any, error) {
				return c.WhiteLabeling.GetCurrentLoginParams(ctx, forCustomer)
			},
			want: pfLoginParams()},
		{name: "SaveParams", method: "POST", path: "/api/whiteLabel/whiteLabelParams", body: toSaveJSON, answer: pfWLParamsJSON,
			call: func(ctx context.Context, c *Client) (any, error) { return c.WhiteLabeling.SaveParams(ctx, toSave, nil) },
			want: pfWLParams()},
		{name: "SaveParams of a customer", method: "POST", path: "/api/whiteLabel/whiteLabelParams",
			query: map[string]string{"customerId": pfCustomer}, body: toSaveJSON, answer: pfWLParamsJSON,
			call: func(ctx context.Context, c *Client) (any, error) {
				return c.WhiteLabeling.SaveParams(ctx, toSave, forCustomer)
			},
			want: pfWLParams()},
		{name: "SaveLoginParams", method: "POST", path: "/api/whiteLabel/loginWhiteLabelParams", body: loginToSaveJSON,
			answer: pfLoginParamsJSON,
			call: func(ctx context.Context, c *Client) (any, error) {
				return c.WhiteLabeling.SaveLoginParams(ctx, loginToSave, &WhiteLabelingOptions{})
			},
			want: pfLoginParams()},
		{name: "PreviewParams", method: "POST", path: "/api/whiteLabel/previewWhiteLabelParams", body: toSaveJSON,
			answer: pfWLParamsJSON,
			call:   func(ctx context.Context, c *Client) (any, error) { return c.WhiteLabeling.PreviewParams(ctx, toSave) },
			want:   pfWLParams()},
		{name: "DeleteCurrentParams", method: "DELETE", path: "/api/whiteLabel/currentWhiteLabelParams",
			query: map[string]string{"customerId": pfCustomer},
			call: func(ctx context.Context, c *Client) (any, error) {
				return nil, c.WhiteLabeling.DeleteCurrentParams(ctx, forCustomer)
			}},
		{name: "DeleteCurrentLoginParams", method: "DELETE", path: "/api/whiteLabel/currentLoginWhiteLabelParams",
			call: func(ctx context.Context, c *Client) (any, error) {
				return nil, c.WhiteLabeling.DeleteCurrentLoginParams(ctx, nil)
			}},
		{name: "IsAllowed", method: "GET", path: "/api/whiteLabel/isWhiteLabelingAllowed", answer: `true`,
			call: func(ctx context.Context, c *Client) (any, error) { return c.WhiteLabeling.IsAllowed(ctx) },
			want: true},
		{name: "IsCustomerAllowed", method: "GET", path: "/api/whiteLabel/isCustomerWhiteLabelingAllowed", answer: `false`,
			call: func(ctx context.Context, c *Client) (any, error) { return c.WhiteLabeling.IsCustomerAllowed(ctx) },
			want: false},
		{name: "LoginThemeCSS", method: "POST", path: "/api/noauth/whiteLabel/loginThemeCss", noAuth: true,
			query: map[string]string{"darkForeground": "true"}, body: pfPaletteJSON,
			ctype: "text/plain", answer: ".mat-primary {color: #3f51b5;}",
			call: func(ctx context.Context, c *Client) (any, error) {
				return c.WhiteLabeling.LoginThemeCSS(ctx, pfPalette, true)
			},
			want: ".mat-primary {color: #3f51b5;}"},
		{name: "AppThemeCSS", method: "POST", path: "/api/whiteLabel/appThemeCss", body: pfPaletteJSON,
			ctype: "text/plain", answer: ".mat-accent {color: #ffd740;}",
			call: func(ctx context.Context, c *Client) (any, error) { return c.WhiteLabeling.AppThemeCSS(ctx, pfPalette) },
			want: ".mat-accent {color: #ffd740;}"},
	})
}

func TestWhiteLabelingCustomerNotAllowed(t *testing.T) {
	c, mux := setup(t)
	mux.HandleFunc("/api/whiteLabel/isCustomerWhiteLabelingAllowed", func(w http.ResponseWriter, r *http.Request) {
		writeJSON(w, 403, `{"status": 403, "message": "You don't have permission to perform this operation!", "errorCode": 20, "timestamp": 1}`)
	})
	ok, err := c.WhiteLabeling.IsCustomerAllowed(t.Context())
	if ok || !errors.Is(err, ErrPermissionDenied) {
		t.Errorf("IsCustomerAllowed = %v, %v; want false and ErrPermissionDenied", ok, err)
	}
}

func TestWhiteLabelingInputValidation(t *testing.T) {
	c := pfNoRequest(t)
	ctx := t.Context()
	_, err := c.WhiteLabeling.SaveParams(ctx, nil, nil)
	pfWantErr(t, "SaveParams", err, "nil params")
	_, err = c.WhiteLabeling.SaveLoginParams(ctx, nil, nil)
	pfWantErr(t, "SaveLoginParams", err, "nil params")
	_, err = c.WhiteLabeling.PreviewParams(ctx, nil)
	pfWantErr(t, "PreviewParams", err, "nil params")
	_, err = c.WhiteLabeling.LoginThemeCSS(ctx, nil, false)
	pfWantErr(t, "LoginThemeCSS", err, "nil palette")
	_, err = c.WhiteLabeling.AppThemeCSS(ctx, nil)
	pfWantErr(t, "AppThemeCSS", err, "nil palette")
}
