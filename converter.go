package thingsboard

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"iter"
	"net/http"
	"net/url"
	"strconv"
	"strings"
)

// ConverterService manages data converters (Professional Edition). See Client.Converters.
//
// An uplink converter turns the messages an integration receives into device
// telemetry and attributes; a downlink converter turns rule engine messages into the
// messages an integration sends to devices.
type ConverterService service

// ConverterType tells the direction of a converter.
type ConverterType string

// Converter types.
const (
	ConverterUplink   ConverterType = "UPLINK"
	ConverterDownlink ConverterType = "DOWNLINK"
)

// IntegrationType names a kind of integration. A value this package does not list,
// sent by a newer server, decodes and round-trips unchanged.
type IntegrationType string

// Integration types.
const (
	IntegrationOceanConnect    IntegrationType = "OCEANCONNECT"
	IntegrationSigfox          IntegrationType = "SIGFOX"
	IntegrationThingPark       IntegrationType = "THINGPARK"
	IntegrationTPE             IntegrationType = "TPE"
	IntegrationChirpStack      IntegrationType = "CHIRPSTACK"
	IntegrationParticle        IntegrationType = "PARTICLE"
	IntegrationTMobileIoTCDP   IntegrationType = "TMOBILE_IOT_CDP"
	IntegrationHTTP            IntegrationType = "HTTP"
	IntegrationMQTT            IntegrationType = "MQTT"
	IntegrationPubSub          IntegrationType = "PUB_SUB"
	IntegrationAWSIoT          IntegrationType = "AWS_IOT"
	IntegrationAWSSQS          IntegrationType = "AWS_SQS"
	IntegrationAWSKinesis      IntegrationType = "AWS_KINESIS"
	IntegrationTTN             IntegrationType = "TTN"
	IntegrationTTI             IntegrationType = "TTI"
	IntegrationAzureEventHub   IntegrationType = "AZURE_EVENT_HUB"
	IntegrationOPCUA           IntegrationType = "OPC_UA"
	IntegrationCustom          IntegrationType = "CUSTOM"
	IntegrationUDP             IntegrationType = "UDP"
	IntegrationTCP             IntegrationType = "TCP"
	IntegrationKafka           IntegrationType = "KAFKA"
	IntegrationAzureIoTHub     IntegrationType = "AZURE_IOT_HUB"
	IntegrationApachePulsar    IntegrationType = "APACHE_PULSAR"
	IntegrationRabbitMQ        IntegrationType = "RABBITMQ"
	IntegrationLoriot          IntegrationType = "LORIOT"
	IntegrationCoAP            IntegrationType = "COAP"
	IntegrationTuya            IntegrationType = "TUYA"
	IntegrationAzureServiceBus IntegrationType = "AZURE_SERVICE_BUS"
	IntegrationKPN             IntegrationType = "KPN"
)

// ConverterScriptLang is the language of a converter function: JS or TBEL.
type ConverterScriptLang string

// Converter function languages.
const (
	ConverterScriptJS   ConverterScriptLang = "JS"
	ConverterScriptTBEL ConverterScriptLang = "TBEL"
)

// Converter is a data converter of a tenant.
type Converter struct {
	// ID is the converter's id; zero when creating a converter.
	ID          EntityID `json:"id,omitzero"`
	CreatedTime int64    `json:"createdTime,omitzero"`
	TenantID    EntityID `json:"tenantId,omitzero"`
	// Name is unique among the tenant's converters.
	Name string        `json:"name"`
	Type ConverterType `json:"type"`
	// IntegrationType is the integration a dedicated (library) converter is made for.
	IntegrationType IntegrationType `json:"integrationType,omitzero"`
	DebugMode       bool            `json:"debugMode"`
	// DebugSettings is the JSON object {failuresEnabled, allEnabled, allEnabledUntil}
	// of servers that replaced debugMode with timed debugging.
	DebugSettings json.RawMessage `json:"debugSettings,omitzero"`
	// Configuration is the converter's JSON configuration: the decoder or encoder
	// function and its language ({"scriptLang":"TBEL","tbelDecoder":"..."}), or the
	// settings of a dedicated converter.
	Configuration json.RawMessage `json:"configuration,omitzero"`
	// AdditionalInfo is free-form JSON ({"description": ...}).
	AdditionalInfo json.RawMessage `json:"additionalInfo,omitzero"`
	// EdgeTemplate marks a converter that is a template for edge integrations.
	EdgeTemplate     bool     `json:"edgeTemplate,omitzero"`
	ConverterVersion int      `json:"converterVersion,omitzero"`
	ExternalID       EntityID `json:"externalId,omitzero"`
	// Version is the optimistic-locking version.
	Version int64 `json:"version,omitzero"`
}

// ConverterListOptions are the optional filters of Converters.List.
type ConverterListOptions struct {
	// EdgeTemplate lists the edge template converters instead of the others.
	EdgeTemplate bool
	// IntegrationType keeps the converters of one integration type.
	IntegrationType IntegrationType
}

// ConverterUplinkTest is the input of Converters.TestUplink: a sample message to run
// an uplink decoder function on.
type ConverterUplinkTest struct {
	// Payload is the raw message; it is sent base64-encoded.
	Payload []byte `json:"payload"`
	// Metadata is the message's metadata, as the integration would give it.
	Metadata map[string]string `json:"metadata"`
	// Decoder is the text of the decoder function.
	Decoder string `json:"decoder"`
	// Converter, when set to a dedicated converter, makes the server also parse the
	// function's output as that converter would (ConverterTestResult.OutputMsg).
	Converter *Converter `json:"converter,omitzero"`
	// ScriptLang is the language of Decoder, ConverterScriptJS (the default) or
	// ConverterScriptTBEL. It is sent as a query parameter.
	ScriptLang ConverterScriptLang `json:"-"`
}

// ConverterDownlinkTest is the input of Converters.TestDownlink: a sample rule engine
// message to run a downlink encoder function on.
type ConverterDownlinkTest struct {
	// Msg is the message data, usually a JSON text.
	Msg string `json:"msg"`
	// MsgType is the message type, such as "ATTRIBUTES_UPDATED".
	MsgType string `json:"msgType"`
	// Metadata is the message's metadata.
	Metadata map[string]string `json:"metadata"`
	// IntegrationMetadata is the metadata of the integration that sends the result.
	IntegrationMetadata map[string]string `json:"integrationMetadata"`
	// Encoder is the text of the encoder function.
	Encoder string `json:"encoder"`
	// ScriptLang is the language of Encoder, ConverterScriptJS (the default) or
	// ConverterScriptTBEL. It is sent as a query parameter.
	ScriptLang ConverterScriptLang `json:"-"`
}

// ConverterTestResult is the outcome of a converter test: the function's output, or
// the error it raised.
type ConverterTestResult struct {
	// Output is the function's result as JSON text; empty on error.
	Output string `json:"output"`
	// Error is the evaluation error; empty on success.
	Error string `json:"error"`
	// OutputMsg is the output parsed by a dedicated converter, when one was given.
	OutputMsg json.RawMessage `json:"outputMsg,omitzero"`
}

// ConverterDebugInput is the input of the last message a converter processed (or the
// server's sample input for its integration type), ready to feed a converter test.
// The metadata fields are JSON texts.
type ConverterDebugInput struct {
	// InContentType is the payload's type: "JSON", "TEXT" or "BINARY" (base64).
	InContentType string `json:"inContentType,omitzero"`
	InContent     string `json:"inContent,omitzero"`
	InMetadata    string `json:"inMetadata,omitzero"`
	// InMsgType and InIntegrationMetadata are set for downlink converters.
	InMsgType             string `json:"inMsgType,omitzero"`
	InIntegrationMetadata string `json:"inIntegrationMetadata,omitzero"`
}

// ConverterDebugInputOptions are the optional parameters of
// Converters.GetLatestDebugInput. They choose the sample input the server returns
// when the converter processed no message yet.
type ConverterDebugInputOptions struct {
	ConverterType    ConverterType
	IntegrationType  IntegrationType
	IntegrationName  string
	ConverterVersion int
}

// Get returns the converter with the given id. A missing converter is an *APIError
// matching ErrNotFound.
//
//tb:operation GET /api/converter/{converterId}
func (s *ConverterService) Get(ctx context.Context, converterID string) (*Converter, error) {
	if err := checkArgsOf("Converters.Get", "converterID", converterID); err != nil {
		return nil, err
	}
	return call[Converter](ctx, s.client, http.MethodGet, pathf("/api/converter/%s", converterID), nil, nil)
}

// Save creates the converter (zero ID) or updates it, and returns it as stored.
//
//tb:operation POST /api/converter
func (s *ConverterService) Save(ctx context.Context, c *Converter) (*Converter, error) {
	if c == nil {
		return nil, errors.New("thingsboard: Converters.Save: nil converter")
	}
	if err := checkArgsOf("Converters.Save", "name", c.Name, "type", string(c.Type)); err != nil {
		return nil, err
	}
	return call[Converter](ctx, s.client, http.MethodPost, "/api/converter", nil, c)
}

// Delete deletes the converter with the given id. The server refuses to delete a
// converter that an integration uses.
//
//tb:operation DELETE /api/converter/{converterId}
func (s *ConverterService) Delete(ctx context.Context, converterID string) error {
	if err := checkArgsOf("Converters.Delete", "converterID", converterID); err != nil {
		return err
	}
	return s.client.do(ctx, http.MethodDelete, pathf("/api/converter/%s", converterID), nil, nil, nil)
}

// List returns one page of the tenant's converters; opts may be nil.
//
//tb:operation GET /api/converters
func (s *ConverterService) List(ctx context.Context, pl PageLink, opts *ConverterListOptions) (*Page[Converter], error) {
	q := pl.Values()
	if opts != nil {
		if opts.EdgeTemplate {
			q.Set("isEdgeTemplate", "true")
		}
		setIf(q, "integrationType", string(opts.IntegrationType))
	}
	return call[Page[Converter]](ctx, s.client, http.MethodGet, "/api/converters", q, nil)
}

// ListAll iterates over every converter that List returns, page after page.
//
//tb:operation GET /api/converters
func (s *ConverterService) ListAll(ctx context.Context, pl PageLink, opts *ConverterListOptions) iter.Seq2[Converter, error] {
	return All(ctx, pl, func(ctx context.Context, l PageLink) (*Page[Converter], error) {
		return s.List(ctx, l, opts)
	})
}

// ListByIDs returns the converters with the given ids; unknown ids are left out. It
// calls /api/converters/list (4.3) and, on a server that does not know that path, the
// older /api/converters?converterIds= form.
//
//tb:operation GET /api/converters/list
//tb:operation GET /api/converters
func (s *ConverterService) ListByIDs(ctx context.Context, converterIDs []string) ([]Converter, error) {
	if err := peCheckIDs("Converters.ListByIDs", "converterIDs", converterIDs); err != nil {
		return nil, err
	}
	var out []Converter
	q := url.Values{"converterIds": {strings.Join(converterIDs, ",")}}
	if err := fetchByNewOrLegacyPath(ctx, s.client, "/api/converters/list", "/api/converters", q, &out); err != nil {
		return nil, err
	}
	return out, nil
}

// TestUplink runs an uplink decoder function on a sample message. A function that
// fails is not an error of the call: its message is in the result's Error.
//
//tb:operation POST /api/converter/testUpLink
func (s *ConverterService) TestUplink(ctx context.Context, in *ConverterUplinkTest) (*ConverterTestResult, error) {
	if in == nil {
		return nil, errors.New("thingsboard: Converters.TestUplink: nil input")
	}
	if err := checkArgsOf("Converters.TestUplink", "decoder", in.Decoder); err != nil {
		return nil, err
	}
	body := *in
	if body.Payload == nil {
		body.Payload = []byte{}
	}
	if body.Metadata == nil {
		body.Metadata = map[string]string{}
	}
	return s.test(ctx, "/api/converter/testUpLink", in.ScriptLang, body)
}

// TestDownlink runs a downlink encoder function on a sample message. A function that
// fails is not an error of the call: its message is in the result's Error.
//
//tb:operation POST /api/converter/testDownLink
func (s *ConverterService) TestDownlink(ctx context.Context, in *ConverterDownlinkTest) (*ConverterTestResult, error) {
	if in == nil {
		return nil, errors.New("thingsboard: Converters.TestDownlink: nil input")
	}
	if err := checkArgsOf("Converters.TestDownlink", "encoder", in.Encoder); err != nil {
		return nil, err
	}
	body := *in
	if body.Metadata == nil {
		body.Metadata = map[string]string{}
	}
	if body.IntegrationMetadata == nil {
		body.IntegrationMetadata = map[string]string{}
	}
	return s.test(ctx, "/api/converter/testDownLink", in.ScriptLang, body)
}

func (s *ConverterService) test(ctx context.Context, path string, scriptLang ConverterScriptLang, body any) (*ConverterTestResult, error) {
	var q url.Values
	if scriptLang != "" {
		q = url.Values{"scriptLang": {string(scriptLang)}}
	}
	return call[ConverterTestResult](ctx, s.client, http.MethodPost, path, q, body)
}

// GetLatestDebugInput returns the input of the last message the converter processed
// with debugging on, or, when there is none, a sample input for the converter's
// integration type. It returns nil, nil when the server has neither (a downlink
// converter without debug events). opts may be nil.
//
//tb:operation GET /api/converter/{converterId}/debugIn
func (s *ConverterService) GetLatestDebugInput(ctx context.Context, converterID string, opts *ConverterDebugInputOptions) (*ConverterDebugInput, error) {
	if err := checkArgsOf("Converters.GetLatestDebugInput", "converterID", converterID); err != nil {
		return nil, err
	}
	q := url.Values{}
	if opts != nil {
		setIf(q, "converterType", string(opts.ConverterType))
		setIf(q, "integrationType", string(opts.IntegrationType))
		setIf(q, "integrationName", opts.IntegrationName)
		if opts.ConverterVersion != 0 {
			q.Set("converterVersion", strconv.Itoa(opts.ConverterVersion))
		}
	}
	path := pathf("/api/converter/%s/debugIn", converterID)
	var raw []byte
	if err := s.client.do(ctx, http.MethodGet, path, q, nil, &raw); err != nil {
		return nil, err
	}
	raw = bytes.TrimSpace(raw)
	if len(raw) == 0 || bytes.Equal(raw, []byte("null")) {
		return nil, nil
	}
	out := new(ConverterDebugInput)
	if err := json.Unmarshal(raw, out); err != nil {
		return nil, fmt.Errorf("thingsboard: GET %s: decoding response: %w", path, err)
	}
	return out, nil
}
