package deploy

import (
	"context"
	"time"
)

func (d *Deployer) sleep(ctx context.Context) error {
	p := d.Poll
	if p == 0 {
		p = 2 * time.Second
	}
	t := time.NewTimer(p)
	defer t.Stop()
	select {
	case <-ctx.Done():
		return ctx.Err()
	case <-t.C:
		return nil
	}
}
