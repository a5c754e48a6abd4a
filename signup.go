package thingsboard

import (
	"context"
	"errors"
	"net/http"
	"net/url"
	"strings"
)

// SignupService handles self sign-up (Professional Edition). See Client.Signup.
//
// The sign-up calls (SignUp, ResendEmailActivation, ActivateEmail,
// ActivateByEmailCode) need no credentials; the server picks the tenant by the
// domain name of the request (web) or by the mobile application (MobileAppOptions).
// The privacy policy and terms of use calls act on the logged-in user.
type SignupService service

// SignUpFieldID names a field of the sign-up form. A value this package does not list
// round-trips unchanged.
type SignUpFieldID string

// Sign-up form fields.
const (
	SignUpEmail          SignUpFieldID = "EMAIL"
	SignUpPassword       SignUpFieldID = "PASSWORD"
	SignUpRepeatPassword SignUpFieldID = "REPEAT_PASSWORD"
	SignUpFirstName      SignUpFieldID = "FIRST_NAME"
	SignUpLastName       SignUpFieldID = "LAST_NAME"
	SignUpPhone          SignUpFieldID = "PHONE"
	SignUpCountry        SignUpFieldID = "COUNTRY"
	SignUpCity           SignUpFieldID = "CITY"
	SignUpState          SignUpFieldID = "STATE"
	SignUpZip            SignUpFieldID = "ZIP"
	SignUpAddress        SignUpFieldID = "ADDRESS"
	SignUpAddress2       SignUpFieldID = "ADDRESS2"
)

// SignUpRequest is a filled-in sign-up form.
type SignUpRequest struct {
	// Fields holds the form's values; EMAIL and PASSWORD are always required, the
	// self-registration settings may require more.
	Fields map[SignUpFieldID]string `json:"fields"`
	// RecaptchaResponse is the token the CAPTCHA widget produced.
	RecaptchaResponse string `json:"recaptchaResponse,omitzero"`
	// PkgName, Platform and AppSecret identify a mobile application; leave them
	// empty for the web.
	PkgName   string       `json:"pkgName,omitzero"`
	Platform  PlatformType `json:"platform,omitzero"`
	AppSecret string       `json:"appSecret,omitzero"`
}

// SignUpResult is the outcome of a sign-up.
type SignUpResult string

// Sign-up results.
const (
	// SignUpSuccess: the user was created and an activation email sent.
	SignUpSuccess SignUpResult = "SUCCESS"
	// SignUpInactiveUserExists: a user with this email signed up but never activated
	// the account; ResendEmailActivation sends the email again.
	SignUpInactiveUserExists SignUpResult = "INACTIVE_USER_EXISTS"
)

// SignUp registers a new customer user. It needs no credentials.
//
//tb:operation POST /api/noauth/signup
func (s *SignupService) SignUp(ctx context.Context, req *SignUpRequest) (SignUpResult, error) {
	if req == nil {
		return "", errors.New("thingsboard: Signup.SignUp: nil request")
	}
	if err := checkArgsOf("Signup.SignUp", "EMAIL field", req.Fields[SignUpEmail]); err != nil {
		return "", err
	}
	var raw []byte
	if err := s.client.send(ctx, &request{method: http.MethodPost, path: "/api/noauth/signup", body: req, noAuth: true, out: &raw}); err != nil {
		return "", err
	}
	return SignUpResult(strings.TrimSpace(platformText(raw))), nil
}

// ResendEmailActivation sends the activation email of a user who signed up but did
// not activate the account yet. opts may be nil. It needs no credentials.
//
//tb:operation POST /api/noauth/resendEmailActivation
func (s *SignupService) ResendEmailActivation(ctx context.Context, email string, opts *MobileAppOptions) error {
	if err := checkArgsOf("Signup.ResendEmailActivation", "email", email); err != nil {
		return err
	}
	q := opts.values(url.Values{"email": {email}}, "platform")
	return s.client.send(ctx, &request{method: http.MethodPost, path: "/api/noauth/resendEmailActivation", query: q, noAuth: true})
}

// ActivateEmail follows the link of an activation email, as the user's browser does:
// the server answers with a redirect to the page (or mobile application link) that
// confirms the address, and ActivateEmail returns that address without following it.
// An unknown or used code is an *APIError with status 409. opts may be nil. It needs
// no credentials.
//
//tb:operation GET /api/noauth/activateEmail
func (s *SignupService) ActivateEmail(ctx context.Context, emailCode string, opts *MobileAppOptions) (string, error) {
	if err := checkArgsOf("Signup.ActivateEmail", "emailCode", emailCode); err != nil {
		return "", err
	}
	req := &request{method: http.MethodGet, path: "/api/noauth/activateEmail",
		query: opts.values(url.Values{"emailCode": {emailCode}}, "platform"), noAuth: true}
	c := *s.client
	hc := *s.client.httpClient
	hc.CheckRedirect = func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }
	c.httpClient = &hc
	resp, body, err := c.roundTrip(ctx, req, nil, "", "")
	if err != nil {
		return "", err
	}
	switch {
	case resp.StatusCode >= 400:
		return "", parseAPIError(req.method, req.path, resp.StatusCode, resp.Header.Get("Content-Type"), body)
	case resp.StatusCode >= 300:
		return resp.Header.Get("Location"), nil
	}
	return platformText(body), nil
}

// ActivateByEmailCode activates the account of the activation email's code and logs
// in as that user: the client keeps the returned tokens. opts may be nil.
//
//tb:operation POST /api/noauth/activateByEmailCode
func (s *SignupService) ActivateByEmailCode(ctx context.Context, emailCode string, opts *MobileAppOptions) (*LoginResult, error) {
	if err := checkArgsOf("Signup.ActivateByEmailCode", "emailCode", emailCode); err != nil {
		return nil, err
	}
	var pair Tokens
	q := opts.values(url.Values{"emailCode": {emailCode}}, "platform")
	if err := s.client.send(ctx, &request{method: http.MethodPost, path: "/api/noauth/activateByEmailCode", query: q, noAuth: true, out: &pair}); err != nil {
		return nil, err
	}
	return s.client.acceptTokens(ctx, pair)
}

// PrivacyPolicyAccepted reports whether the current user accepted the privacy policy.
//
//tb:operation GET /api/signup/privacyPolicyAccepted
func (s *SignupService) PrivacyPolicyAccepted(ctx context.Context) (bool, error) {
	var out bool
	err := s.client.do(ctx, http.MethodGet, "/api/signup/privacyPolicyAccepted", nil, nil, &out)
	return out, err
}

// AcceptPrivacyPolicy records that the current user accepted the privacy policy. The
// server answers with a new token pair, which the client keeps.
//
//tb:operation POST /api/signup/acceptPrivacyPolicy
func (s *SignupService) AcceptPrivacyPolicy(ctx context.Context) (*LoginResult, error) {
	var pair Tokens
	if err := s.client.do(ctx, http.MethodPost, "/api/signup/acceptPrivacyPolicy", nil, nil, &pair); err != nil {
		return nil, err
	}
	return s.client.acceptTokens(ctx, pair)
}

// TermsOfUseAccepted reports whether the current user accepted the terms of use.
//
//tb:operation GET /api/signup/termsOfUseAccepted
func (s *SignupService) TermsOfUseAccepted(ctx context.Context) (bool, error) {
	var out bool
	err := s.client.do(ctx, http.MethodGet, "/api/signup/termsOfUseAccepted", nil, nil, &out)
	return out, err
}

// AcceptTermsOfUse records that the current user accepted the terms of use. The
// server answers with a new token pair, which the client keeps.
//
//tb:operation POST /api/signup/acceptTermsOfUse
func (s *SignupService) AcceptTermsOfUse(ctx context.Context) (*LoginResult, error) {
	var pair Tokens
	if err := s.client.do(ctx, http.MethodPost, "/api/signup/acceptTermsOfUse", nil, nil, &pair); err != nil {
		return nil, err
	}
	return s.client.acceptTokens(ctx, pair)
}
