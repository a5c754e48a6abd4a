module github.com/tbgo/thingsboard

go 1.25

require (
	github.com/coder/websocket v1.8.15
	go.uber.org/goleak v1.3.0
)
