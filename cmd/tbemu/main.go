// Command tbemu runs the in-memory ThingsBoard emulator as a standalone server, with
// the demo data of a fresh install, until interrupted.
//
//	go run ./cmd/tbemu -addr 127.0.0.1:8080 -edition CE
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"log"
	"net"
	"net/http"
	"os"
	"os/signal"
	"strings"
	"syscall"
	"time"

	"github.com/tbgo/thingsboard/internal/emulator"
)

func main() {
	addr := flag.String("addr", "127.0.0.1:8080", "listen address")
	edition := flag.String("edition", "CE", "edition to emulate: CE or PE")
	flag.Parse()
	ed := emulator.Edition(strings.ToUpper(*edition))
	if ed != emulator.CE && ed != emulator.PE {
		log.Fatalf("tbemu: -edition must be CE or PE, not %q", *edition)
	}
	ln, err := net.Listen("tcp", *addr)
	if err != nil {
		log.Fatalf("tbemu: %v", err)
	}
	emu := emulator.New(emulator.WithEdition(ed))
	hs := &http.Server{Handler: emu, ReadHeaderTimeout: 10 * time.Second}

	fmt.Printf("ThingsBoard %s emulator (%s) listening on http://%s\n", ed, emulator.Version, ln.Addr())
	fmt.Printf("  system administrator: %s / %s\n", emulator.SysAdminEmail, emulator.SysAdminPassword)
	fmt.Printf("  tenant administrator: %s / %s\n", emulator.TenantEmail, emulator.TenantPassword)
	fmt.Printf("  customer user:        %s / %s\n", emulator.CustomerEmail, emulator.CustomerPassword)
	fmt.Println("Press Ctrl+C to stop.")

	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	errc := make(chan error, 1)
	go func() { errc <- hs.Serve(ln) }()
	select {
	case err := <-errc:
		if !errors.Is(err, http.ErrServerClosed) {
			log.Fatalf("tbemu: %v", err)
		}
	case <-ctx.Done():
	}
	emu.Close()
	sctx, cancel := context.WithTimeout(context.Background(), 3*time.Second)
	defer cancel()
	if err := hs.Shutdown(sctx); err != nil {
		_ = hs.Close()
	}
}
