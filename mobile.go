package thingsboard

import (
	"context"
	"encoding/json"
	"net/http"
	"net/url"
)

// MobileService reads what the mobile applications show: the login screen and the
// current user's home. See Client.Mobile.
type MobileService service

// PlatformType is the platform of a client application: WEB, ANDROID or IOS.
type PlatformType string

// Platform types.
const (
	PlatformWeb     PlatformType = "WEB"
	PlatformAndroid PlatformType = "ANDROID"
	PlatformIOS     PlatformType = "IOS"
)

// MobileAppOptions identify the mobile application a request comes from, for the
// endpoints that answer per application (sign-up, self-registration, OAuth 2.0 login
// clients). Leave both empty for the web application.
type MobileAppOptions struct {
	// PkgName is the application's package name (Android) or bundle id (iOS).
	PkgName string
	// Platform is ANDROID or IOS; the server needs it whenever PkgName is set.
	Platform PlatformType
}

// values adds the options to q under the given name for the platform parameter.
func (o *MobileAppOptions) values(q url.Values, platformParam string) url.Values {
	if q == nil {
		q = url.Values{}
	}
	if o == nil {
		return q
	}
	setIf(q, "pkgName", o.PkgName)
	setIf(q, platformParam, string(o.Platform))
	return q
}

// StoreInfo locates a mobile application in its store.
type StoreInfo struct {
	AppID                  string `json:"appId,omitzero"`
	SHA256CertFingerprints string `json:"sha256CertFingerprints,omitzero"`
	StoreLink              string `json:"storeLink,omitzero"`
}

// MobileAppVersionInfo tells a mobile application which versions the server supports.
type MobileAppVersionInfo struct {
	MinVersion                string `json:"minVersion,omitzero"`
	MinVersionReleaseNotes    string `json:"minVersionReleaseNotes,omitzero"`
	LatestVersion             string `json:"latestVersion,omitzero"`
	LatestVersionReleaseNotes string `json:"latestVersionReleaseNotes,omitzero"`
}

// UserMobileInfo is what a mobile application needs after login: the user, the home
// dashboard and the layout of the application's pages.
type UserMobileInfo struct {
	User              *User                 `json:"user,omitempty"`
	StoreInfo         *StoreInfo            `json:"storeInfo,omitempty"`
	VersionInfo       *MobileAppVersionInfo `json:"versionInfo,omitempty"`
	HomeDashboardInfo *HomeDashboardInfo    `json:"homeDashboardInfo,omitempty"`
	// Pages is the free-form JSON layout of the application's menu.
	Pages json.RawMessage `json:"pages,omitzero"`
}

// LoginMobileInfo is what a mobile application shows on its login screen.
type LoginMobileInfo struct {
	// OAuth2ClientLoginInfos are the OAuth 2.0 login buttons.
	OAuth2ClientLoginInfos []OAuth2ClientLoginInfo `json:"oAuth2ClientLoginInfos,omitzero"`
	// SelfRegistrationParams describe the sign-up form (Professional Edition).
	SelfRegistrationParams *SignUpSelfRegistrationParams `json:"selfRegistrationParams,omitempty"`
	StoreInfo              *StoreInfo                    `json:"storeInfo,omitempty"`
	VersionInfo            *MobileAppVersionInfo         `json:"versionInfo,omitempty"`
}

func mobileQuery(method, pkgName string, platform PlatformType) (url.Values, error) {
	if err := checkArgsOf(method, "pkgName", pkgName, "platform", string(platform)); err != nil {
		return nil, err
	}
	return url.Values{"pkgName": {pkgName}, "platform": {string(platform)}}, nil
}

// GetUserInfo returns the current user's information for the mobile application
// pkgName on platform (ANDROID or IOS).
//
//tb:operation GET /api/mobile
func (s *MobileService) GetUserInfo(ctx context.Context, pkgName string, platform PlatformType) (*UserMobileInfo, error) {
	q, err := mobileQuery("Mobile.GetUserInfo", pkgName, platform)
	if err != nil {
		return nil, err
	}
	return call[UserMobileInfo](ctx, s.client, http.MethodGet, "/api/mobile", q, nil)
}

// GetLoginInfo returns the login screen information of the mobile application pkgName
// on platform (ANDROID or IOS). It needs no credentials.
//
//tb:operation GET /api/noauth/mobile
func (s *MobileService) GetLoginInfo(ctx context.Context, pkgName string, platform PlatformType) (*LoginMobileInfo, error) {
	q, err := mobileQuery("Mobile.GetLoginInfo", pkgName, platform)
	if err != nil {
		return nil, err
	}
	out := new(LoginMobileInfo)
	if err := s.client.send(ctx, &request{method: http.MethodGet, path: "/api/noauth/mobile", query: q, noAuth: true, out: out}); err != nil {
		return nil, err
	}
	return out, nil
}
