package example

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"log"
	"os"
	"time"

	tb "github.com/tbgo/thingsboard"
	"github.com/tbgo/thingsboard/thingsboardtest"
)

// The demo data's tenant administrator, whom every example logs in as.
const (
	TenantEmail    = "tenant@thingsboard.org"
	TenantPassword = "tenant"
)

// Flags are the command-line flags every example takes.
type Flags struct {
	URL string
}

// ParseFlags registers -url (default $TB_URL) and parses the command line.
func ParseFlags() Flags {
	var f Flags
	flag.StringVar(&f.URL, "url", os.Getenv("TB_URL"),
		"ThingsBoard base URL (default $TB_URL; when empty an in-memory ThingsBoard with the demo data is started)")
	flag.Parse()
	return f
}

// Server returns the base URL to use: baseURL when set, else that of an in-memory
// ThingsBoard started now with the given edition. Call stop when done.
func Server(baseURL string, edition thingsboardtest.Edition) (url string, stop func(), err error) {
	if baseURL != "" {
		return baseURL, func() {}, nil
	}
	srv, err := thingsboardtest.Start(thingsboardtest.WithEdition(edition))
	if err != nil {
		return "", nil, fmt.Errorf("starting the in-memory ThingsBoard: %w", err)
	}
	fmt.Printf("Started an in-memory ThingsBoard %s at %s\n", edition, srv.URL)
	return srv.URL, srv.Close, nil
}

// Login creates a client for baseURL and logs in as the demo tenant administrator.
// The returned logout ends the session and joins its error into *errp.
func Login(ctx context.Context, baseURL string) (c *tb.Client, logout func(errp *error), err error) {
	c, err = tb.NewClient(baseURL)
	if err != nil {
		return nil, nil, err
	}
	res, err := c.Login(ctx, TenantEmail, TenantPassword)
	if err != nil {
		return nil, nil, fmt.Errorf("login: %w", err)
	}
	if res.TwoFactorRequired || res.TwoFactorSetupRequired {
		return nil, nil, errors.New("login: the server asks for a second factor; finish it with Client.TwoFactor")
	}
	fmt.Println("Logged in as", TenantEmail)
	return c, func(errp *error) {
		if err := c.Logout(context.Background()); err != nil {
			*errp = errors.Join(*errp, fmt.Errorf("logout: %w", err))
			return
		}
		fmt.Println("Logged out")
	}, nil
}

// Main is an example's main function: it parses -url, finds the server (starting an
// in-memory one of the given edition when there is none), logs in as the demo tenant
// administrator, calls fn, logs out, and exits with status 1 on any failure.
func Main(edition thingsboardtest.Edition, fn func(ctx context.Context, c *tb.Client) error) {
	flags := ParseFlags()
	if err := Run(flags.URL, edition, fn); err != nil {
		log.Fatal(err)
	}
}

// Run does what Main does for the server at baseURL (empty: an in-memory one) and
// returns the error instead of exiting. Examples' tests call it.
func Run(baseURL string, edition thingsboardtest.Edition, fn func(ctx context.Context, c *tb.Client) error) (err error) {
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	baseURL, stop, err := Server(baseURL, edition)
	if err != nil {
		return err
	}
	defer stop()
	c, logout, err := Login(ctx, baseURL)
	if err != nil {
		return err
	}
	defer logout(&err)
	return fn(ctx, c)
}
