package deploy

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"

	"github.com/forma-iac/forma/internal/assembly"
)

// memStore is an S3 stand-in: PutObject blocks until block is closed or
// the context ends, and stores the object only when it completes.
type memStore struct {
	mu      sync.Mutex
	objects map[string][]byte
	heads   int
	puts    int
	started chan struct{}
	block   chan struct{}
}

func (m *memStore) HeadObject(ctx context.Context, bucket, key string) (bool, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	m.heads++
	_, ok := m.objects[bucket+"/"+key]
	return ok, nil
}

func (m *memStore) PutObject(ctx context.Context, bucket, key string, body []byte, _ string) error {
	m.mu.Lock()
	m.puts++
	m.mu.Unlock()
	if m.started != nil {
		select {
		case m.started <- struct{}{}:
		default:
		}
	}
	if m.block != nil {
		select {
		case <-m.block:
		case <-ctx.Done():
			return ctx.Err()
		}
	}
	m.mu.Lock()
	defer m.mu.Unlock()
	m.objects[bucket+"/"+key] = body
	return nil
}

func assetStacks(t *testing.T, n int) []*Stack {
	t.Helper()
	root := t.TempDir()
	st := &Stack{DisplayName: "Files", Account: "111111111111", Region: "eu-west-1"}
	for i := range n {
		p := filepath.Join(root, fmt.Sprint(i))
		os.WriteFile(p, []byte(fmt.Sprint(i)), 0o644)
		st.Assets = append(st.Assets, assembly.Asset{ID: fmt.Sprint(i), DisplayName: fmt.Sprint("A", i), Kind: "file", Path: p, Packaging: "file",
			Destinations: []assembly.FileDestination{{BucketName: "cdk-hnb659fds-assets-${AWS::AccountId}-${AWS::Region}", ObjectKey: fmt.Sprint(i, ".txt")}}})
	}
	return []*Stack{st}
}

// Ctrl-C during uploads: Publish stops, says how many assets are in their
// buckets, and no interrupted upload is stored; the next run uploads them.
func TestPublishInterrupted(t *testing.T) {
	store := &memStore{objects: map[string][]byte{}, started: make(chan struct{}, 1), block: make(chan struct{})}
	var out syncBuffer
	d := &Deployer{S3: store, Out: &out}
	stacks := assetStacks(t, 5)
	ctx, cancel := context.WithCancel(context.Background())
	go func() {
		<-store.started
		cancel()
	}()
	_, err := d.Publish(ctx, stacks, PublishOptions{Parallelism: 2})
	if err == nil || !strings.Contains(err.Error(), "publishing interrupted: 0 of 5") {
		t.Fatalf("err %v", err)
	}
	if len(store.objects) != 0 {
		t.Errorf("objects stored by an interrupted publish: %v", store.objects)
	}
	close(store.block)
	res, err := d.Publish(context.Background(), stacks, PublishOptions{})
	if err != nil || res.Uploaded != 5 {
		t.Fatalf("second publish: %+v, %v", res, err)
	}
	if _, ok := store.objects["cdk-hnb659fds-assets-111111111111-eu-west-1/3.txt"]; !ok {
		t.Errorf("objects %v", store.objects)
	}
}

// 20 assets already present: 20 existence checks, no upload.
func TestPublishPresent(t *testing.T) {
	store := &memStore{objects: map[string][]byte{}}
	d := &Deployer{S3: store, Out: &syncBuffer{}}
	stacks := assetStacks(t, 20)
	if _, err := d.Publish(context.Background(), stacks, PublishOptions{}); err != nil {
		t.Fatal(err)
	}
	store.heads, store.puts = 0, 0
	res, err := d.Publish(context.Background(), stacks, PublishOptions{})
	if err != nil || res.Present != 20 || store.heads != 20 || store.puts != 0 {
		t.Errorf("%+v %v: %d HeadObject, %d PutObject; want 20 and 0", res, err, store.heads, store.puts)
	}
}

func BenchmarkPublishPresent(b *testing.B) {
	store := &memStore{objects: map[string][]byte{}}
	d := &Deployer{S3: store, Out: &syncBuffer{}}
	root := b.TempDir()
	st := &Stack{DisplayName: "Files", Account: "111111111111", Region: "eu-west-1"}
	for i := range 20 {
		p := filepath.Join(root, fmt.Sprint(i))
		os.WriteFile(p, []byte(fmt.Sprint(i)), 0o644)
		st.Assets = append(st.Assets, assembly.Asset{ID: fmt.Sprint(i), Kind: "file", Path: p, Packaging: "file",
			Destinations: []assembly.FileDestination{{BucketName: "b", ObjectKey: fmt.Sprint(i)}}})
	}
	stacks := []*Stack{st}
	d.Publish(context.Background(), stacks, PublishOptions{})
	b.ResetTimer()
	for range b.N {
		store.heads, store.puts = 0, 0
		if _, err := d.Publish(context.Background(), stacks, PublishOptions{}); err != nil {
			b.Fatal(err)
		}
		if store.heads != 20 || store.puts != 0 {
			b.Fatalf("%d HeadObject, %d PutObject; want 20 and 0", store.heads, store.puts)
		}
	}
}
