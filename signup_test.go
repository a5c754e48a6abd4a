package thingsboard

import (
	"context"
	"errors"
	"net/http"
	"testing"
	"time"
)

// fxSignupTokens returns a customer user's token pair and the login result it makes.
func fxSignupTokens(t *testing.T) (string, *LoginResult) {
	t.Helper()
	tok := makeJWT(map[string]any{"sub": "new.user@example.com", "scopes": []string{"CUSTOMER_USER"}, "userId": "5f1a2b30-4f1a-11ee-9c6d-2b1e8a3f0a19",
		"tenantId": "5f1a2b30-4f1a-11ee-9c6d-2b1e8a3f0a1a", "customerId": "5f1a2b30-4f1a-11ee-9c6d-2b1e8a3f0a1b", "enabled": true,
		"exp": time.Now().Add(time.Hour).Unix()})
	u, err := ParseAuthUser(tok)
	if err != nil {
		t.Fatal(err)
	}
	return tok, &LoginResult{User: u}
}

func TestSignupService(t *testing.T) {
	tok, login := fxSignupTokens(t)
	pair := `{"token":"` + tok + `","refreshToken":"` + tok + `"}`
	signUpBody := `{"fields":{"EMAIL":"new.user@example.com","PASSWORD":"Secret-123","FIRST_NAME":"Ada"},"recaptchaResponse":"03AGdBq2"}`
	signUp := &SignUpRequest{Fields: map[SignUpFieldID]string{SignUpEmail: "new.user@example.com", SignUpPassword: "Secret-123", SignUpFirstName: "Ada"},
		RecaptchaResponse: "03AGdBq2"}
	mobile := &MobileAppOptions{PkgName: fxMobilePkg, Platform: PlatformAndroid}
	pfRun(t, []pfCase{
		{
			name: "SignUp", method: "POST", path: "/api/noauth/signup", noAuth: true, body: signUpBody, answer: `"SUCCESS"`,
			call: func(ctx context.Context, c *Client) (any, error) { return c.Signup.SignUp(ctx, signUp) },
			want: SignUpSuccess,
		},
		{
			name: "SignUpMobile", method: "POST", path: "/api/noauth/signup", noAuth: true,
			body:  `{"fields":{"EMAIL":"a@b.c","PASSWORD":"p"},"pkgName":"` + fxMobilePkg + `","platform":"IOS","appSecret":"s3cr3t"}`,
			ctype: "text/plain", answer: `INACTIVE_USER_EXISTS`,
			call: func(ctx context.Context, c *Client) (any, error) {
				return c.Signup.SignUp(ctx, &SignUpRequest{Fields: map[SignUpFieldID]string{SignUpEmail: "a@b.c", SignUpPassword: "p"},
					PkgName: fxMobilePkg, Platform: PlatformIOS, AppSecret: "s3cr3t"})
			},
			want: SignUpInactiveUserExists,
		},
		{
			name: "ResendEmailActivation", method: "POST", path: "/api/noauth/resendEmailActivation", noAuth: true,
			query: map[string]string{"email": "new.user@example.com"},
			call: func(ctx context.Context, c *Client) (any, error) {
				return nil, c.Signup.ResendEmailActivation(ctx, "new.user@example.com", nil)
			},
		},
		{
			name: "ResendEmailActivationMobile", method: "POST", path: "/api/noauth/resendEmailActivation", noAuth: true,
			query: map[string]string{"email": "new.user@example.com", "pkgName": fxMobilePkg, "platform": "ANDROID"},
			call: func(ctx context.Context, c *Client) (any, error) {
				return nil, c.Signup.ResendEmailActivation(ctx, "new.user@example.com", mobile)
			},
		},
		{
			name: "ActivateEmail", method: "GET", path: "/api/noauth/activateEmail", noAuth: true,
			query:  map[string]string{"emailCode": "Xy12"},
			status: http.StatusPermanentRedirect, header: map[string]string{"Location": "/signup/emailVerified?emailCode=Xy12"},
			call: func(ctx context.Context, c *Client) (any, error) { return c.Signup.ActivateEmail(ctx, "Xy12", nil) },
			want: "/signup/emailVerified?emailCode=Xy12",
		},
		{
			name: "ActivateEmailMobile", method: "GET", path: "/api/noauth/activateEmail", noAuth: true,
			query:  map[string]string{"emailCode": "Xy12", "pkgName": fxMobilePkg, "platform": "ANDROID"},
			status: http.StatusPermanentRedirect, header: map[string]string{"Location": "tbapp://demo.thingsboard.io/signup/emailVerified?emailCode=Xy12"},
			call: func(ctx context.Context, c *Client) (any, error) { return c.Signup.ActivateEmail(ctx, "Xy12", mobile) },
			want: "tbapp://demo.thingsboard.io/signup/emailVerified?emailCode=Xy12",
		},
		{
			name: "ActivateByEmailCode", method: "POST", path: "/api/noauth/activateByEmailCode", noAuth: true,
			query: map[string]string{"emailCode": "Xy12", "pkgName": fxMobilePkg, "platform": "ANDROID"}, answer: pair,
			call: func(ctx context.Context, c *Client) (any, error) {
				return c.Signup.ActivateByEmailCode(ctx, "Xy12", mobile)
			},
			want: login,
		},
		{
			name: "PrivacyPolicyAccepted", method: "GET", path: "/api/signup/privacyPolicyAccepted", answer: `true`,
			call: func(ctx context.Context, c *Client) (any, error) { return c.Signup.PrivacyPolicyAccepted(ctx) },
			want: true,
		},
		{
			name: "AcceptPrivacyPolicy", method: "POST", path: "/api/signup/acceptPrivacyPolicy", answer: pair,
			call: func(ctx context.Context, c *Client) (any, error) { return c.Signup.AcceptPrivacyPolicy(ctx) },
			want: login,
		},
		{
			name: "TermsOfUseAccepted", method: "GET", path: "/api/signup/termsOfUseAccepted", answer: `false`,
			call: func(ctx context.Context, c *Client) (any, error) { return c.Signup.TermsOfUseAccepted(ctx) },
			want: false,
		},
		{
			name: "AcceptTermsOfUse", method: "POST", path: "/api/signup/acceptTermsOfUse", answer: pair,
			call: func(ctx context.Context, c *Client) (any, error) { return c.Signup.AcceptTermsOfUse(ctx) },
			want: login,
		},
	})

	t.Run("TokensAdopted", func(t *testing.T) {
		c, mux := setup(t)
		var auth string
		mux.HandleFunc("POST /api/noauth/activateByEmailCode", func(w http.ResponseWriter, r *http.Request) {
			writeJSON(w, http.StatusOK, pair)
		})
		mux.HandleFunc("GET /api/signup/privacyPolicyAccepted", func(w http.ResponseWriter, r *http.Request) {
			auth = r.Header.Get("X-Authorization")
			writeJSON(w, http.StatusOK, `false`)
		})
		if _, err := c.Signup.ActivateByEmailCode(t.Context(), "Xy12", nil); err != nil {
			t.Fatal(err)
		}
		if _, err := c.Signup.PrivacyPolicyAccepted(t.Context()); err != nil {
			t.Fatal(err)
		}
		if auth != "Bearer "+tok || c.Tokens().Token != tok {
			t.Errorf("after activation the client sends %q", auth)
		}
	})

	t.Run("ActivateEmailConflict", func(t *testing.T) {
		c, mux := setup(t)
		mux.HandleFunc("/api/noauth/activateEmail", func(w http.ResponseWriter, r *http.Request) {
			w.WriteHeader(http.StatusConflict)
		})
		_, err := c.Signup.ActivateEmail(t.Context(), "used", nil)
		var apiErr *APIError
		if !errors.As(err, &apiErr) || apiErr.StatusCode != http.StatusConflict {
			t.Fatalf("err = %v, want a 409 *APIError", err)
		}
	})

	t.Run("ActivateEmailKeepsRedirectPolicy", func(t *testing.T) {
		c, mux := setup(t)
		mux.HandleFunc("/api/noauth/activateEmail", func(w http.ResponseWriter, r *http.Request) {
			http.Redirect(w, r, "/signup/emailVerified", http.StatusPermanentRedirect)
		})
		mux.HandleFunc("/api/x", func(w http.ResponseWriter, r *http.Request) {
			http.Redirect(w, r, "/api/y", http.StatusFound)
		})
		mux.HandleFunc("/api/y", func(w http.ResponseWriter, r *http.Request) { writeJSON(w, http.StatusOK, `"followed"`) })
		if loc, err := c.Signup.ActivateEmail(t.Context(), "Xy12", nil); err != nil || loc != "/signup/emailVerified" {
			t.Fatalf("ActivateEmail = %q, %v", loc, err)
		}
		var out string
		if err := c.do(t.Context(), http.MethodGet, "/api/x", nil, nil, &out); err != nil || out != `"followed"` {
			t.Fatalf("a later redirect was not followed: %q, %v", out, err)
		}
	})

	t.Run("Arguments", func(t *testing.T) {
		pfNoRequest(t, map[string]func(ctx context.Context, c *Client) error{
			"SignUp nil": func(ctx context.Context, c *Client) error { _, err := c.Signup.SignUp(ctx, nil); return err },
			"SignUp email": func(ctx context.Context, c *Client) error {
				_, err := c.Signup.SignUp(ctx, &SignUpRequest{Fields: map[SignUpFieldID]string{SignUpPassword: "p"}})
				return err
			},
			"ResendEmailActivation": func(ctx context.Context, c *Client) error {
				return c.Signup.ResendEmailActivation(ctx, "", nil)
			},
			"ActivateEmail": func(ctx context.Context, c *Client) error { _, err := c.Signup.ActivateEmail(ctx, "", nil); return err },
			"ActivateByEmailCode": func(ctx context.Context, c *Client) error {
				_, err := c.Signup.ActivateByEmailCode(ctx, " ", nil)
				return err
			},
		})
	})
}
