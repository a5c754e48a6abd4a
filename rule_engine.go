package thingsboard

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"strconv"
	"strings"
	"time"
)

// RuleEngineService sends REST API calls to the rule engine. See Client.RuleEngine.
//
// A call becomes a rule engine message of type REST_API_REQUEST whose payload is the
// request body. The server waits for a "rest call reply" rule node to answer it and
// returns that reply; a call that no node answers in time fails with an *APIError of
// status 408.
type RuleEngineService service

// RuleEngineSendOptions tune RuleEngine.SendFrom.
type RuleEngineSendOptions struct {
	// Timeout is how long the server waits for the reply, in whole milliseconds; zero
	// uses the server's default (10 seconds unless configured otherwise).
	Timeout time.Duration
	// QueueName pushes the message to this rule engine queue instead of the one of the
	// originator's profile. The server then needs a timeout: when Timeout is zero, 10
	// seconds is sent.
	QueueName string
}

// ruleEngineDefaultTimeout is sent with a queue name when no timeout is given; it is the
// server's own default.
const ruleEngineDefaultTimeout = 10 * time.Second

// Send pushes msg to the rule engine with the current user as the originator and
// returns the reply, or nil when the reply is empty. msg is encoded as JSON; a
// json.RawMessage or []byte holding JSON is sent as is.
//
//tb:operation POST /api/rule-engine/
func (s *RuleEngineService) Send(ctx context.Context, msg any) (json.RawMessage, error) {
	return s.send(ctx, "/api/rule-engine/", msg)
}

// SendFrom pushes msg to the rule engine with the given entity as the originator and
// returns the reply, or nil when the reply is empty. See Send for msg.
//
//tb:operation POST /api/rule-engine/{entityType}/{entityId}
//tb:operation POST /api/rule-engine/{entityType}/{entityId}/{timeout}
//tb:operation POST /api/rule-engine/{entityType}/{entityId}/{queueName}/{timeout}
func (s *RuleEngineService) SendFrom(ctx context.Context, originator EntityID, msg any, opts *RuleEngineSendOptions) (json.RawMessage, error) {
	if err := checkEntityID("originator", originator); err != nil {
		return nil, err
	}
	path := pathf("/api/rule-engine/%s/%s", string(originator.EntityType), originator.ID)
	if opts != nil {
		if opts.Timeout < 0 {
			return nil, errors.New("thingsboard: RuleEngine.SendFrom: negative timeout")
		}
		timeout := opts.Timeout
		if strings.TrimSpace(opts.QueueName) != "" {
			if timeout == 0 {
				timeout = ruleEngineDefaultTimeout
			}
			path += pathf("/%s", opts.QueueName)
		}
		if timeout > 0 {
			ms := max(timeout.Milliseconds(), 1)
			if ms > 1<<31-1 {
				return nil, fmt.Errorf("thingsboard: RuleEngine.SendFrom: timeout %s is too long", timeout)
			}
			path += "/" + strconv.FormatInt(ms, 10)
		}
	}
	return s.send(ctx, path, msg)
}

func (s *RuleEngineService) send(ctx context.Context, path string, msg any) (json.RawMessage, error) {
	body, err := ruleEngineBody(msg)
	if err != nil {
		return nil, err
	}
	var raw []byte
	if err := s.client.send(ctx, &request{method: http.MethodPost, path: path, body: body, out: &raw}); err != nil {
		return nil, err
	}
	return rulesRawJSON(raw), nil
}

// ruleEngineBody encodes the message; the server rejects a body that is not JSON, so
// raw bytes are checked here.
func ruleEngineBody(msg any) (rawBody, error) {
	var b []byte
	switch m := msg.(type) {
	case nil:
		return rawBody{}, errors.New("thingsboard: RuleEngine: nil message")
	case json.RawMessage:
		b = m
	case []byte:
		b = m
	default:
		var err error
		if b, err = json.Marshal(msg); err != nil {
			return rawBody{}, fmt.Errorf("thingsboard: RuleEngine: encoding the message: %w", err)
		}
	}
	if !json.Valid(b) {
		return rawBody{}, errors.New("thingsboard: RuleEngine: the message is not valid JSON")
	}
	return rawBody{contentType: "application/json", data: b}, nil
}
