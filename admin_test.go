package thingsboard

import (
	"context"
	"encoding/json"
	"errors"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"reflect"
	"strconv"
	"testing"
)

// pfCase is one call of a platform service method: the request it must send, the
// server's answer and the value the method must return.
type pfCase struct {
	name   string
	method string
	path   string            // escaped request path
	query  map[string]string // exact query; nil for none
	body   string            // expected JSON body; "" for none
	noAuth bool              // the request must carry no credentials
	token  string            // expected bearer token; "" means testToken
	status int               // answer status; 0 means 200
	header map[string]string // extra answer headers
	ctype  string            // answer Content-Type; "" means application/json when there is an answer
	answer string
	call   func(ctx context.Context, c *Client) (any, error)
	want   any
}

// pfRun runs each case against its own server and client.
func pfRun(t *testing.T, cases []pfCase) {
	t.Helper()
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			c, mux := setup(t)
			calls := 0
			mux.HandleFunc("/", func(w http.ResponseWriter, r *http.Request) {
				calls++
				pfCheckRequest(t, r, tc)
				for k, v := range tc.header {
					w.Header().Set(k, v)
				}
				status := tc.status
				if status == 0 {
					status = http.StatusOK
				}
				switch {
				case tc.ctype != "":
					w.Header().Set("Content-Type", tc.ctype)
				case tc.answer != "":
					w.Header().Set("Content-Type", "application/json")
				}
				w.WriteHeader(status)
				io.WriteString(w, tc.answer)
			})
			got, err := tc.call(t.Context(), c)
			if err != nil {
				t.Fatalf("%s: %v", tc.name, err)
			}
			if calls != 1 {
				t.Errorf("%s: %d requests, want 1", tc.name, calls)
			}
			if !reflect.DeepEqual(got, tc.want) {
				gb, _ := json.Marshal(got)
				wb, _ := json.Marshal(tc.want)
				t.Errorf("%s:\n got %#v\nwant %#v\n(got JSON %s\nwant JSON %s)", tc.name, got, tc.want, gb, wb)
			}
		})
	}
}

func pfCheckRequest(t *testing.T, r *http.Request, tc pfCase) {
	t.Helper()
	testMethod(t, r, tc.method)
	if p := r.URL.EscapedPath(); p != tc.path {
		t.Errorf("path = %s, want %s", p, tc.path)
	}
	testQuery(t, r, tc.query)
	auth := r.Header.Get("X-Authorization")
	switch {
	case tc.noAuth && auth != "":
		t.Errorf("X-Authorization = %q, want none", auth)
	case !tc.noAuth && tc.token == "" && auth != "Bearer "+testToken:
		t.Errorf("X-Authorization = %q, want the client's token", auth)
	case !tc.noAuth && tc.token != "" && auth != "Bearer "+tc.token:
		t.Errorf("X-Authorization = %q, want Bearer %s", auth, tc.token)
	}
	if tc.body != "" {
		if ct := r.Header.Get("Content-Type"); ct != "application/json" {
			t.Errorf("Content-Type = %q, want application/json", ct)
		}
		testJSONBody(t, r, tc.body)
		return
	}
	if b, _ := io.ReadAll(r.Body); len(b) != 0 {
		t.Errorf("body = %s, want none", b)
	}
}

// pfNoRequest checks that each call fails before sending anything.
func pfNoRequest(t *testing.T, calls map[string]func(ctx context.Context, c *Client) error) {
	t.Helper()
	sent := 0
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		sent++
		w.WriteHeader(http.StatusTeapot)
	}))
	t.Cleanup(srv.Close)
	c, err := NewClient(srv.URL, WithToken(testToken, ""), WithRetry(RetryPolicy{}))
	if err != nil {
		t.Fatal(err)
	}
	for name, call := range calls {
		before := sent
		if err := call(t.Context(), c); err == nil {
			t.Errorf("%s: no error", name)
		} else if errors.As(err, new(*APIError)) {
			t.Errorf("%s: %v, want an argument error", name, err)
		}
		if sent != before {
			t.Errorf("%s: sent a request", name)
		}
	}
}

// pfPageJSON wraps items in a PageData object.
func pfPageJSON(hasNext bool, items ...string) string {
	data := "["
	for i, it := range items {
		if i > 0 {
			data += ","
		}
		data += it
	}
	next := "false"
	if hasNext {
		next = "true"
	}
	return `{"data":` + data + `],"totalPages":2,"totalElements":3,"hasNext":` + next + `}`
}

// pfPages serves the pages of a list in order (the page query parameter selects one)
// and records the query of each request.
func pfPages(t *testing.T, mux *http.ServeMux, pattern string, pages ...string) *[]url.Values {
	t.Helper()
	var seen []url.Values
	mux.HandleFunc(pattern, func(w http.ResponseWriter, r *http.Request) {
		q := r.URL.Query()
		seen = append(seen, q)
		n, err := strconv.Atoi(q.Get("page"))
		if err != nil || n < 0 || n >= len(pages) {
			t.Errorf("unexpected page %q", q.Get("page"))
			writeJSON(w, http.StatusBadRequest, `{"status":400,"message":"bad page","errorCode":31}`)
			return
		}
		writeJSON(w, http.StatusOK, pages[n])
	})
	return &seen
}

const (
	fxAdminSettingsID = "3b7c4d10-4f1a-11ee-9c6d-2b1e8a3f0a01"
	fxSysTenantID     = "13814000-1dd2-11b2-8080-808080808080"
)

const fxMailSettingsJSON = `{"id":{"entityType":"ADMIN_SETTINGS","id":"3b7c4d10-4f1a-11ee-9c6d-2b1e8a3f0a01"},` +
	`"createdTime":1694000000000,"tenantId":{"entityType":"TENANT","id":"13814000-1dd2-11b2-8080-808080808080"},` +
	`"key":"mail","jsonValue":{"mailFrom":"ThingsBoard <sysadmin@localhost.localdomain>","smtpProtocol":"smtp","smtpHost":"localhost","smtpPort":"25","timeout":"10000"}}`

func fxMailSettings() *AdminSettings {
	return &AdminSettings{
		ID:          NewEntityID("ADMIN_SETTINGS", fxAdminSettingsID),
		CreatedTime: 1694000000000,
		TenantID:    NewEntityID(EntityTypeTenant, fxSysTenantID),
		Key:         "mail",
		JSONValue:   json.RawMessage(`{"mailFrom":"ThingsBoard <sysadmin@localhost.localdomain>","smtpProtocol":"smtp","smtpHost":"localhost","smtpPort":"25","timeout":"10000"}`),
	}
}

const fxSecuritySettingsJSON = `{"passwordPolicy":{"minimumLength":6,"maximumLength":72,"minimumUppercaseLetters":null,` +
	`"minimumLowercaseLetters":null,"minimumDigits":1,"minimumSpecialCharacters":null,"allowWhitespaces":true,` +
	`"forceUserToResetPasswordIfNotValid":false,"passwordExpirationPeriodDays":null,"passwordReuseFrequencyDays":null},` +
	`"maxFailedLoginAttempts":5,"userLockoutNotificationEmail":"admin@example.com","mobileSecretKeyLength":64,` +
	`"userActivationTokenTtl":24,"passwordResetTokenTtl":24}`

func fxSecuritySettings() *SecuritySettings {
	yes := true
	return &SecuritySettings{
		PasswordPolicy:               UserPasswordPolicy{MinimumLength: 6, MaximumLength: 72, MinimumDigits: 1, AllowWhitespaces: &yes},
		MaxFailedLoginAttempts:       5,
		UserLockoutNotificationEmail: "admin@example.com",
		MobileSecretKeyLength:        64,
		UserActivationTokenTTL:       24,
		PasswordResetTokenTTL:        24,
	}
}

const fxRepositorySettingsJSON = `{"repositoryUri":"https://git.example.com/iot/config.git","authMethod":"USERNAME_PASSWORD",` +
	`"username":"bot","password":null,"privateKeyFileName":null,"privateKey":null,"privateKeyPassword":null,` +
	`"defaultBranch":"main","readOnly":false,"showMergeCommits":true,"localOnly":false}`

func fxRepositorySettings() *RepositorySettings {
	return &RepositorySettings{
		RepositoryURI:    "https://git.example.com/iot/config.git",
		AuthMethod:       RepositoryAuthUsernamePassword,
		Username:         "bot",
		DefaultBranch:    "main",
		ShowMergeCommits: true,
	}
}

const fxAutoCommitJSON = `{"DEVICE":{"saveRelations":true,"saveAttributes":true,"saveCredentials":false,"saveCalculatedFields":false,"branch":"devices"},` +
	`"ASSET":{"saveRelations":false,"saveAttributes":true,"saveCredentials":false,"saveCalculatedFields":true,"branch":null}}`

func fxAutoCommit() AutoCommitSettings {
	return AutoCommitSettings{
		EntityTypeDevice: {SaveRelations: true, SaveAttributes: true, Branch: "devices"},
		EntityTypeAsset:  {SaveAttributes: true, SaveCalculatedFields: true},
	}
}

func TestAdminService(t *testing.T) {
	pfRun(t, []pfCase{
		{
			name: "GetSettings", method: "GET", path: "/api/admin/settings/mail", answer: fxMailSettingsJSON,
			call: func(ctx context.Context, c *Client) (any, error) {
				return c.Admin.GetSettings(ctx, AdminSettingsMail, nil)
			},
			want: fxMailSettings(),
		},
		{
			name: "GetSettingsSystemByDefault", method: "GET", path: "/api/admin/settings/mail",
			query: map[string]string{"systemByDefault": "true"}, answer: fxMailSettingsJSON,
			call: func(ctx context.Context, c *Client) (any, error) {
				return c.Admin.GetSettings(ctx, "mail", &AdminSettingsOptions{SystemByDefault: true})
			},
			want: fxMailSettings(),
		},
		{
			name: "SaveSettings", method: "POST", path: "/api/admin/settings", answer: fxMailSettingsJSON,
			body: `{"key":"mail","jsonValue":{"smtpHost":"localhost"}}`,
			call: func(ctx context.Context, c *Client) (any, error) {
				return c.Admin.SaveSettings(ctx, &AdminSettings{Key: "mail", JSONValue: json.RawMessage(`{"smtpHost":"localhost"}`)})
			},
			want: fxMailSettings(),
		},
		{
			name: "SendTestMail", method: "POST", path: "/api/admin/settings/testMail",
			body: `{"key":"mail","jsonValue":{"smtpHost":"mail.example.com"}}`,
			call: func(ctx context.Context, c *Client) (any, error) {
				return nil, c.Admin.SendTestMail(ctx, &AdminSettings{Key: "mail", JSONValue: json.RawMessage(`{"smtpHost":"mail.example.com"}`)})
			},
		},
		{
			name: "SendTestSMS", method: "POST", path: "/api/admin/settings/testSms",
			body: `{"providerConfiguration":{"type":"TWILIO","numberFrom":"+15550001111","accountSid":"AC1","accountToken":"t"},"numberTo":"+15550002222","message":"hello"}`,
			call: func(ctx context.Context, c *Client) (any, error) {
				return nil, c.Admin.SendTestSMS(ctx, &TestSMSRequest{
					ProviderConfiguration: json.RawMessage(`{"type":"TWILIO","numberFrom":"+15550001111","accountSid":"AC1","accountToken":"t"}`),
					NumberTo:              "+15550002222", Message: "hello",
				})
			},
		},
		{
			name: "GetSecuritySettings", method: "GET", path: "/api/admin/securitySettings", answer: fxSecuritySettingsJSON,
			call: func(ctx context.Context, c *Client) (any, error) { return c.Admin.GetSecuritySettings(ctx) },
			want: fxSecuritySettings(),
		},
		{
			name: "SaveSecuritySettings", method: "POST", path: "/api/admin/securitySettings", answer: fxSecuritySettingsJSON,
			body: `{"passwordPolicy":{"minimumLength":6,"maximumLength":72,"minimumDigits":1,"allowWhitespaces":true,"forceUserToResetPasswordIfNotValid":false},` +
				`"maxFailedLoginAttempts":5,"userLockoutNotificationEmail":"admin@example.com","mobileSecretKeyLength":64,"userActivationTokenTtl":24,"passwordResetTokenTtl":24}`,
			call: func(ctx context.Context, c *Client) (any, error) {
				return c.Admin.SaveSecuritySettings(ctx, fxSecuritySettings())
			},
			want: fxSecuritySettings(),
		},
		{
			name: "CheckUpdates", method: "GET", path: "/api/admin/updates",
			answer: `{"updateAvailable":true,"currentVersion":"4.2.1","latestVersion":"4.3.0","upgradeInstructionsUrl":"https://thingsboard.io/docs/user-guide/install/upgrade-instructions/",` +
				`"currentVersionReleaseNotesUrl":"https://thingsboard.io/docs/releases/4.2.1/","latestVersionReleaseNotesUrl":"https://thingsboard.io/docs/releases/4.3.0/"}`,
			call: func(ctx context.Context, c *Client) (any, error) { return c.Admin.CheckUpdates(ctx) },
			want: &UpdateMessage{UpdateAvailable: true, CurrentVersion: "4.2.1", LatestVersion: "4.3.0",
				UpgradeInstructionsURL:        "https://thingsboard.io/docs/user-guide/install/upgrade-instructions/",
				CurrentVersionReleaseNotesURL: "https://thingsboard.io/docs/releases/4.2.1/",
				LatestVersionReleaseNotesURL:  "https://thingsboard.io/docs/releases/4.3.0/"},
		},
		{
			name: "GetRepositorySettings", method: "GET", path: "/api/admin/repositorySettings", answer: fxRepositorySettingsJSON,
			call: func(ctx context.Context, c *Client) (any, error) { return c.Admin.GetRepositorySettings(ctx) },
			want: fxRepositorySettings(),
		},
		{
			name: "RepositorySettingsExists", method: "GET", path: "/api/admin/repositorySettings/exists", answer: `true`,
			call: func(ctx context.Context, c *Client) (any, error) { return c.Admin.RepositorySettingsExists(ctx) },
			want: true,
		},
		{
			name: "SaveRepositorySettings", method: "POST", path: "/api/admin/repositorySettings", answer: fxRepositorySettingsJSON,
			body: `{"repositoryUri":"https://git.example.com/iot/config.git","authMethod":"USERNAME_PASSWORD","username":"bot",` +
				`"password":"secret","defaultBranch":"main","readOnly":false,"showMergeCommits":true,"localOnly":false}`,
			call: func(ctx context.Context, c *Client) (any, error) {
				rs := fxRepositorySettings()
				rs.Password = "secret"
				return c.Admin.SaveRepositorySettings(ctx, rs)
			},
			want: fxRepositorySettings(),
		},
		{
			name: "DeleteRepositorySettings", method: "DELETE", path: "/api/admin/repositorySettings",
			call: func(ctx context.Context, c *Client) (any, error) { return nil, c.Admin.DeleteRepositorySettings(ctx) },
		},
		{
			name: "CheckRepositoryAccess", method: "POST", path: "/api/admin/repositorySettings/checkAccess",
			body: `{"repositoryUri":"git@example.com:iot/config.git","authMethod":"PRIVATE_KEY","privateKeyFileName":"id_ed25519",` +
				`"privateKey":"KEY","readOnly":true,"showMergeCommits":false,"localOnly":false}`,
			call: func(ctx context.Context, c *Client) (any, error) {
				return nil, c.Admin.CheckRepositoryAccess(ctx, &RepositorySettings{RepositoryURI: "git@example.com:iot/config.git",
					AuthMethod: RepositoryAuthPrivateKey, PrivateKeyFileName: "id_ed25519", PrivateKey: "KEY", ReadOnly: true})
			},
		},
		{
			name: "GetAutoCommitSettings", method: "GET", path: "/api/admin/autoCommitSettings", answer: fxAutoCommitJSON,
			call: func(ctx context.Context, c *Client) (any, error) { return c.Admin.GetAutoCommitSettings(ctx) },
			want: fxAutoCommit(),
		},
		{
			name: "AutoCommitSettingsExists", method: "GET", path: "/api/admin/autoCommitSettings/exists", answer: `false`,
			call: func(ctx context.Context, c *Client) (any, error) { return c.Admin.AutoCommitSettingsExists(ctx) },
			want: false,
		},
		{
			name: "SaveAutoCommitSettings", method: "POST", path: "/api/admin/autoCommitSettings", answer: fxAutoCommitJSON,
			body: `{"DEVICE":{"saveRelations":true,"saveAttributes":true,"saveCredentials":false,"saveCalculatedFields":false,"branch":"devices"},` +
				`"ASSET":{"saveRelations":false,"saveAttributes":true,"saveCredentials":false,"saveCalculatedFields":true}}`,
			call: func(ctx context.Context, c *Client) (any, error) {
				return c.Admin.SaveAutoCommitSettings(ctx, fxAutoCommit())
			},
			want: fxAutoCommit(),
		},
		{
			name: "SaveAutoCommitSettingsNil", method: "POST", path: "/api/admin/autoCommitSettings", answer: `{}`, body: `{}`,
			call: func(ctx context.Context, c *Client) (any, error) { return c.Admin.SaveAutoCommitSettings(ctx, nil) },
			want: AutoCommitSettings{},
		},
		{
			name: "DeleteAutoCommitSettings", method: "DELETE", path: "/api/admin/autoCommitSettings",
			call: func(ctx context.Context, c *Client) (any, error) { return nil, c.Admin.DeleteAutoCommitSettings(ctx) },
		},
	})

	t.Run("NotFound", func(t *testing.T) {
		c, mux := setup(t)
		mux.HandleFunc("/api/admin/settings/sms", func(w http.ResponseWriter, r *http.Request) {
			writeJSON(w, http.StatusNotFound, `{"status":404,"message":"Requested item wasn't found!","errorCode":32,"timestamp":1700000000000}`)
		})
		_, err := c.Admin.GetSettings(t.Context(), AdminSettingsSMS, nil)
		if !errors.Is(err, ErrNotFound) {
			t.Fatalf("err = %v, want ErrNotFound", err)
		}
	})

	t.Run("Arguments", func(t *testing.T) {
		pfNoRequest(t, map[string]func(ctx context.Context, c *Client) error{
			"GetSettings": func(ctx context.Context, c *Client) error { _, err := c.Admin.GetSettings(ctx, " ", nil); return err },
			"SaveSettings nil": func(ctx context.Context, c *Client) error {
				_, err := c.Admin.SaveSettings(ctx, nil)
				return err
			},
			"SaveSettings key": func(ctx context.Context, c *Client) error {
				_, err := c.Admin.SaveSettings(ctx, &AdminSettings{})
				return err
			},
			"SendTestMail": func(ctx context.Context, c *Client) error { return c.Admin.SendTestMail(ctx, nil) },
			"SendTestSMS":  func(ctx context.Context, c *Client) error { return c.Admin.SendTestSMS(ctx, nil) },
			"SendTestSMS to": func(ctx context.Context, c *Client) error {
				return c.Admin.SendTestSMS(ctx, &TestSMSRequest{Message: "x"})
			},
			"SaveSecuritySettings": func(ctx context.Context, c *Client) error {
				_, err := c.Admin.SaveSecuritySettings(ctx, nil)
				return err
			},
			"SaveRepositorySettings": func(ctx context.Context, c *Client) error {
				_, err := c.Admin.SaveRepositorySettings(ctx, nil)
				return err
			},
			"CheckRepositoryAccess": func(ctx context.Context, c *Client) error { return c.Admin.CheckRepositoryAccess(ctx, nil) },
		})
	})
}
