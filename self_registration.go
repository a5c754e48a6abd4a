package thingsboard

import (
	"context"
	"errors"
	"net/http"
)

// SelfRegistrationService manages self-registration settings (Professional Edition). See Client.SelfRegistration.
//
// A tenant administrator configures the web sign-up form of a domain with GetParams,
// SaveParams and DeleteParams. The sign-up page reads the form, the privacy policy
// and the terms of use without credentials; the server picks them by the domain name
// of the request, or by the mobile application that MobileAppOptions names.
type SelfRegistrationService service

// SelfRegistrationType is WEB (a domain's sign-up page) or MOBILE (a mobile
// application bundle's).
type SelfRegistrationType string

// Self-registration types.
const (
	SelfRegistrationWeb    SelfRegistrationType = "WEB"
	SelfRegistrationMobile SelfRegistrationType = "MOBILE"
)

// CaptchaParams configure the CAPTCHA of a sign-up form. Version is "v2" or "v3"
// (Google reCAPTCHA, with SiteKey and SecretKey) or "enterprise" (reCAPTCHA
// Enterprise, with the project and the application keys).
type CaptchaParams struct {
	Version       string `json:"version"`
	SiteKey       string `json:"siteKey,omitzero"`
	SecretKey     string `json:"secretKey,omitzero"`
	LogActionName string `json:"logActionName,omitzero"`
	// Enterprise parameters.
	ProjectID                         string `json:"projectId,omitzero"`
	ServiceAccountCredentials         string `json:"serviceAccountCredentials,omitzero"`
	ServiceAccountCredentialsFileName string `json:"serviceAccountCredentialsFileName,omitzero"`
	AndroidKey                        string `json:"androidKey,omitzero"`
	IOSKey                            string `json:"iosKey,omitzero"`
}

// SignUpField is one field of the sign-up form.
type SignUpField struct {
	ID       SignUpFieldID `json:"id"`
	Label    string        `json:"label"`
	Required bool          `json:"required"`
}

// SelfRegistrationDashboard names a dashboard for the users who sign up: the default
// dashboard (Fullscreen) or the home dashboard (HideToolbar).
type SelfRegistrationDashboard struct {
	ID          string `json:"id,omitzero"`
	Fullscreen  bool   `json:"fullscreen,omitzero"`
	HideToolbar bool   `json:"hideToolbar,omitzero"`
}

// MobileRedirectParams are the scheme and host of the links that open a mobile
// application after sign-up.
type MobileRedirectParams struct {
	Scheme string `json:"scheme,omitzero"`
	Host   string `json:"host,omitzero"`
}

// SelfRegistrationParams configure self-registration: the sign-up form and what the
// server creates for a new user (a customer, its user group and permissions).
type SelfRegistrationParams struct {
	// Type is WEB for the settings that SaveParams stores; it is sent as WEB when empty.
	Type    SelfRegistrationType `json:"type"`
	Enabled bool                 `json:"enabled"`
	// Title is the sign-up form's title.
	Title   string         `json:"title,omitzero"`
	Captcha *CaptchaParams `json:"captcha,omitempty"`
	// Permissions are granted to the user group of every new customer.
	Permissions []GroupPermission `json:"permissions,omitzero"`
	// NotificationRecipient is the notification target told of every sign-up.
	NotificationRecipient EntityID      `json:"notificationRecipient,omitzero"`
	SignUpFields          []SignUpField `json:"signUpFields,omitzero"`
	// CustomerTitlePrefix prefixes the title of the customers created for new users.
	CustomerTitlePrefix string                     `json:"customerTitlePrefix,omitzero"`
	ShowPrivacyPolicy   bool                       `json:"showPrivacyPolicy"`
	ShowTermsOfUse      bool                       `json:"showTermsOfUse"`
	DefaultDashboard    *SelfRegistrationDashboard `json:"defaultDashboard,omitempty"`
	HomeDashboard       *SelfRegistrationDashboard `json:"homeDashboard,omitempty"`
	// CustomerGroupID is the customer group new customers are added to.
	CustomerGroupID EntityID `json:"customerGroupId,omitzero"`
	CustomMenuID    EntityID `json:"customMenuId,omitzero"`
	// DomainID is the domain whose sign-up page this is (WEB; required there).
	DomainID EntityID `json:"domainId,omitzero"`
	// PrivacyPolicy and TermsOfUse are HTML texts.
	PrivacyPolicy string `json:"privacyPolicy,omitzero"`
	TermsOfUse    string `json:"termsOfUse,omitzero"`
	// Redirect is set for MOBILE.
	Redirect *MobileRedirectParams `json:"redirect,omitempty"`
}

// SignUpSelfRegistrationParams is what a sign-up page needs to show its form.
type SignUpSelfRegistrationParams struct {
	Title             string         `json:"title,omitzero"`
	Captcha           *CaptchaParams `json:"captcha,omitempty"`
	Fields            []SignUpField  `json:"fields,omitzero"`
	ShowPrivacyPolicy bool           `json:"showPrivacyPolicy"`
	ShowTermsOfUse    bool           `json:"showTermsOfUse"`
}

// GetParams returns the tenant's web self-registration settings, or nil when the
// tenant has none.
//
//tb:operation GET /api/selfRegistration/selfRegistrationParams
func (s *SelfRegistrationService) GetParams(ctx context.Context) (*SelfRegistrationParams, error) {
	var out *SelfRegistrationParams
	if err := s.client.do(ctx, http.MethodGet, "/api/selfRegistration/selfRegistrationParams", nil, nil, &out); err != nil {
		return nil, err
	}
	return out, nil
}

// SaveParams creates or replaces the tenant's web self-registration settings and
// returns them as stored. DomainID is required.
//
//tb:operation POST /api/selfRegistration/selfRegistrationParams
func (s *SelfRegistrationService) SaveParams(ctx context.Context, p *SelfRegistrationParams) (*SelfRegistrationParams, error) {
	if p == nil {
		return nil, errors.New("thingsboard: SelfRegistration.SaveParams: nil params")
	}
	if err := checkArgsOf("SelfRegistration.SaveParams", "domainID", p.DomainID.ID); err != nil {
		return nil, err
	}
	body := *p
	if body.Type == "" {
		body.Type = SelfRegistrationWeb
	}
	out := new(SelfRegistrationParams)
	if err := s.client.do(ctx, http.MethodPost, "/api/selfRegistration/selfRegistrationParams", nil, &body, out); err != nil {
		return nil, err
	}
	return out, nil
}

// DeleteParams deletes the tenant's web self-registration settings, privacy policy and
// terms of use.
//
//tb:operation DELETE /api/selfRegistration/selfRegistrationParams
func (s *SelfRegistrationService) DeleteParams(ctx context.Context) error {
	return s.client.do(ctx, http.MethodDelete, "/api/selfRegistration/selfRegistrationParams", nil, nil, nil)
}

// GetSignUpParams returns the sign-up form of the web application of the server's
// domain (opts nil) or of a mobile application, or nil when self-registration is not
// configured there. It needs no credentials.
//
//tb:operation GET /api/noauth/selfRegistration/signUpSelfRegistrationParams
func (s *SelfRegistrationService) GetSignUpParams(ctx context.Context, opts *MobileAppOptions) (*SignUpSelfRegistrationParams, error) {
	var out *SignUpSelfRegistrationParams
	err := s.client.send(ctx, &request{method: http.MethodGet, path: "/api/noauth/selfRegistration/signUpSelfRegistrationParams",
		query: opts.values(nil, "platformType"), noAuth: true, out: &out})
	if err != nil {
		return nil, err
	}
	return out, nil
}

// GetPrivacyPolicy returns the privacy policy (HTML) of the sign-up page of the
// server's domain (opts nil) or of a mobile application; "" when there is none. It
// needs no credentials.
//
//tb:operation GET /api/noauth/selfRegistration/privacyPolicy
func (s *SelfRegistrationService) GetPrivacyPolicy(ctx context.Context, opts *MobileAppOptions) (string, error) {
	return s.text(ctx, "/api/noauth/selfRegistration/privacyPolicy", opts)
}

// GetTermsOfUse returns the terms of use (HTML) of the sign-up page of the server's
// domain (opts nil) or of a mobile application; "" when there are none. It needs no
// credentials.
//
//tb:operation GET /api/noauth/selfRegistration/termsOfUse
func (s *SelfRegistrationService) GetTermsOfUse(ctx context.Context, opts *MobileAppOptions) (string, error) {
	return s.text(ctx, "/api/noauth/selfRegistration/termsOfUse", opts)
}

// text reads a text document; the server writes the web one as a JSON string.
func (s *SelfRegistrationService) text(ctx context.Context, path string, opts *MobileAppOptions) (string, error) {
	var raw []byte
	if err := s.client.send(ctx, &request{method: http.MethodGet, path: path, query: opts.values(nil, "platform"), noAuth: true, out: &raw}); err != nil {
		return "", err
	}
	return platformText(raw), nil
}
