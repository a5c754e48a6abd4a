package thingsboard

import (
	"context"
	"encoding/json"
	"errors"
	"io"
	"net/http"
	"reflect"
	"strings"
	"testing"
)

// Ids used by the fixtures of the users, customers, dashboards, tenants and API keys tests.
const (
	fxTenantID    = "f3c2b6a0-6b3d-11ee-b962-0242ac120002"
	fxCustomerID  = "a1b2c3d4-6b3d-11ee-b962-0242ac120002"
	fxUserID      = "b7e0d8a0-6b3d-11ee-b962-0242ac120002"
	fxDashboardID = "c5f2e1a0-6b3d-11ee-b962-0242ac120002"
	fxGroupID     = "d9a8b7c6-6b3d-11ee-b962-0242ac120002"
	fxKeyID       = "e1e2e3e4-6b3d-11ee-b962-0242ac120002"
)

// svcCall describes one service call and the request the server must receive.
type svcCall struct {
	name   string
	method string
	path   string
	query  map[string]string // the exact query; nil means none
	body   string            // the JSON request body; "" means no body unless rawBody is set
	raw    string            // an exact, non-JSON request body
	header map[string]string // headers the request must carry
	noAuth bool              // the request must carry no credentials
	status int               // the answer's status (200 when 0)
	ctype  string            // the answer's content type (application/json when empty)
	resp   string            // the answer's body
	do     func(ctx context.Context, c *Client) (any, error)
	check  func(t *testing.T, got any)
}

// runSvcCalls runs each call against a fresh test server that asserts the request and
// answers with the canned response.
func runSvcCalls(t *testing.T, calls []svcCall) {
	t.Helper()
	for _, tc := range calls {
		t.Run(tc.name, func(t *testing.T) {
			c, mux := setup(t)
			hits := 0
			mux.HandleFunc(tc.path, func(w http.ResponseWriter, r *http.Request) {
				hits++
				testMethod(t, r, tc.method)
				testQuery(t, r, tc.query)
				switch {
				case tc.body != "":
					testJSONBody(t, r, tc.body)
				default:
					b, _ := io.ReadAll(r.Body)
					if string(b) != tc.raw {
						t.Errorf("request body = %q, want %q", b, tc.raw)
					}
				}
				for k, v := range tc.header {
					if got := r.Header.Get(k); got != v {
						t.Errorf("header %s = %q, want %q", k, got, v)
					}
				}
				if auth := r.Header.Get("X-Authorization"); tc.noAuth != (auth == "") {
					t.Errorf("X-Authorization = %q, noAuth %v", auth, tc.noAuth)
				}
				ct := tc.ctype
				if ct == "" {
					ct = "application/json"
				}
				w.Header().Set("Content-Type", ct)
				status := tc.status
				if status == 0 {
					status = http.StatusOK
				}
				w.WriteHeader(status)
				io.WriteString(w, tc.resp)
			})
			got, err := tc.do(t.Context(), c)
			if tc.status >= 400 {
				var apiErr *APIError
				if !errors.As(err, &apiErr) || apiErr.StatusCode != tc.status {
					t.Fatalf("err = %v, want an *APIError with status %d", err, tc.status)
				}
			} else if err != nil {
				t.Fatalf("unexpected error: %v", err)
			}
			if hits != 1 {
				t.Fatalf("server hit %d times, want 1", hits)
			}
			if tc.check != nil {
				tc.check(t, got)
			}
		})
	}
}

// wantEqual fails the test unless got and want are deeply equal.
func wantEqual(t *testing.T, got, want any) {
	t.Helper()
	if !reflect.DeepEqual(got, want) {
		gb, _ := json.Marshal(got)
		wb, _ := json.Marshal(want)
		t.Errorf("got  %s\nwant %s", gb, wb)
	}
}

// offlineClient fails the test if any request reaches the server, and returns the client.
func offlineClient(t *testing.T) *Client {
	t.Helper()
	c, mux := setup(t)
	mux.HandleFunc("/", func(w http.ResponseWriter, r *http.Request) {
		t.Errorf("unexpected request %s %s", r.Method, r.URL)
	})
	return c
}

func eid(t EntityType, id string) EntityID { return NewEntityID(t, id) }

const fxUserJSON = `{
  "id": {"entityType": "USER", "id": "` + fxUserID + `"},
  "createdTime": 1700000000000,
  "additionalInfo": {"description": "", "defaultDashboardId": null, "defaultDashboardFullscreen": false,
                     "homeDashboardId": null, "homeDashboardHideToolbar": true, "userCredentialsEnabled": true},
  "tenantId": {"entityType": "TENANT", "id": "` + fxTenantID + `"},
  "customerId": {"entityType": "CUSTOMER", "id": "` + fxCustomerID + `"},
  "email": "customer@thingsboard.org",
  "authority": "CUSTOMER_USER",
  "firstName": "John",
  "lastName": null,
  "phone": null,
  "version": 3,
  "name": "customer@thingsboard.org"
}`

func fxUser() User {
	return User{
		ID:          eid(EntityTypeUser, fxUserID),
		CreatedTime: 1700000000000,
		AdditionalInfo: json.RawMessage(`{"description": "", "defaultDashboardId": null, "defaultDashboardFullscreen": false,
                     "homeDashboardId": null, "homeDashboardHideToolbar": true, "userCredentialsEnabled": true}`),
		TenantID:   eid(EntityTypeTenant, fxTenantID),
		CustomerID: eid(EntityTypeCustomer, fxCustomerID),
		Email:      "customer@thingsboard.org",
		Authority:  AuthorityCustomerUser,
		FirstName:  "John",
		Version:    3,
		Name:       "customer@thingsboard.org",
	}
}

func checkUser(t *testing.T, got any) {
	t.Helper()
	u, ok := got.(*User)
	if !ok {
		t.Fatalf("got %T", got)
	}
	var gotInfo, wantInfo any
	json.Unmarshal(u.AdditionalInfo, &gotInfo)
	want := fxUser()
	json.Unmarshal(want.AdditionalInfo, &wantInfo)
	wantEqual(t, gotInfo, wantInfo)
	u.AdditionalInfo, want.AdditionalInfo = nil, nil
	wantEqual(t, *u, want)
}

func userPage(n int, hasNext bool) string {
	return `{"data": [` + fxUserJSON + strings.Repeat(`,`+fxUserJSON, n-1) + `], "totalPages": 2, "totalElements": 3, "hasNext": ` +
		map[bool]string{true: "true", false: "false"}[hasNext] + `}`
}

func checkUserPage(t *testing.T, got any) {
	t.Helper()
	p, ok := got.(*Page[User])
	if !ok {
		t.Fatalf("got %T", got)
	}
	if len(p.Data) != 2 || p.TotalPages != 2 || p.TotalElements != 3 || !p.HasNext {
		t.Fatalf("page = %+v", p)
	}
	checkUser(t, &p.Data[1])
}

var fxPageQuery = map[string]string{"pageSize": "2", "page": "0", "textSearch": "cust", "sortProperty": "email", "sortOrder": "DESC"}

var fxPageLink = PageLink{PageSize: 2, TextSearch: "cust", SortProperty: "email", SortOrder: DESC}

const fxUserEmailInfoPage = `{"data": [{"id": {"entityType": "USER", "id": "` + fxUserID + `"}, "email": "customer@thingsboard.org",
  "firstName": "John", "lastName": ""}], "totalPages": 1, "totalElements": 1, "hasNext": false}`

func checkEmailInfoPage(t *testing.T, got any) {
	t.Helper()
	wantEqual(t, got, &Page[UserEmailInfo]{Data: []UserEmailInfo{{ID: eid(EntityTypeUser, fxUserID),
		Email: "customer@thingsboard.org", FirstName: "John"}}, TotalPages: 1, TotalElements: 1})
}

const fxUserInfoPage = `{"data": [{"id": {"entityType": "USER", "id": "` + fxUserID + `"}, "createdTime": 1700000000000,
  "tenantId": {"entityType": "TENANT", "id": "` + fxTenantID + `"}, "customerId": {"entityType": "CUSTOMER", "id": "` + fxCustomerID + `"},
  "email": "customer@thingsboard.org", "authority": "CUSTOMER_USER", "firstName": null, "lastName": null, "phone": null,
  "additionalInfo": null, "customMenuId": null, "version": 1, "name": "customer@thingsboard.org",
  "ownerId": {"entityType": "CUSTOMER", "id": "` + fxCustomerID + `"}, "ownerName": "Customer A",
  "groups": [{"id": {"entityType": "ENTITY_GROUP", "id": "` + fxGroupID + `"}, "name": "Customer Users"}]}],
  "totalPages": 1, "totalElements": 1, "hasNext": false}`

func checkUserInfoPage(t *testing.T, got any) {
	t.Helper()
	p := got.(*Page[UserInfo])
	if len(p.Data) != 1 {
		t.Fatalf("page = %+v", p)
	}
	wantEqual(t, p.Data[0], UserInfo{
		User: User{ID: eid(EntityTypeUser, fxUserID), CreatedTime: 1700000000000, TenantID: eid(EntityTypeTenant, fxTenantID),
			CustomerID: eid(EntityTypeCustomer, fxCustomerID), Email: "customer@thingsboard.org", Authority: AuthorityCustomerUser,
			AdditionalInfo: json.RawMessage("null"), Version: 1, Name: "customer@thingsboard.org", OwnerID: eid(EntityTypeCustomer, fxCustomerID)},
		OwnerName: "Customer A",
		Groups:    []EntityInfo{{ID: eid(EntityTypeEntityGroup, fxGroupID), Name: "Customer Users"}},
	})
}

const fxJwtPair = `{"token": "eyJhbGciOiJIUzUxMiJ9.e30.sig", "refreshToken": "eyJhbGciOiJIUzUxMiJ9.e30.ref"}`

func TestUserService(t *testing.T) {
	newUser := User{Email: "new@example.com", Authority: AuthorityCustomerUser, CustomerID: eid(EntityTypeCustomer, fxCustomerID), FirstName: "New"}
	newUserJSON := `{"email": "new@example.com", "authority": "CUSTOMER_USER", "customerId": {"entityType": "CUSTOMER", "id": "` + fxCustomerID + `"}, "firstName": "New"}`
	runSvcCalls(t, []svcCall{
		{name: "Current", method: "GET", path: "/api/auth/user", resp: fxUserJSON,
			do:    func(ctx context.Context, c *Client) (any, error) { return c.Users.Current(ctx) },
			check: checkUser},
		{name: "Get", method: "GET", path: "/api/user/" + fxUserID, resp: fxUserJSON,
			do:    func(ctx context.Context, c *Client) (any, error) { return c.Users.Get(ctx, fxUserID) },
			check: checkUser},
		{name: "Get not found", method: "GET", path: "/api/user/" + fxUserID, status: 404,
			resp: `{"status": 404, "message": "User with id [` + fxUserID + `] is not found", "errorCode": 32, "timestamp": 1700000000000}`,
			do:   func(ctx context.Context, c *Client) (any, error) { return c.Users.Get(ctx, fxUserID) },
			check: func(t *testing.T, got any) {
				if got.(*User) != nil {
					t.Error("a user was returned with the error")
				}
			}},
		{name: "GetInfo", method: "GET", path: "/api/user/info/" + fxUserID,
			resp: strings.TrimSuffix(strings.TrimPrefix(fxUserInfoPage, `{"data": [`), `],
  "totalPages": 1, "totalElements": 1, "hasNext": false}`),
			do: func(ctx context.Context, c *Client) (any, error) { return c.Users.GetInfo(ctx, fxUserID) },
			check: func(t *testing.T, got any) {
				u := got.(*UserInfo)
				if u.OwnerName != "Customer A" || u.Email != "customer@thingsboard.org" || len(u.Groups) != 1 || u.Groups[0].Name != "Customer Users" {
					t.Errorf("info = %+v", u)
				}
			}},
		{name: "Save create", method: "POST", path: "/api/user", query: map[string]string{"sendActivationMail": "false"},
			body: newUserJSON, resp: fxUserJSON,
			do:    func(ctx context.Context, c *Client) (any, error) { u := newUser; return c.Users.Save(ctx, &u, nil) },
			check: checkUser},
		{name: "Save with options", method: "POST", path: "/api/user",
			query: map[string]string{"sendActivationMail": "true", "entityGroupId": fxGroupID, "entityGroupIds": fxGroupID + "," + fxCustomerID},
			body:  newUserJSON, resp: fxUserJSON,
			do: func(ctx context.Context, c *Client) (any, error) {
				u := newUser
				return c.Users.Save(ctx, &u, &UserSaveOptions{SendActivationMail: true, EntityGroupID: fxGroupID, EntityGroupIDs: []string{fxGroupID, fxCustomerID}})
			},
			check: checkUser},
		{name: "Save update sends id and version", method: "POST", path: "/api/user", query: map[string]string{"sendActivationMail": "false"},
			body: strings.NewReplacer(`"lastName": null,`, "", `"phone": null,`, "").Replace(fxUserJSON), resp: fxUserJSON,
			do: func(ctx context.Context, c *Client) (any, error) {
				u := fxUser()
				return c.Users.Save(ctx, &u, nil)
			},
			check: checkUser},
		{name: "Save duplicate email", method: "POST", path: "/api/user", query: map[string]string{"sendActivationMail": "false"},
			body: newUserJSON, status: 400,
			resp: `{"status": 400, "message": "User with email 'new@example.com'  already present in database!", "errorCode": 31, "timestamp": 1700000000000}`,
			do:   func(ctx context.Context, c *Client) (any, error) { u := newUser; return c.Users.Save(ctx, &u, nil) }},
		{name: "Delete", method: "DELETE", path: "/api/user/" + fxUserID,
			do: func(ctx context.Context, c *Client) (any, error) { return nil, c.Users.Delete(ctx, fxUserID) }},
		{name: "List", method: "GET", path: "/api/users", query: fxPageQuery, resp: userPage(2, true),
			do:    func(ctx context.Context, c *Client) (any, error) { return c.Users.List(ctx, fxPageLink) },
			check: checkUserPage},
		{name: "ListByIDs", method: "GET", path: "/api/users/list", query: map[string]string{"userIds": fxUserID + "," + fxTenantID},
			resp: `[` + fxUserJSON + `]`,
			do: func(ctx context.Context, c *Client) (any, error) {
				return c.Users.ListByIDs(ctx, []string{fxUserID, fxTenantID})
			},
			check: func(t *testing.T, got any) {
				us := got.([]User)
				if len(us) != 1 {
					t.Fatalf("users = %+v", us)
				}
				checkUser(t, &us[0])
			}},
		{name: "ListTenantAdmins", method: "GET", path: "/api/tenant/" + fxTenantID + "/users", query: fxPageQuery, resp: userPage(2, true),
			do: func(ctx context.Context, c *Client) (any, error) {
				return c.Users.ListTenantAdmins(ctx, fxTenantID, fxPageLink)
			},
			check: checkUserPage},
		{name: "ListByCustomer", method: "GET", path: "/api/customer/" + fxCustomerID + "/users", query: fxPageQuery, resp: userPage(2, true),
			do: func(ctx context.Context, c *Client) (any, error) {
				return c.Users.ListByCustomer(ctx, fxCustomerID, fxPageLink)
			},
			check: checkUserPage},
		{name: "ListAllCustomerUsers", method: "GET", path: "/api/customer/users", query: fxPageQuery, resp: userPage(2, true),
			do: func(ctx context.Context, c *Client) (any, error) {
				return c.Users.ListAllCustomerUsers(ctx, fxPageLink)
			},
			check: checkUserPage},
		{name: "ListUserUsers", method: "GET", path: "/api/user/users", query: fxPageQuery, resp: userPage(2, true),
			do:    func(ctx context.Context, c *Client) (any, error) { return c.Users.ListUserUsers(ctx, fxPageLink) },
			check: checkUserPage},
		{name: "ListByEntityGroup", method: "GET", path: "/api/entityGroup/" + fxGroupID + "/users", query: fxPageQuery, resp: userPage(2, true),
			do: func(ctx context.Context, c *Client) (any, error) {
				return c.Users.ListByEntityGroup(ctx, fxGroupID, fxPageLink)
			},
			check: checkUserPage},
		{name: "ListAllInfos", method: "GET", path: "/api/userInfos/all",
			query: map[string]string{"pageSize": "2", "page": "0", "textSearch": "cust", "sortProperty": "email", "sortOrder": "DESC", "includeCustomers": "true"},
			resp:  fxUserInfoPage,
			do: func(ctx context.Context, c *Client) (any, error) {
				return c.Users.ListAllInfos(ctx, fxPageLink, &UserInfoListOptions{IncludeCustomers: true})
			},
			check: checkUserInfoPage},
		{name: "ListAllInfos nil options", method: "GET", path: "/api/userInfos/all", query: fxPageQuery, resp: fxUserInfoPage,
			do:    func(ctx context.Context, c *Client) (any, error) { return c.Users.ListAllInfos(ctx, fxPageLink, nil) },
			check: checkUserInfoPage},
		{name: "ListInfosByCustomer", method: "GET", path: "/api/customer/" + fxCustomerID + "/userInfos",
			query: map[string]string{"pageSize": "2", "page": "0", "textSearch": "cust", "sortProperty": "email", "sortOrder": "DESC", "includeCustomers": "true"},
			resp:  fxUserInfoPage,
			do: func(ctx context.Context, c *Client) (any, error) {
				return c.Users.ListInfosByCustomer(ctx, fxCustomerID, fxPageLink, &UserInfoListOptions{IncludeCustomers: true})
			},
			check: checkUserInfoPage},
		{name: "ListEmailInfos", method: "GET", path: "/api/users/info", query: fxPageQuery, resp: fxUserEmailInfoPage,
			do:    func(ctx context.Context, c *Client) (any, error) { return c.Users.ListEmailInfos(ctx, fxPageLink) },
			check: checkEmailInfoPage},
		{name: "ListAssignable", method: "GET", path: "/api/users/assign/" + fxKeyID, query: fxPageQuery, resp: fxUserEmailInfoPage,
			do: func(ctx context.Context, c *Client) (any, error) {
				return c.Users.ListAssignable(ctx, fxKeyID, fxPageLink)
			},
			check: checkEmailInfoPage},
		{name: "ActivationLink", method: "GET", path: "/api/user/" + fxUserID + "/activationLink", ctype: "text/plain",
			resp: "http://localhost:8080/api/noauth/activate?activateToken=AbC123xyz\n",
			do:   func(ctx context.Context, c *Client) (any, error) { return c.Users.ActivationLink(ctx, fxUserID) },
			check: func(t *testing.T, got any) {
				wantEqual(t, got, "http://localhost:8080/api/noauth/activate?activateToken=AbC123xyz")
			}},
		{name: "ActivationLink of an active user", method: "GET", path: "/api/user/" + fxUserID + "/activationLink", status: 400,
			resp: `{"status": 400, "message": "User is already activated!", "errorCode": 31, "timestamp": 1700000000000}`,
			do:   func(ctx context.Context, c *Client) (any, error) { return c.Users.ActivationLink(ctx, fxUserID) }},
		{name: "ActivationToken", method: "GET", path: "/api/user/" + fxUserID + "/activationLink", ctype: "text/plain",
			resp:  "http://localhost:8080/api/noauth/activate?activateToken=AbC123xyz",
			do:    func(ctx context.Context, c *Client) (any, error) { return c.Users.ActivationToken(ctx, fxUserID) },
			check: func(t *testing.T, got any) { wantEqual(t, got, "AbC123xyz") }},
		{name: "ActivationLinkInfo", method: "GET", path: "/api/user/" + fxUserID + "/activationLinkInfo",
			resp: `{"value": "http://localhost:8080/api/noauth/activate?activateToken=AbC123xyz", "ttlMs": 86400000}`,
			do:   func(ctx context.Context, c *Client) (any, error) { return c.Users.ActivationLinkInfo(ctx, fxUserID) },
			check: func(t *testing.T, got any) {
				wantEqual(t, got, &UserActivationLink{Value: "http://localhost:8080/api/noauth/activate?activateToken=AbC123xyz", TTLMs: 86400000})
			}},
		{name: "SendActivationEmail", method: "POST", path: "/api/user/sendActivationMail", query: map[string]string{"email": "a+b@example.com"},
			do: func(ctx context.Context, c *Client) (any, error) {
				return nil, c.Users.SendActivationEmail(ctx, "a+b@example.com")
			}},
		{name: "Activate", method: "POST", path: "/api/noauth/activate", query: map[string]string{"sendActivationMail": "false"}, noAuth: true,
			body: `{"activateToken": "AbC123xyz", "password": "s3cret!"}`, resp: fxJwtPair,
			do: func(ctx context.Context, c *Client) (any, error) {
				return c.Users.Activate(ctx, "AbC123xyz", "s3cret!", false)
			},
			check: func(t *testing.T, got any) {
				wantEqual(t, got, &Tokens{Token: "eyJhbGciOiJIUzUxMiJ9.e30.sig", RefreshToken: "eyJhbGciOiJIUzUxMiJ9.e30.ref"})
			}},
		{name: "Activate unknown token", method: "POST", path: "/api/noauth/activate", query: map[string]string{"sendActivationMail": "true"}, noAuth: true,
			body: `{"activateToken": "nope", "password": "s3cret!"}`, status: 400,
			resp: `{"status": 400, "message": "Unable to find user credentials by activateToken [nope]", "errorCode": 31, "timestamp": 1}`,
			do: func(ctx context.Context, c *Client) (any, error) {
				return c.Users.Activate(ctx, "nope", "s3cret!", true)
			}},
		{name: "SetCredentialsEnabled", method: "POST", path: "/api/user/" + fxUserID + "/userCredentialsEnabled",
			query: map[string]string{"userCredentialsEnabled": "false"},
			do: func(ctx context.Context, c *Client) (any, error) {
				return nil, c.Users.SetCredentialsEnabled(ctx, fxUserID, false)
			}},
		{name: "TokenAccessEnabled", method: "GET", path: "/api/user/tokenAccessEnabled", resp: `true`,
			do:    func(ctx context.Context, c *Client) (any, error) { return c.Users.TokenAccessEnabled(ctx) },
			check: func(t *testing.T, got any) { wantEqual(t, got, true) }},
		{name: "Token", method: "GET", path: "/api/user/" + fxUserID + "/token", resp: fxJwtPair,
			do: func(ctx context.Context, c *Client) (any, error) { return c.Users.Token(ctx, fxUserID) },
			check: func(t *testing.T, got any) {
				wantEqual(t, got, &Tokens{Token: "eyJhbGciOiJIUzUxMiJ9.e30.sig", RefreshToken: "eyJhbGciOiJIUzUxMiJ9.e30.ref"})
			}},
		{name: "PasswordPolicy", method: "GET", path: "/api/noauth/userPasswordPolicy", noAuth: true,
			resp: `{"minimumLength": 6, "maximumLength": 72, "minimumUppercaseLetters": null, "minimumLowercaseLetters": null,
			        "minimumDigits": 1, "minimumSpecialCharacters": null, "allowWhitespaces": false,
			        "forceUserToResetPasswordIfNotValid": false, "passwordExpirationPeriodDays": null, "passwordReuseFrequencyDays": null}`,
			do: func(ctx context.Context, c *Client) (any, error) { return c.Users.PasswordPolicy(ctx) },
			check: func(t *testing.T, got any) {
				no := false
				wantEqual(t, got, &UserPasswordPolicy{MinimumLength: 6, MaximumLength: 72, MinimumDigits: 1, AllowWhitespaces: &no})
			}},
		{name: "RequestPasswordReset", method: "POST", path: "/api/noauth/resetPasswordByEmail", noAuth: true,
			body: `{"email": "tenant@thingsboard.org"}`,
			do: func(ctx context.Context, c *Client) (any, error) {
				return nil, c.Users.RequestPasswordReset(ctx, "tenant@thingsboard.org")
			}},
		{name: "ResetPassword", method: "POST", path: "/api/noauth/resetPassword", noAuth: true,
			body: `{"resetToken": "R3s3t", "password": "n3w"}`,
			do: func(ctx context.Context, c *Client) (any, error) {
				return nil, c.Users.ResetPassword(ctx, "R3s3t", "n3w")
			}},
		{name: "MobileSession", method: "GET", path: "/api/user/mobile/session", header: map[string]string{"X-Mobile-Token": "fcm-1"},
			resp: `{"fcmTokenTimestamp": 1700000000123}`,
			do:   func(ctx context.Context, c *Client) (any, error) { return c.Users.MobileSession(ctx, "fcm-1") },
			check: func(t *testing.T, got any) {
				wantEqual(t, got, &MobileSessionInfo{FCMTokenTimestamp: 1700000000123})
			}},
		{name: "MobileSession none", method: "GET", path: "/api/user/mobile/session", header: map[string]string{"X-Mobile-Token": "fcm-1"},
			do: func(ctx context.Context, c *Client) (any, error) { return c.Users.MobileSession(ctx, "fcm-1") },
			check: func(t *testing.T, got any) {
				if got.(*MobileSessionInfo) != nil {
					t.Errorf("session = %+v, want nil", got)
				}
			}},
		{name: "SaveMobileSession", method: "POST", path: "/api/user/mobile/session", header: map[string]string{"X-Mobile-Token": "fcm-1"},
			body: `{"fcmTokenTimestamp": 1700000000123}`,
			do: func(ctx context.Context, c *Client) (any, error) {
				return nil, c.Users.SaveMobileSession(ctx, "fcm-1", MobileSessionInfo{FCMTokenTimestamp: 1700000000123})
			}},
		{name: "RemoveMobileSession", method: "DELETE", path: "/api/user/mobile/session", header: map[string]string{"X-Mobile-Token": "fcm-1"},
			do: func(ctx context.Context, c *Client) (any, error) {
				return nil, c.Users.RemoveMobileSession(ctx, "fcm-1")
			}},
		{name: "Settings", method: "GET", path: "/api/user/settings/general", resp: `{"openedMenuSections": ["/alarms"]}`,
			do: func(ctx context.Context, c *Client) (any, error) { return c.Users.Settings(ctx) },
			check: func(t *testing.T, got any) {
				wantEqual(t, string(got.(json.RawMessage)), `{"openedMenuSections": ["/alarms"]}`)
			}},
		{name: "SaveSettings", method: "POST", path: "/api/user/settings", body: `{"theme": "dark"}`, resp: `{"theme":"dark"}`,
			do: func(ctx context.Context, c *Client) (any, error) {
				return c.Users.SaveSettings(ctx, map[string]string{"theme": "dark"})
			},
			check: func(t *testing.T, got any) { wantEqual(t, string(got.(json.RawMessage)), `{"theme":"dark"}`) }},
		{name: "UpdateSettings", method: "PUT", path: "/api/user/settings/general", body: `{"a": {"b": 1}}`,
			do: func(ctx context.Context, c *Client) (any, error) {
				return nil, c.Users.UpdateSettings(ctx, json.RawMessage(`{"a": {"b": 1}}`))
			}},
		{name: "DeleteSettings", method: "DELETE", path: "/api/user/settings/a.b,c",
			do: func(ctx context.Context, c *Client) (any, error) { return nil, c.Users.DeleteSettings(ctx, "a.b", "c") }},
		{name: "SettingsByType", method: "GET", path: "/api/user/settings/quick_links", resp: `{"links": []}`,
			do: func(ctx context.Context, c *Client) (any, error) { return c.Users.SettingsByType(ctx, "quick_links") },
			check: func(t *testing.T, got any) {
				wantEqual(t, string(got.(json.RawMessage)), `{"links": []}`)
			}},
		{name: "UpdateSettingsByType", method: "PUT", path: "/api/user/settings/doc_links", body: `{"docs": ["x"]}`,
			do: func(ctx context.Context, c *Client) (any, error) {
				return nil, c.Users.UpdateSettingsByType(ctx, "doc_links", map[string][]string{"docs": {"x"}})
			}},
		{name: "DeleteSettingsByType", method: "DELETE", path: "/api/user/settings/doc_links/docs",
			do: func(ctx context.Context, c *Client) (any, error) {
				return nil, c.Users.DeleteSettingsByType(ctx, "doc_links", "docs")
			}},
		{name: "LastVisitedDashboards", method: "GET", path: "/api/user/lastVisitedDashboards",
			resp: `{"last": [{"id": "` + fxDashboardID + `", "title": "Thermostats", "starred": true, "lastVisited": 1700000000001}],
			        "starred": [{"id": "` + fxDashboardID + `", "title": "Thermostats", "starredAt": 1700000000002}]}`,
			do: func(ctx context.Context, c *Client) (any, error) { return c.Users.LastVisitedDashboards(ctx) },
			check: func(t *testing.T, got any) {
				wantEqual(t, got, &UserDashboardsInfo{
					Last:    []LastVisitedDashboardInfo{{ID: fxDashboardID, Title: "Thermostats", Starred: true, LastVisited: 1700000000001}},
					Starred: []StarredDashboardInfo{{ID: fxDashboardID, Title: "Thermostats", StarredAt: 1700000000002}},
				})
			}},
		{name: "ReportDashboardAction", method: "GET", path: "/api/user/dashboards/" + fxDashboardID + "/star",
			resp: `{"last": [], "starred": [{"id": "` + fxDashboardID + `", "title": "Thermostats", "starredAt": 5}]}`,
			do: func(ctx context.Context, c *Client) (any, error) {
				return c.Users.ReportDashboardAction(ctx, fxDashboardID, UserDashboardActionStar)
			},
			check: func(t *testing.T, got any) {
				wantEqual(t, got, &UserDashboardsInfo{Last: []LastVisitedDashboardInfo{},
					Starred: []StarredDashboardInfo{{ID: fxDashboardID, Title: "Thermostats", StarredAt: 5}}})
			}},
	})
}

func TestUserChangePasswordKeepsTheNewTokens(t *testing.T) {
	c, mux := setup(t)
	newTok := makeJWT(map[string]any{"sub": "tenant@thingsboard.org", "scopes": []string{"TENANT_ADMIN"}, "userId": "u2", "exp": 4102444800})
	mux.HandleFunc("/api/auth/changePassword", func(w http.ResponseWriter, r *http.Request) {
		testMethod(t, r, "POST")
		testQuery(t, r, nil)
		testJSONBody(t, r, `{"currentPassword": "tenant", "newPassword": "n3w-pass"}`)
		writeJSON(w, 200, `{"token": "`+newTok+`", "refreshToken": "`+newTok+`"}`)
	})
	if err := c.Users.ChangePassword(t.Context(), "tenant", "n3w-pass"); err != nil {
		t.Fatal(err)
	}
	if got := c.Tokens().Token; got != newTok {
		t.Fatalf("client token = %q, want the new one", got)
	}
	if u := c.AuthUser(); u == nil || u.UserID != "u2" {
		t.Fatalf("auth user = %+v", u)
	}
}

func TestUserChangePasswordWrongCurrent(t *testing.T) {
	c, mux := setup(t)
	before := c.Tokens()
	mux.HandleFunc("/api/auth/changePassword", func(w http.ResponseWriter, r *http.Request) {
		writeJSON(w, 400, `{"status": 400, "message": "Current password doesn't match!", "errorCode": 31, "timestamp": 1}`)
	})
	err := c.Users.ChangePassword(t.Context(), "bad", "n3w-pass")
	if !errors.Is(err, ErrBadRequest) {
		t.Fatalf("err = %v", err)
	}
	if c.Tokens() != before {
		t.Fatal("tokens changed after a failed password change")
	}
}

func TestUserCheckTokenRedirects(t *testing.T) {
	c, mux := setup(t)
	mux.HandleFunc("/api/noauth/activate", func(w http.ResponseWriter, r *http.Request) {
		testMethod(t, r, "GET")
		if r.Header.Get("X-Authorization") != "" {
			t.Error("credentials sent to a noauth endpoint")
		}
		switch tok := r.URL.Query().Get("activateToken"); tok {
		case "good":
			http.Redirect(w, r, "/login/createPassword?activateToken=good", http.StatusSeeOther)
		case "old":
			http.Redirect(w, r, "/activationLinkExpired", http.StatusSeeOther)
		default:
			w.WriteHeader(http.StatusConflict)
		}
	})
	mux.HandleFunc("/api/noauth/resetPassword", func(w http.ResponseWriter, r *http.Request) {
		testQuery(t, r, map[string]string{"resetToken": "r1"})
		http.Redirect(w, r, "/login/resetPassword?resetToken=r1", http.StatusSeeOther)
	})
	mux.HandleFunc("/login/", func(w http.ResponseWriter, r *http.Request) {
		t.Errorf("the redirect to %s was followed", r.URL)
	})
	ctx := t.Context()
	if loc, err := c.Users.CheckActivateToken(ctx, "good"); err != nil || loc != "/login/createPassword?activateToken=good" {
		t.Errorf("valid token: %q, %v", loc, err)
	}
	if loc, err := c.Users.CheckActivateToken(ctx, "old"); err != nil || loc != "/activationLinkExpired" {
		t.Errorf("expired token: %q, %v", loc, err)
	}
	var apiErr *APIError
	if _, err := c.Users.CheckActivateToken(ctx, "unknown"); !errors.As(err, &apiErr) || apiErr.StatusCode != 409 {
		t.Errorf("unknown token: %v", err)
	}
	if loc, err := c.Users.CheckResetToken(ctx, "r1"); err != nil || loc != "/login/resetPassword?resetToken=r1" {
		t.Errorf("reset token: %q, %v", loc, err)
	}
}

func TestUserIterators(t *testing.T) {
	c, mux := setup(t)
	pages := 0
	handler := func(w http.ResponseWriter, r *http.Request) {
		pages++
		q := r.URL.Query()
		if q.Get("pageSize") != "2" {
			t.Errorf("pageSize = %s", q.Get("pageSize"))
		}
		if q.Get("page") == "0" {
			writeJSON(w, 200, userPage(2, true))
		} else {
			writeJSON(w, 200, userPage(1, false))
		}
	}
	mux.HandleFunc("/api/users", handler)
	mux.HandleFunc("/api/tenant/"+fxTenantID+"/users", handler)
	mux.HandleFunc("/api/customer/"+fxCustomerID+"/users", handler)
	pl := NewPageLink(2)
	for name, seq := range map[string]func() int{
		"ListAll":             func() int { return countAll(t, c.Users.ListAll(t.Context(), pl)) },
		"ListTenantAdminsAll": func() int { return countAll(t, c.Users.ListTenantAdminsAll(t.Context(), fxTenantID, pl)) },
		"ListByCustomerAll":   func() int { return countAll(t, c.Users.ListByCustomerAll(t.Context(), fxCustomerID, pl)) },
	} {
		pages = 0
		if n := seq(); n != 3 || pages != 2 {
			t.Errorf("%s: %d items in %d pages, want 3 in 2", name, n, pages)
		}
	}
}

// countAll ranges over seq and returns how many items it yielded.
func countAll[T any](t *testing.T, seq func(func(T, error) bool)) int {
	t.Helper()
	n := 0
	for _, err := range seq {
		if err != nil {
			t.Fatal(err)
		}
		n++
	}
	return n
}

func TestUserServiceRejectsEmptyArguments(t *testing.T) {
	c := offlineClient(t)
	ctx := t.Context()
	calls := map[string]func() error{
		"Get":                   func() error { _, err := c.Users.Get(ctx, ""); return err },
		"GetInfo":               func() error { _, err := c.Users.GetInfo(ctx, ""); return err },
		"Save":                  func() error { _, err := c.Users.Save(ctx, nil, nil); return err },
		"Delete":                func() error { return c.Users.Delete(ctx, "") },
		"ListByIDs":             func() error { _, err := c.Users.ListByIDs(ctx, nil); return err },
		"ListByIDs empty id":    func() error { _, err := c.Users.ListByIDs(ctx, []string{fxUserID, ""}); return err },
		"ListTenantAdmins":      func() error { _, err := c.Users.ListTenantAdmins(ctx, "", fxPageLink); return err },
		"ListByCustomer":        func() error { _, err := c.Users.ListByCustomer(ctx, "", fxPageLink); return err },
		"ListByEntityGroup":     func() error { _, err := c.Users.ListByEntityGroup(ctx, "", fxPageLink); return err },
		"ListInfosByCustomer":   func() error { _, err := c.Users.ListInfosByCustomer(ctx, "", fxPageLink, nil); return err },
		"ListAssignable":        func() error { _, err := c.Users.ListAssignable(ctx, "", fxPageLink); return err },
		"ActivationLink":        func() error { _, err := c.Users.ActivationLink(ctx, ""); return err },
		"ActivationLinkInfo":    func() error { _, err := c.Users.ActivationLinkInfo(ctx, ""); return err },
		"ActivationToken":       func() error { _, err := c.Users.ActivationToken(ctx, ""); return err },
		"SendActivationEmail":   func() error { return c.Users.SendActivationEmail(ctx, "") },
		"CheckActivateToken":    func() error { _, err := c.Users.CheckActivateToken(ctx, ""); return err },
		"Activate":              func() error { _, err := c.Users.Activate(ctx, "", "p", false); return err },
		"SetCredentialsEnabled": func() error { return c.Users.SetCredentialsEnabled(ctx, "", true) },
		"Token":                 func() error { _, err := c.Users.Token(ctx, ""); return err },
		"CheckResetToken":       func() error { _, err := c.Users.CheckResetToken(ctx, ""); return err },
		"ResetPassword":         func() error { return c.Users.ResetPassword(ctx, "", "p") },
		"MobileSession":         func() error { _, err := c.Users.MobileSession(ctx, ""); return err },
		"SaveMobileSession":     func() error { return c.Users.SaveMobileSession(ctx, "", MobileSessionInfo{}) },
		"RemoveMobileSession":   func() error { return c.Users.RemoveMobileSession(ctx, "") },
		"DeleteSettings":        func() error { return c.Users.DeleteSettings(ctx) },
		"SettingsByType":        func() error { _, err := c.Users.SettingsByType(ctx, ""); return err },
		"UpdateSettingsByType":  func() error { return c.Users.UpdateSettingsByType(ctx, "", nil) },
		"DeleteSettingsByType":  func() error { return c.Users.DeleteSettingsByType(ctx, "", "a") },
		"DeleteSettingsByType2": func() error { return c.Users.DeleteSettingsByType(ctx, "doc_links") },
		"ReportDashboardAction": func() error { _, err := c.Users.ReportDashboardAction(ctx, "", UserDashboardActionVisit); return err },
		"ReportDashboardAction2": func() error {
			_, err := c.Users.ReportDashboardAction(ctx, fxDashboardID, "")
			return err
		},
	}
	for name, call := range calls {
		if err := call(); err == nil {
			t.Errorf("%s: no error", name)
		} else if !strings.HasPrefix(err.Error(), "thingsboard: ") {
			t.Errorf("%s: error %q lacks the package prefix", name, err)
		}
	}
}

func TestActivationTokenRejectsALinkWithoutToken(t *testing.T) {
	c, mux := setup(t)
	mux.HandleFunc("/api/user/"+fxUserID+"/activationLink", func(w http.ResponseWriter, r *http.Request) {
		io.WriteString(w, "http://localhost:8080/login")
	})
	if _, err := c.Users.ActivationToken(t.Context(), fxUserID); err == nil {
		t.Fatal("no error for a link without a token")
	}
}

func TestUserJSONOmitsUnsetFields(t *testing.T) {
	b, err := json.Marshal(User{Email: "a@b.c", Authority: AuthorityTenantAdmin})
	if err != nil {
		t.Fatal(err)
	}
	if string(b) != `{"email":"a@b.c","authority":"TENANT_ADMIN"}` {
		t.Fatalf("json = %s", b)
	}
}
