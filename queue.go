package thingsboard

import (
	"context"
	"encoding/json"
	"errors"
	"iter"
	"net/http"
	"net/url"
)

// QueueService manages rule engine queues. See Client.Queues.
type QueueService service

// ServiceType names a kind of ThingsBoard micro-service, as the queue endpoints take it.
// The server accepts both the hyphenated form of these constants and the underscored
// one (TB_RULE_ENGINE); the API documents the hyphenated form.
type ServiceType string

// Service types of the queue endpoints.
const (
	ServiceTypeRuleEngine ServiceType = "TB-RULE-ENGINE"
	ServiceTypeCore       ServiceType = "TB-CORE"
	ServiceTypeTransport  ServiceType = "TB-TRANSPORT"
	ServiceTypeJSExecutor ServiceType = "JS-EXECUTOR"
)

// SubmitStrategyType says how a queue submits the messages of one pack.
type SubmitStrategyType string

// Submit strategies.
const (
	SubmitBurst                  SubmitStrategyType = "BURST"
	SubmitBatch                  SubmitStrategyType = "BATCH"
	SubmitSequentialByOriginator SubmitStrategyType = "SEQUENTIAL_BY_ORIGINATOR"
	SubmitSequentialByTenant     SubmitStrategyType = "SEQUENTIAL_BY_TENANT"
	SubmitSequential             SubmitStrategyType = "SEQUENTIAL"
)

// SubmitStrategy is a queue's submit strategy.
type SubmitStrategy struct {
	Type SubmitStrategyType `json:"type,omitzero"`
	// BatchSize is the size of a batch for SubmitBatch.
	BatchSize int `json:"batchSize,omitzero"`
}

// ProcessingStrategyType says what a queue does with messages that failed or timed out.
type ProcessingStrategyType string

// Processing strategies.
const (
	ProcessingSkipAllFailures           ProcessingStrategyType = "SKIP_ALL_FAILURES"
	ProcessingSkipAllFailuresAndTimeout ProcessingStrategyType = "SKIP_ALL_FAILURES_AND_TIMED_OUT"
	ProcessingRetryAll                  ProcessingStrategyType = "RETRY_ALL"
	ProcessingRetryFailed               ProcessingStrategyType = "RETRY_FAILED"
	ProcessingRetryTimedOut             ProcessingStrategyType = "RETRY_TIMED_OUT"
	ProcessingRetryFailedAndTimedOut    ProcessingStrategyType = "RETRY_FAILED_AND_TIMED_OUT"
)

// ProcessingStrategy is a queue's processing strategy.
type ProcessingStrategy struct {
	Type ProcessingStrategyType `json:"type,omitzero"`
	// Retries is the number of retries; 0 retries forever.
	Retries int `json:"retries"`
	// FailurePercentage skips the pack once this share of its messages failed.
	FailurePercentage float64 `json:"failurePercentage"`
	// PauseBetweenRetries and MaxPauseBetweenRetries are in seconds.
	PauseBetweenRetries    int64 `json:"pauseBetweenRetries"`
	MaxPauseBetweenRetries int64 `json:"maxPauseBetweenRetries"`
}

// Queue is a rule engine queue.
type Queue struct {
	// ID is the queue's id; zero when creating a queue.
	ID          EntityID `json:"id,omitzero"`
	CreatedTime int64    `json:"createdTime,omitzero"`
	TenantID    EntityID `json:"tenantId,omitzero"`
	Name        string   `json:"name"`
	// Topic is the queue's topic in the message broker, by convention
	// "tb_rule_engine." followed by the name.
	Topic string `json:"topic,omitzero"`
	// PollInterval is in milliseconds.
	PollInterval         int  `json:"pollInterval"`
	Partitions           int  `json:"partitions"`
	ConsumerPerPartition bool `json:"consumerPerPartition"`
	// PackProcessingTimeout is in milliseconds.
	PackProcessingTimeout int64              `json:"packProcessingTimeout"`
	SubmitStrategy        SubmitStrategy     `json:"submitStrategy,omitzero"`
	ProcessingStrategy    ProcessingStrategy `json:"processingStrategy,omitzero"`
	// AdditionalInfo is free-form JSON ("description" and "customProperties" live there).
	AdditionalInfo json.RawMessage `json:"additionalInfo,omitzero"`
}

// Get returns the queue with the given id. A missing queue is an *APIError matching
// ErrNotFound.
//
//tb:operation GET /api/queues/{queueId}
func (s *QueueService) Get(ctx context.Context, queueID string) (*Queue, error) {
	if err := checkArgsOf("Queues.Get", "queueID", queueID); err != nil {
		return nil, err
	}
	return call[Queue](ctx, s.client, http.MethodGet, pathf("/api/queues/%s", queueID), nil, nil)
}

// GetByName returns the queue with the given name, such as "Main".
//
//tb:operation GET /api/queues/name/{queueName}
func (s *QueueService) GetByName(ctx context.Context, queueName string) (*Queue, error) {
	if err := checkArgsOf("Queues.GetByName", "queueName", queueName); err != nil {
		return nil, err
	}
	return call[Queue](ctx, s.client, http.MethodGet, pathf("/api/queues/name/%s", queueName), nil, nil)
}

// Save creates the queue (zero ID) or updates it for the given service type (queues
// are rule engine queues: ServiceTypeRuleEngine), and returns it as stored.
//
//tb:operation POST /api/queues
func (s *QueueService) Save(ctx context.Context, q *Queue, serviceType ServiceType) (*Queue, error) {
	if q == nil {
		return nil, errors.New("thingsboard: Queues.Save: nil queue")
	}
	if err := checkArgsOf("Queues.Save", "name", q.Name, "serviceType", string(serviceType)); err != nil {
		return nil, err
	}
	out := new(Queue)
	query := url.Values{"serviceType": {string(serviceType)}}
	if err := s.client.do(ctx, http.MethodPost, "/api/queues", query, q, out); err != nil {
		return nil, err
	}
	return out, nil
}

// Delete deletes the queue.
//
//tb:operation DELETE /api/queues/{queueId}
func (s *QueueService) Delete(ctx context.Context, queueID string) error {
	if err := checkArgsOf("Queues.Delete", "queueID", queueID); err != nil {
		return err
	}
	return s.client.do(ctx, http.MethodDelete, pathf("/api/queues/%s", queueID), nil, nil, nil)
}

// List returns one page of the queues of the given service type. The server sorts by
// createdTime, name or topic.
//
//tb:operation GET /api/queues
func (s *QueueService) List(ctx context.Context, serviceType ServiceType, pl PageLink) (*Page[Queue], error) {
	if err := checkArgsOf("Queues.List", "serviceType", string(serviceType)); err != nil {
		return nil, err
	}
	q := pl.Values()
	q.Set("serviceType", string(serviceType))
	return call[Page[Queue]](ctx, s.client, http.MethodGet, "/api/queues", q, nil)
}

// ListAll iterates over every queue of the given service type, starting at pl.
//
//tb:operation GET /api/queues
func (s *QueueService) ListAll(ctx context.Context, serviceType ServiceType, pl PageLink) iter.Seq2[Queue, error] {
	return All(ctx, pl, func(ctx context.Context, l PageLink) (*Page[Queue], error) {
		return s.List(ctx, serviceType, l)
	})
}
